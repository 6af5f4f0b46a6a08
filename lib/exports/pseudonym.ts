// The stable pseudonymous id of a client in de-identified files: a keyed hash (HMAC-SHA-256) of
// her database id, so the same client has the same id in every file, and nobody without the key
// can go back to the client or test a guess (a plain hash of a reference could be recomputed from
// the register). The files compute it in PostgreSQL (pseudonymSql, pgcrypto's hmac(): the CSV
// streams from COPY without Node touching a row); pseudonymousId is the same function in Node, and
// tests/integration/exports-copy.test.ts holds the two to the same value.
//
// The key reaches PostgreSQL only as a bind parameter of `set_config(PSEUDONYM_KEY_SETTING, $1,
// true)` inside the export's own transaction (lib/exports/cursor.ts exportTransaction), never in a
// statement's text: statement texts are what PostgreSQL writes to its log on an error
// (log_min_error_statement), keeps in pg_stat_statements and shows in pg_stat_activity. The setting
// is local to the transaction and ends with it. Decision 045 (and docs/reports.md for the one
// server setting that would still log it).
import { createHmac } from "node:crypto";

export function pseudonymKey(env: { EXPORT_PSEUDONYM_KEY?: string; NEXTAUTH_SECRET: string }): string {
  return env.EXPORT_PSEUDONYM_KEY ?? createHmac("sha256", env.NEXTAUTH_SECRET).update("export-pseudonym-key").digest("hex");
}

/** "P-" and 16 hex digits (64 bits: no collision in a register of millions). */
export function pseudonymousId(key: string, clientId: string): string {
  return `P-${createHmac("sha256", key).update(clientId).digest("hex").slice(0, 16)}`;
}

/** The transaction-local setting that carries the key to pseudonymSql. */
export const PSEUDONYM_KEY_SETTING = "eservices.export_pseudonym_key";

/** The settings an export's transaction needs for pseudonymSql. */
export function pseudonymSettings(key: string): Record<string, string> {
  if (!key) throw new Error("pseudonym key missing");
  return { [PSEUDONYM_KEY_SETTING]: key };
}

/** pseudonymousId as a SQL expression over the text expression `idExpr` (pgcrypto's hmac, the key
 * from the transaction's setting; without it the id is NULL, never a hash with an empty key). */
export function pseudonymSql(idExpr: string): string {
  return `('P-' || left(encode(hmac(${idExpr}, nullif(current_setting('${PSEUDONYM_KEY_SETTING}', true), ''), 'sha256'), 'hex'), 16))`;
}
