// The scheduled side of the daily call lists (pg-boss queue "call-lists", scripts/worker.ts): every
// 15 minutes, each active site whose local time is past 00:15 and whose list for its local today
// has not been generated yet gets it - so "shortly after midnight in the site's time zone", one
// site group after the other as midnight moves west. A site missed by the 00:15 tick (worker down,
// database restarting) is caught up by the next tick; a Mentor Mother opening her queue before
// then has it generated on the spot (lib/calls/commands.ts ensureTodayGenerated).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit } from "@/lib/audit";
import { dateOnly } from "@/lib/dates";
import { siteClock } from "@/lib/site-clock";
import { generateDay, type SiteRun } from "@/lib/calls/generate";
import { runAudit } from "@/lib/calls/commands";
import { metrics } from "@/lib/metrics";

export const CALL_LISTS_QUEUE = "call-lists";
// The tick runs every 15 minutes (CALL_LISTS_CRON in lib/env.ts, UTC; the sites' own midnights
// are worked out per site).
/** Minutes after local midnight before a site's day is generated: late appointments and visits of
 * the evening before are in by then. */
export const GENERATE_AFTER_MINUTES = 15;

export type ScheduledResult = { sites: SiteRun[] };

/** One tick of the schedule. `siteIds` narrows the sites considered (tests). */
export async function runScheduledCallLists(db: PrismaClient, now: Date, opts: { siteIds?: string[] } = {}): Promise<ScheduledResult> {
  const sites = await db.site.findMany({
    where: { active: true, ...(opts.siteIds ? { id: { in: opts.siteIds } } : {}) },
    select: { id: true, timeZone: true },
  });
  const due = sites
    .map((s) => ({ siteId: s.id, ...siteClock(s.timeZone, now) }))
    .filter((s) => s.minute >= GENERATE_AFTER_MINUTES);
  if (due.length === 0) return { sites: [] };
  const done = await db.callListRun.findMany({
    where: { OR: due.map((s) => ({ siteId: s.siteId, day: dateOnly(s.day) })) },
    select: { siteId: true },
  });
  const doneIds = new Set(done.map((d) => d.siteId));
  const todo = due.filter((s) => !doneIds.has(s.siteId));

  const out: SiteRun[] = [];
  for (const day of [...new Set(todo.map((s) => s.day))].sort()) {
    const started = performance.now();
    const result = await generateDay(db, { day, siteIds: todo.filter((s) => s.day === day).map((s) => s.siteId), onlyMissing: true, trigger: "schedule" });
    const fresh = result.sites.filter((r) => !r.skipped);
    // The sites of one day are generated together (set-based): each is credited the run's time.
    const seconds = (performance.now() - started) / 1000;
    metrics().callListRun.observe({ trigger: "schedule" }, seconds);
    metrics().callListSites.inc({ trigger: "schedule" }, fresh.length);
    for (const r of fresh) metrics().callListSite.set({ site: r.siteId }, seconds);
    if (fresh.length) await writeAudit(db, { actorId: null }, runAudit(fresh, "schedule"));
    out.push(...fresh);
  }
  return { sites: out };
}
