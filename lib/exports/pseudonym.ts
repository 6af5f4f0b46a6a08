// The stable pseudonymous id of a client in de-identified files: a keyed hash (HMAC-SHA-256) of
// her database id, so the same client has the same id in every file, and nobody without the key
// can go back to the client or test a guess (a plain hash of a reference could be recomputed from
// the register). Pure apart from node:crypto.
import { createHmac } from "node:crypto";

export function pseudonymKey(env: { EXPORT_PSEUDONYM_KEY?: string; NEXTAUTH_SECRET: string }): string {
  return env.EXPORT_PSEUDONYM_KEY ?? createHmac("sha256", env.NEXTAUTH_SECRET).update("export-pseudonym-key").digest("hex");
}

/** "P-" and 16 hex digits (64 bits: no collision in a register of millions). */
export function pseudonymousId(key: string, clientId: string): string {
  return `P-${createHmac("sha256", key).update(clientId).digest("hex").slice(0, 16)}`;
}
