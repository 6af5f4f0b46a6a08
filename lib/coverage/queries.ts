// The coverage pages' reads (/supervision/coverage, the supervisor's home, the route the page
// refreshes from): the sites in the actor's scope and their periods, then the one coverage
// statement (lib/coverage/sql.ts) for the period and the period before, plus the per-Mentor-Mother
// facts beside the figures (clients not reached, last call today, capacity). Scope: a supervisor
// her sites, a programme manager her country (or the programme), an administrator all; a Mentor
// Mother nothing (404). Programme managers get figures and staff names only: nothing here returns a
// client's name; the Mentor Mother's day (mentorDay) leaves client names out for them.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, can, siteScope, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";
import { localDay } from "@/lib/site-clock";
import { addDaysIso } from "@/lib/calls/calendar";
import { readCountrySettings } from "@/lib/settings/schemas";
import { clientScopeSql } from "@/lib/scope-sql";
import {
  belowGoal, capacityUsed, compareWorstFirst, daysOf, effectiveCalls, emptyFigures, noCallYet, periodRange, previousPeriod,
  reachRate, type CoverageFigures, type DayRange,
} from "@/lib/coverage/definitions";
import { COVERAGE_SETTINGS, EFFECTIVE_FIX_SQL, NOT_REACHED_SQL, runCoverage, type CoverageLevel, type CoverageQuery, type SiteRange } from "@/lib/coverage/sql";
import type { CoverageQueryInput } from "@/lib/coverage/schemas";
import type { Disposition } from "@/lib/calls/state-machine";
import { backCheckShares } from "@/lib/back-checks/queries";
import { addShares, emptyShare, type BackCheckShare } from "@/lib/back-checks/rules";
import type { TaskStatus } from "@/lib/calls/task-status";

type Db = Pick<PrismaClient, "site" | "user" | "$queryRaw" | "callTask" | "client" | "$transaction">;

export type ScopeSite = {
  id: string;
  name: string;
  code: string;
  timeZone: string;
  countryId: string;
  countryName: string;
  goalPercent: number;
  notReachedDays: number;
};

/** The sites in the actor's scope (optionally one country or one site of it). */
export async function coverageSites(db: Db, actor: Actor, filter: { country?: string; site?: string } = {}): Promise<ScopeSite[]> {
  assertCan(actor, "coverage.view");
  const rows = await db.site.findMany({
    where: {
      AND: [siteScope(actor), filter.country ? { countryId: filter.country } : {}, filter.site ? { id: filter.site } : {}],
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, code: true, timeZone: true, countryId: true, country: { select: { name: true, settings: true } } },
  });
  return rows.map((s) => {
    const settings = readCountrySettings(s.country.settings);
    return {
      id: s.id, name: s.name, code: s.code, timeZone: s.timeZone, countryId: s.countryId, countryName: s.country.name,
      goalPercent: settings.coverageGoalPercent, notReachedDays: settings.notReachedDays,
    };
  });
}

export type RowLevel = "country" | "site" | "mentor";

export type CoverageRowView = {
  id: string;
  name: string;
  level: RowLevel;
  /** Parent names shown beside (site of a Mentor Mother, country of a site) */
  parent: string | null;
  figures: CoverageFigures;
  previous: CoverageFigures;
  rate: number | null;
  previousRate: number | null;
  belowGoal: boolean;
  goalPercent: number;
  notReached: number;
  /** Mentor Mothers only */
  capacityUsed: number | null;
  lastCallToday: string | null;
  noCallYet: boolean;
  active: boolean;
  /** Back-checks of the period's calls by result (lib/back-checks): figures only. */
  backChecks: BackCheckShare;
};

