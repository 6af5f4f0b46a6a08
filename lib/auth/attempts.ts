// The sign-in budget (security.md: limits are atomic and per account across its aliases). One
// attempt is recorded as a failure BEFORE the password is checked, then the failures of the last
// hour are counted: each concurrent guess sees every guess committed before its count, so the k-th
// to land sees at least k-1 others and at most `limit` guesses are ever checked (no lock, no
// connection held while waiting). A correct password then turns its row into a success. The
// username and the phone number of one account share one budget: attempts are keyed by the
// account (`user:<id>`), not by what was typed.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/action";
import { RATE_WINDOW_MS, signInAllowed, type Limits } from "@/lib/auth/rate-limit";

/** The budget key of an account: its id when the account exists, else the name typed (so guesses
 * at unknown names are limited too, without telling which names exist). */
export function accountKey(user: { id: string } | null, typed: string): string {
  return user ? `user:${user.id}` : typed.slice(0, 64);
}

/** What login_attempts stores when no trusted client address is known (TRUST_PROXY off). */
export const UNKNOWN_ADDRESS = "unknown";

export type Reservation = { allowed: boolean; attemptId: bigint; failures: { account: number; address: number } };

function countFailures(db: Tx, key: string, ip: string | null, since: Date, except: bigint) {
  return Promise.all([
    db.loginAttempt.count({ where: { username: key, success: false, at: { gte: since }, id: { not: except } } }),
    // Without a trusted address there is no per-address budget (one shared "unknown" would let
    // anyone lock everyone out): the operator's proxy with TRUST_PROXY gives it (docs/security.md).
    ip ? db.loginAttempt.count({ where: { ip, success: false, at: { gte: since }, id: { not: except } } }) : Promise.resolve(0),
  ]);
}

async function reserve(db: Tx, key: string, ip: string | null, limits: Limits, now: Date): Promise<Reservation> {
  const since = new Date(now.getTime() - RATE_WINDOW_MS);
  const row = await db.loginAttempt.create({ data: { username: key, ip: ip ?? UNKNOWN_ADDRESS, success: false, at: now }, select: { id: true } });
  const [account, address] = await countFailures(db, key, ip, since, row.id);
  return { allowed: signInAllowed({ account, address }, limits), attemptId: row.id, failures: { account, address } };
}

/** Sign-in: the row is committed before the count (each statement on its own). */
export function reserveAttempt(db: PrismaClient, key: string, ip: string | null, limits: Limits, now: Date): Promise<Reservation> {
  return reserve(db, key, ip, limits, now);
}

/** Inside a command's transaction (its row is not seen by others until it commits): the account's
 * checks queue on a lock instead, held to the end of the transaction. */
export async function reserveAttemptIn(tx: Tx, key: string, ip: string | null, limits: Limits, now: Date): Promise<Reservation> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(1, hashtext(${key}))`;
  return reserve(tx, key, ip, limits, now);
}

/** The reserved attempt succeeded: it no longer counts against the budget. */
export async function attemptSucceeded(tx: Tx, attemptId: bigint): Promise<void> {
  await tx.loginAttempt.update({ where: { id: attemptId }, data: { success: true } });
}
