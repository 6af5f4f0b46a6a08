// The report roll-up (issue 12, B10; decision 044). A finished period's figures change only by a
// late change, so each report statement's answer for a scope and a finished period is kept in
// report_rollups, written by the statement itself the first time it is asked for, and read instead
// of running the statement again. One definition per figure: the roll-up holds nothing but what
// the statement returned (lib/reports/*-sql.ts, lib/coverage/sql.ts), and the statement stays the
// only code that counts.
//
// Fresh figures: the triggers of migration 20261210030000_report_rollups delete the rows a late
// change can alter - the rows of the change's sites (or country, or every site) whose period ends
// on or after the earliest day it touches: a back-dated enrolment, an exit or status change, a
// changed category or date of birth (every period), an appointment, a tracing outcome, a viral-load
// result, an infant, a task or a call on an old day (a first call after an old missed appointment).
// The next read computes that period from the tables again and keeps it.
//
// Race: a claim (the row with figures NULL) is inserted under the exclusive advisory lock
// ROLLUP_LOCK, which the triggers take shared, and committed before the statement runs. A change
// therefore either committed before the claim - the statement, started later, counts it - or runs
// its trigger after the claim and deletes it, and the figures are then not kept. With a replica the
// statement runs there only once the claim has reached it.
//
// Not kept: a period that may still be running somewhere (ending on or after the day before
// yesterday, UTC: the earliest site-local day is at most one day behind UTC), a Mentor Mother's
// scope, and anything while the lock stays busy for a second - those are computed live as before.
import type { Actor } from "@/lib/authz";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addDaysIso } from "@/lib/calls/calendar";
import { isoDate } from "@/lib/dates";

/** The advisory lock key the triggers (migration 20261210030000_report_rollups) take shared. */
export const REPORT_ROLLUP_LOCK = 20261210;

/** The statements whose answers are kept; the triggers name the ones each table can alter. */
export type RollupKind = "enrolment" | "calls" | "callClients" | "outcomes" | "programme";

/** A claim older than this (its writer died) is taken over. */
const STALE_CLAIM = "10 minutes";

type Scope = { who: string; siteIds: string[] | null; countryId: string | null };

/** Whose figures: the same key for every user with the same row scope. null: not kept. */
export function rollupScope(actor: Actor, f: { countryId: string | null; siteId: string | null }): Scope | null {
  let who: string;
  let siteIds: string[] | null = null;
  let countryId = f.countryId;
  switch (actor.role) {
    case "ADMIN":
      who = "all";
      break;
    case "PROGRAMME_MANAGER":
      who = actor.countryId ? `country:${actor.countryId}` : "all";
      countryId ??= actor.countryId;
      break;
    case "SUPERVISOR":
    case "DATA_CLERK":
      siteIds = [...actor.siteIds].sort();
      who = `sites:${siteIds.join(",")}`;
      break;
    default:
      return null;
  }
  // The figures read only clients of these sites (or this country): a change elsewhere cannot
  // alter them.
  if (f.siteId) siteIds = [f.siteId];
  return { who, siteIds, countryId };
}

/** A period whose last day is over at every site (UTC day before yesterday or earlier). */
export function periodFinished(to: string, now: Date): boolean {
  return to <= addDaysIso(isoDate(now), -2);
}

type Writer = Pick<PrismaClient, "$queryRaw" | "$executeRaw" | "$transaction">;

/** Rows are written on the primary: `db` itself, unless it is the replica lib/db.ts set up. */
function writerOf(db: object): Writer {
  const g = globalThis as unknown as { prisma?: PrismaClient; prismaRead?: PrismaClient };
  return (g.prismaRead === db && g.prisma ? g.prisma : db) as Writer;
}

/**
 * The answer of `compute` (a report statement) for `query` over the actor's scope, from the
 * roll-up when it holds it, else computed - and kept when the period is finished. `periodTo` is the
 * last day the statement reads (the later period's end when it computes two).
 */
export async function rolledUp<T>(
  db: object,
  kind: RollupKind,
  actor: Actor,
  query: { countryId: string | null; siteId: string | null } & Record<string, unknown>,
  periodTo: string,
  compute: () => Promise<T>,
  now: Date = new Date(),
): Promise<T> {
  const scope = rollupScope(actor, query);
  if (!scope || !periodFinished(periodTo, now)) return compute();
  const w = writerOf(db);
  const key = JSON.stringify({ who: scope.who, query });
  const [hit] = await w.$queryRaw<{ figures: T }[]>`
    SELECT figures FROM report_rollups WHERE kind = ${kind} AND key = ${key} AND figures IS NOT NULL`;
  if (hit) return hit.figures;

  const claim = await w.$transaction(async (tx) => {
    // Claims wait for each other and for the writers in flight (short transactions), but not for
    // long: a long import holding the shared lock leaves the page computed live.
    await tx.$executeRaw`SET LOCAL lock_timeout = '1s'`;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${REPORT_ROLLUP_LOCK}::bigint)`;
    const [row] = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO report_rollups (kind, key, period_to, site_ids, country_id)
      VALUES (${kind}, ${key}, ${periodTo}::date, ${scope.siteIds}::uuid[], ${scope.countryId}::uuid)
      ON CONFLICT (kind, key) DO UPDATE SET created_at = now()
        WHERE report_rollups.figures IS NULL AND report_rollups.created_at < now() - ${STALE_CLAIM}::interval
      RETURNING id`;
    return row?.id ?? null;
  }).catch(() => null);
  if (claim === null) return compute();
  if (w !== db) {
    const seen = await (db as Writer).$queryRaw<unknown[]>`SELECT 1 FROM report_rollups WHERE id = ${claim}`;
    if (seen.length === 0) {
      await w.$executeRaw`DELETE FROM report_rollups WHERE id = ${claim} AND figures IS NULL`;
      return compute();
    }
  }
  const figures = await compute();
  await w.$executeRaw`UPDATE report_rollups SET figures = ${JSON.stringify(figures)}::jsonb WHERE id = ${claim} AND figures IS NULL`;
  return figures;
}