export type CoverageReport = {
  level: RowLevel;
  period: CoverageQueryInput["period"];
  range: DayRange;
  previousRange: DayRange;
  rows: CoverageRowView[];
  total: CoverageFigures;
  previousTotal: CoverageFigures;
  days: { day: string; figures: CoverageFigures }[];
  goalPercent: number;
  /** Where the programme manager stands (names of the country / site drilled into). */
  country: { id: string; name: string } | null;
  site: { id: string; name: string } | null;
  sites: ScopeSite[];
  generatedAt: string;
};

/** Which rows a page shows: a supervisor her Mentor Mothers; others drill from countries to sites to
 * Mentor Mothers (a country manager starts at her country's sites). */
export function rowLevel(actor: Actor, q: Pick<CoverageQueryInput, "country" | "site">): RowLevel {
  if (actor.role === "SUPERVISOR" || q.site) return "mentor";
  if (q.country || actor.countryId) return "site";
  return "country";
}

const LEVEL_OF: Record<RowLevel, CoverageLevel> = { country: "country", site: "site", mentor: "mentor" };

function rangesFor(sites: readonly ScopeSite[], q: CoverageQueryInput, now: Date) {
  const range = q.period === "range" && q.from && q.to ? { from: q.from, to: q.to } : undefined;
  return sites.map((s) => {
    const r = periodRange(q.period, localDay(s.timeZone, now), range);
    return { site: s, current: { siteId: s.id, ...r } as SiteRange, previous: { siteId: s.id, ...previousPeriod(r) } as SiteRange };
  });
}

