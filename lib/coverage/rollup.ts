// The coverage roll-up (issue 11, B5): finished days' Mentor Mother x day figures, kept in
// coverage_days so the coverage statement (lib/coverage/sql.ts) reads one row per Mentor Mother and
// day instead of her tasks and calls. The rows are the statement's own (rollupRowsSql: the same
// statement computing every day), so the definitions stay in one place. The triggers of call_tasks
// and call_attempts delete the rows of a day a late change touches (a correction, a call on an old
// task, a task moved or re-statused after its day); the statement then counts that day from the
// tasks and calls until the next finalisation writes it again ("re-finalised").
//
// Finalisation holds the exclusive advisory lock ROLLUP_LOCK while it writes; the triggers take it
// shared. A change therefore either commits before the finalisation reads (and is counted), or
// waits and then deletes the row it touches: a row never keeps a figure a committed change made
// wrong.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/action";
import { localDay } from "@/lib/site-clock";
import { addDaysIso } from "@/lib/calls/calendar";
import { COVERAGE_SETTINGS, ROLLUP_COLUMNS, rollupRowsSql, type SiteRange } from "@/lib/coverage/sql";

/** The advisory lock key the triggers (migration 20261209021000_coverage_days) take shared. */
export const ROLLUP_LOCK = 20261209;

/** Days the scheduled finalisation looks back (a late change to an older day is counted live). */
export const FINALISE_DAYS = 7;

/**
 * Writes the missing roll-up rows of these sites' periods (only days before the site's today
 * should be asked for: a day still running would be frozen too early - though a later call on it
 * would delete its row again). Days already finalised are kept. Returns the rows written.
 */
export async function finaliseCoverage(tx: Pick<Tx, "$executeRaw" | "$executeRawUnsafe">, sites: readonly SiteRange[]): Promise<number> {
  if (sites.length === 0) return 0;
  await tx.$executeRawUnsafe(COVERAGE_SETTINGS);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK}::bigint)`;
  return tx.$executeRaw(finaliseSql(sites));
}

/** The INSERT of the missing rows (exported for the benchmark, which runs it on its own pool: in a
 * transaction, after COVERAGE_SETTINGS and the exclusive ROLLUP_LOCK, as finaliseCoverage does). */
export function finaliseSql(sites: readonly SiteRange[]): Prisma.Sql {
  const cols = Prisma.raw(ROLLUP_COLUMNS.join(", "));
  return Prisma.sql`
    INSERT INTO coverage_days (${cols})
    SELECT ${cols} FROM (${rollupRowsSql(sites)}) AS r
    WHERE NOT EXISTS (SELECT 1 FROM coverage_days d WHERE d.mentor_id = r.mentor_id AND d.day = r.day)
    ON CONFLICT (mentor_id, day) DO NOTHING`;
}

/** The scheduled finalisation (scripts/worker.ts, with the call lists): every active site's last
 * FINALISE_DAYS finished days, in one transaction. */
export async function runScheduledFinalisation(db: PrismaClient, now: Date, opts: { siteIds?: string[]; days?: number } = {}): Promise<number> {
  const sites = await db.site.findMany({ where: { active: true, ...(opts.siteIds ? { id: { in: opts.siteIds } } : {}) }, select: { id: true, timeZone: true } });
  const days = opts.days ?? FINALISE_DAYS;
  const ranges = sites.map((s) => {
    const today = localDay(s.timeZone, now);
    return { siteId: s.id, from: addDaysIso(today, -days), to: addDaysIso(today, -1) };
  });
  return db.$transaction((tx) => finaliseCoverage(tx, ranges), { timeout: 10 * 60_000 });
}
