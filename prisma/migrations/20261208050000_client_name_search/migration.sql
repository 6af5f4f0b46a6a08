-- Client search at programme scale (issue 14, B9): a name search is a trigram match on the
-- client's name with accents, case and punctuation dropped (as the duplicate check compares
-- names, lib/clients/duplicates.ts normaliseName), each word on its own so word order does not
-- matter (lib/clients/search.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE (its dictionary could change), so it cannot be stored or indexed: this
-- wrapper names the dictionary and is declared IMMUTABLE, the usual way to index it.
CREATE OR REPLACE FUNCTION client_search_name(first_name text, last_name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN trim(regexp_replace(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, first_name || ' ' || last_name)), '[''’`]', '', 'g'), '[^[:alnum:]]+', ' ', 'g'));

-- Stored, so that a search compares stored text (the index recheck of thousands of rows would
-- otherwise run unaccent on each). Kept by PostgreSQL itself: not in the Prisma schema, never written.
ALTER TABLE clients ADD COLUMN search_name text GENERATED ALWAYS AS (client_search_name(first_name, last_name)) STORED;

CREATE INDEX clients_search_name_trgm_idx ON clients USING gin (search_name gin_trgm_ops);