/** The coverage of the actor's scope for a period, worst first. */
export async function coverageReport(db: Db, actor: Actor, q: CoverageQueryInput, now: Date): Promise<CoverageReport> {
  assertCan(actor, "coverage.view");
  const sites = await coverageSites(db, actor, { country: q.country, site: q.site });
  if ((q.country || q.site) && sites.length === 0) throw notFound();
  const level = rowLevel(actor, q);
  const ranges = rangesFor(sites, q, now);
  const key = LEVEL_OF[level];
  const [cur, prev] = await Promise.all([
    coverage(db, { sites: ranges.map((r) => r.current), levels: level === "mentor" ? [key, "mentorDay", "day", "total"] : [key, "day", "total"] }),
    coverage(db, { sites: ranges.map((r) => r.previous), levels: [key, "total"] }),
  ]);
  const idOf = (r: { mentorId: string | null; siteId: string | null; countryId: string | null }) =>
    (level === "mentor" ? r.mentorId : level === "site" ? r.siteId : r.countryId) ?? "";
  const curBy = new Map(cur.filter((r) => r.level === key).map((r) => [idOf(r), r.figures]));
  const prevBy = new Map(prev.filter((r) => r.level === key).map((r) => [idOf(r), r.figures]));
  const daysWithTasks = new Map<string, number>();
  for (const r of cur) if (r.level === "mentorDay" && r.figures.due > 0) daysWithTasks.set(r.mentorId!, (daysWithTasks.get(r.mentorId!) ?? 0) + 1);

  const siteById = new Map(sites.map((s) => [s.id, s]));
  const goalOf = (siteIds: string[]) => Math.max(...siteIds.map((id) => siteById.get(id)?.goalPercent ?? 80), 0) || 80;
  const [notReached, shares, siteMentors] = await Promise.all([
    notReachedCounts(db, sites, now),
    backCheckShares(db, ranges.map((r) => r.current)),
    level === "mentor" ? Promise.resolve([]) : mentorsOf(db, sites.map((s) => s.id)),
  ]);
  // Per site, for the site and country rows: the sum of its Mentor Mothers' back-checks.
  const sharesBySite = new Map<string, BackCheckShare>();
  for (const m of siteMentors) sharesBySite.set(m.siteId, addShares(sharesBySite.get(m.siteId) ?? emptyShare(), shares.get(m.id) ?? emptyShare()));

  type Base = { id: string; name: string; parent: string | null; siteIds: string[]; capacity?: number; active: boolean };
  let bases: Base[];
  if (level === "mentor") {
    const mentors = await mentorsOf(db, sites.map((s) => s.id));
    bases = mentors.map((m) => ({ id: m.id, name: m.name, parent: siteById.get(m.siteId)?.name ?? null, siteIds: [m.siteId], capacity: m.dailyCapacity, active: m.active }));
  } else if (level === "site") {
    bases = sites.map((s) => ({ id: s.id, name: s.name, parent: s.countryName, siteIds: [s.id], active: true }));
  } else {
    const byCountry = new Map<string, Base>();
    for (const s of sites) {
      const b = byCountry.get(s.countryId) ?? { id: s.countryId, name: s.countryName, parent: null, siteIds: [], active: true };
      b.siteIds.push(s.id);
      byCountry.set(s.countryId, b);
    }
    bases = [...byCountry.values()];
  }
  const calls = level === "mentor"
    ? await lastCallsToday(db, bases.map((b) => ({ id: b.id, timeZone: siteById.get(b.siteIds[0]!)!.timeZone })), now)
    : { last: new Map<string, Date>(), withList: new Set<string>() };

  const rows: CoverageRowView[] = bases.map((b) => {
    const figures = curBy.get(b.id) ?? emptyFigures();
    const previous = prevBy.get(b.id) ?? emptyFigures();
    const goalPercent = goalOf(b.siteIds);
    const tz = siteById.get(b.siteIds[0]!)!.timeZone;
    const last = calls.last.get(b.id) ?? null;
    const count = level === "mentor" ? notReached.byMentor.get(b.id) ?? 0 : b.siteIds.reduce((n, id) => n + (notReached.bySite.get(id) ?? 0), 0);
    return {
      id: b.id, name: b.name, level, parent: b.parent, figures, previous,
      rate: reachRate(figures), previousRate: reachRate(previous), belowGoal: belowGoal(figures, goalPercent), goalPercent,
      notReached: count,
      capacityUsed: b.capacity !== undefined ? capacityUsed(figures.due, b.capacity, daysWithTasks.get(b.id) ?? 0) : null,
      lastCallToday: last && localDay(tz, last) === localDay(tz, now) ? last.toISOString() : null,
      noCallYet: level === "mentor" && b.active && calls.withList.has(b.id) && noCallYet(last, now, tz),
      active: b.active,
      backChecks: level === "mentor"
        ? shares.get(b.id) ?? emptyShare()
        : b.siteIds.reduce((acc, id) => addShares(acc, sharesBySite.get(id) ?? emptyShare()), emptyShare()),
    };
  });
  rows.sort((a, b) => compareWorstFirst(a, b));

  const total = cur.find((r) => r.level === "total")?.figures ?? emptyFigures();
  const previousTotal = prev.find((r) => r.level === "total")?.figures ?? emptyFigures();
  const dayFigures = new Map(cur.filter((r) => r.level === "day").map((r) => [r.day!, r.figures]));
  const first = ranges[0];
  const range = first ? { from: first.current.from, to: first.current.to } : periodRange(q.period, localDay("UTC", now), q.from && q.to ? { from: q.from, to: q.to } : undefined);
  const allDays = new Set<string>();
  for (const r of ranges) for (const d of daysOf(r.current)) allDays.add(d);
  const days = [...allDays].sort().map((day) => ({ day, figures: dayFigures.get(day) ?? emptyFigures() }));
  const country = q.country ? { id: q.country, name: sites[0]?.countryName ?? "" } : null;
  const site = q.site ? { id: q.site, name: sites[0]?.name ?? "" } : null;
  return {
    level, period: q.period, range, previousRange: previousPeriod(range), rows, total, previousTotal, days,
    goalPercent: goalOf(sites.map((s) => s.id)), country, site, sites, generatedAt: now.toISOString(),
  };
}

/** The coverage statement in its own read transaction, with its session settings (COVERAGE_SETTINGS). */
function coverage(db: Db, q: CoverageQuery) {
  return db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(COVERAGE_SETTINGS);
    return runCoverage(tx, q);
  });
}

