-- pgcrypto for hmac(): the de-identified line list computes its pseudonymous ids in PostgreSQL
-- (lib/exports/pseudonym.ts pseudonymSql) so the CSV streams from COPY. A trusted extension since
-- PostgreSQL 13 (the database owner may create it), shipped with PostgreSQL 15 and with the
-- embedded PostgreSQL of `npm run demo`. Decision 045.
CREATE EXTENSION IF NOT EXISTS pgcrypto
