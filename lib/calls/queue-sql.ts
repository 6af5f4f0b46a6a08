// The safe-to-call rule in SQL, for the queue read (lib/calls/queue.ts) and the "next call" claim
// (lib/calls/claim.ts). The same rule as inSafeWindow in lib/calls/queue-rules.ts, which the unit
// tests pin down; tests/integration/calls-queue.test.ts checks the two agree.
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * SQL twin of inSafeWindow: phone row `p` may be called at `minute`
 * after local midnight. Missing bounds = any time; from > to wraps midnight; [from, to).
 */
export function safeNowSql(minute: number | Prisma.Sql): Prisma.Sql {
  // A number is a parameter; an SQL expression (the site's local minute, computed in the same
  // statement) is used as it is.
  const m = typeof minute === "number" ? Prisma.sql`${minute}::int` : minute;
  return Prisma.sql`(p.safe_from_minute IS NULL OR p.safe_to_minute IS NULL
    OR (p.safe_from_minute <= p.safe_to_minute AND ${m} >= p.safe_from_minute AND ${m} < p.safe_to_minute)
    OR (p.safe_from_minute > p.safe_to_minute AND (${m} >= p.safe_from_minute OR ${m} < p.safe_to_minute)))`;
}

/** Tasks with a working phone that may be called at `minute` (for the "next call" claim). */
export function hasSafePhoneNowSql(minute: number): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM client_phones p WHERE p.client_id = t.client_id AND p.status = 'OK' AND ${safeNowSql(minute)})`;
}