type MentorRow = { id: string; name: string; siteId: string; dailyCapacity: number; active: boolean };

/** The Mentor Mothers of these sites, once each under the first of her sites by id (as the
 * statement counts her). */
async function mentorsOf(db: Db, siteIds: string[]): Promise<MentorRow[]> {
  if (siteIds.length === 0) return [];
  return db.$queryRaw<MentorRow[]>`
    SELECT DISTINCT ON (u.id) u.id::text AS id, u.name, us.site_id::text AS "siteId", coalesce(mp.daily_capacity, 0)::int AS "dailyCapacity", u.active
    FROM user_sites us
    JOIN users u ON u.id = us.user_id AND u.role = 'MENTOR_MOTHER'
    LEFT JOIN mentor_profiles mp ON mp.user_id = u.id
    WHERE us.site_id = ANY(${siteIds}::uuid[])
    ORDER BY u.id, us.site_id`;
}

/** "Not reached in N days" (definitions.ts notReachedFor) per Mentor Mother and per site, each site
 * with its own N and its own today. */
async function notReachedCounts(db: Db, sites: readonly ScopeSite[], now: Date) {
  const byMentor = new Map<string, number>();
  const bySite = new Map<string, number>();
  if (sites.length === 0) return { byMentor, bySite };
  const rows = await db.$queryRaw<{ mentor_id: string; site_id: string; n: number }[]>`
    SELECT c.mentor_id::text, c.site_id::text, count(*)::int AS n
    FROM unnest(${sites.map((s) => s.id)}::uuid[], ${sites.map((s) => addDaysIso(localDay(s.timeZone, now), -s.notReachedDays))}::date[],
                ${sites.map((s) => s.timeZone)}::text[]) AS x(site_id, since, tz)
    JOIN clients c ON c.site_id = x.site_id AND c.status = 'ACTIVE' AND c.mentor_id IS NOT NULL
    WHERE ${NOT_REACHED_SQL("c", Prisma.sql`x.since`, Prisma.sql`x.tz`)}
    GROUP BY c.mentor_id, c.site_id`;
  for (const r of rows) {
    byMentor.set(r.mentor_id, (byMentor.get(r.mentor_id) ?? 0) + r.n);
    bySite.set(r.site_id, (bySite.get(r.site_id) ?? 0) + r.n);
  }
  return { byMentor, bySite };
}

/** Each Mentor Mother's last call of the last 36 hours, and whether she has a list today: "no call
 * yet" is only said of one who has work waiting. */
async function lastCallsToday(db: Db, mentors: { id: string; timeZone: string }[], now: Date) {
  const out = { last: new Map<string, Date>(), withList: new Set<string>() };
  if (mentors.length === 0) return out;
  const ids = mentors.map((m) => m.id);
  const todays = mentors.map((m) => localDay(m.timeZone, now));
  const [calls, lists] = await Promise.all([
    db.$queryRaw<{ mentor_id: string; last: Date }[]>`
      SELECT a.mentor_id::text, max(a.created_at) AS last FROM call_attempts a
      WHERE a.mentor_id = ANY(${ids}::uuid[]) AND a.corrects_id IS NULL AND a.created_at >= ${new Date(now.getTime() - 36 * 3600_000)} AND a.created_at <= ${now}
      GROUP BY a.mentor_id`,
    db.$queryRaw<{ mentor_id: string }[]>`
      SELECT DISTINCT t.mentor_id::text FROM unnest(${ids}::uuid[], ${todays}::date[]) AS x(m, d)
      JOIN call_tasks t ON t.mentor_id = x.m AND t.task_date = x.d`,
  ]);
  for (const c of calls) out.last.set(c.mentor_id, c.last);
  for (const l of lists) out.withList.add(l.mentor_id);
  return out;
}

// ------------------------------------------------------------------------------------------------
// One Mentor Mother's day.

export type MentorDayTask = {
  id: string;
  status: TaskStatus;
  reasons: string[];
  attempts: number;
  /** Null for programme managers (figures only) and for a client now outside the actor's scope. */
  client: { id: string; firstName: string; ref: string } | null;
  calls: { id: string; at: string; disposition: Disposition; corrected: boolean; byOther: boolean }[];
};

export type MentorDay = {
  mentor: { id: string; name: string; siteId: string; siteName: string; timeZone: string };
  day: string;
  today: string;
  tasks: MentorDayTask[];
  showClients: boolean;
};

/** Her tasks of `day` (her site's local day; default today) with their calls. 404 when she is not a
 * Mentor Mother of a site in the actor's scope. */
export async function mentorDay(db: Db, actor: Actor, mentorId: string, day: string | undefined, now: Date): Promise<MentorDay> {
  assertCan(actor, "coverage.view");
  const sites = await coverageSites(db, actor);
  const mentors = await mentorsOf(db, sites.map((s) => s.id));
  const m = mentors.find((x) => x.id === mentorId);
  if (!m) throw notFound();
  const site = sites.find((s) => s.id === m.siteId)!;
  const today = localDay(site.timeZone, now);
  const d = day ?? today;
  const showClients = can(actor, "clients.view") && actor.role !== "PROGRAMME_MANAGER";
  const tasks = await db.$queryRaw<
    { id: string; status: TaskStatus; reasons: string[]; attempts: number; client_id: string; first_name: string; ref: string; in_scope: boolean }[]
  >`
    SELECT t.id::text, t.status::text AS status, t.reasons, t.attempts, c.id::text AS client_id, c.first_name, c.ref,
           (${clientScopeSql(actor, Prisma.raw("c"))}) AS in_scope
    FROM call_tasks t JOIN clients c ON c.id = t.client_id
    WHERE t.mentor_id = ${mentorId}::uuid AND t.task_date = ${d}::date
    ORDER BY t.priority, t.created_at, t.id`;
  const ids = tasks.map((t) => t.id);
  const calls = ids.length
    ? await db.$queryRaw<{ id: string; task_id: string; mentor_id: string; created_at: Date; disposition: Disposition; corrects_id: string | null; fix: Disposition | null }[]>`
        SELECT a.id::text, a.task_id::text, a.mentor_id::text, a.created_at, a.disposition::text AS disposition, a.corrects_id::text, fx.disposition::text AS fix
        FROM call_attempts a LEFT JOIN LATERAL (${EFFECTIVE_FIX_SQL("a")}) fx ON true
        WHERE a.task_id = ANY(${ids}::uuid[])
        ORDER BY a.created_at, a.id`
    : [];
  const effective = effectiveCalls(calls.map((c) => ({ id: c.id, taskId: c.task_id, mentorId: c.mentor_id, createdAt: c.created_at, disposition: c.disposition, correctsId: c.corrects_id })));
  return {
    mentor: { id: m.id, name: m.name, siteId: site.id, siteName: site.name, timeZone: site.timeZone },
    day: d,
    today,
    showClients,
    tasks: tasks.map((t) => ({
      id: t.id, status: t.status, reasons: t.reasons, attempts: t.attempts,
      client: showClients && t.in_scope ? { id: t.client_id, firstName: t.first_name, ref: t.ref } : null,
      calls: effective
        .filter((c) => c.taskId === t.id)
        .map((c) => ({ id: c.id, at: c.createdAt.toISOString(), disposition: c.effective, corrected: c.effective !== c.disposition, byOther: c.mentorId !== mentorId })),
    })),
  };
}

/** For the supervisor's home: today's figures of her Mentor Mothers (the coverage page for today). */
export async function todayAtAGlance(db: Db, actor: Actor, now: Date): Promise<CoverageReport> {
  return coverageReport(db, actor, { period: "today" }, now);
}
