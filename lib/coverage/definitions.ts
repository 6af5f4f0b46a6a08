// What the call-coverage figures count (domain.md "Reports"; docs/coverage.md says the same in
// words). Pure: no database, no Next.js. The SQL the pages and reports run (lib/coverage/sql.ts)
// computes exactly these figures set-based; tests/integration/coverage.test.ts compares the two on
// random call histories, Mentor Mother by Mentor Mother and day by day. Change both together.
//
// The units:
// - a task is one row of call_tasks: one client, one site-local day (task_date), held by one Mentor
//   Mother (mentor_id: whoever holds it now - a task moved with its client or handed over for a
//   leave counts for the one who has it, wherever it started);
// - a call is one original row of call_attempts (corrects_id null); a correction is not a call, it
//   changes what its call counts as: the call's effective disposition is the disposition of its
//   latest correction (created_at, then id), else its own.
//
// Per Mentor Mother and site-local day:
//   due          her tasks of that day, except tasks cancelled without a single call (an opt-out or
//                exit elsewhere, a reason that went away, a Mentor Mother leaving with nobody to
//                cover): those were no longer asked of her. A task carried over, escalated or
//                cancelled by her own call (opt-out on the phone) was due.
//   attempted    due tasks with at least one call (by anyone)
//   reached      due tasks with at least one call whose effective disposition is REACHED
//   carriedOver  due tasks whose reasons went on, unfinished, to a later day (CARRIED_OVER): overdue
//   escalated    due tasks handed to the supervisor (ESCALATED)
//   calls        calls she made that day (site-local day of the call, in her site's time zone)
//   optOuts, wrongNumbers, byDisposition: her calls of that day by effective disposition
//                (wrongNumbers = WRONG_NUMBER + NOT_IN_SERVICE)
// Sums over days and Mentor Mothers are plain sums; rates are computed from the sums.
import type { Disposition } from "@/lib/calls/state-machine";
import type { TaskStatus } from "@/lib/calls/task-status";
import { localDay, minuteOfDay } from "@/lib/site-clock";
import { addDaysIso, daysBetween, isoWeekday } from "@/lib/calls/calendar";

export const COVERAGE_DISPOSITIONS = [
  "REACHED", "NO_ANSWER", "BUSY", "UNREACHABLE", "VOICEMAIL", "WRONG_NUMBER", "NOT_IN_SERVICE",
  "CALL_DROPPED", "ANSWERED_BY_OTHER", "CALLBACK_REQUESTED", "DECLINED", "OPTED_OUT",
] as const satisfies readonly Disposition[];

// Every disposition, once (checked at compile time against the state machine's union).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const allDispositions: Same<(typeof COVERAGE_DISPOSITIONS)[number], Disposition> = true;
void allDispositions;

/** The task figures and the call figures of one Mentor Mother on one day (or summed). */
export type CoverageFigures = {
  due: number;
  attempted: number;
  reached: number;
  carriedOver: number;
  escalated: number;
  calls: number;
  optOuts: number;
  wrongNumbers: number;
  byDisposition: Record<Disposition, number>;
};

/** The numeric figures, in a fixed order (the SQL returns the same columns). */
export const FIGURE_KEYS = ["due", "attempted", "reached", "carriedOver", "escalated", "calls", "optOuts", "wrongNumbers"] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export function emptyFigures(): CoverageFigures {
  return {
    due: 0, attempted: 0, reached: 0, carriedOver: 0, escalated: 0, calls: 0, optOuts: 0, wrongNumbers: 0,
    byDisposition: Object.fromEntries(COVERAGE_DISPOSITIONS.map((d) => [d, 0])) as Record<Disposition, number>,
  };
}

/** a + b, as a new object. */
export function addFigures(a: CoverageFigures, b: CoverageFigures): CoverageFigures {
  const out = emptyFigures();
  for (const k of FIGURE_KEYS) out[k] = a[k] + b[k];
  for (const d of COVERAGE_DISPOSITIONS) out.byDisposition[d] = a.byDisposition[d] + b.byDisposition[d];
  return out;
}

export function sumFigures(list: Iterable<CoverageFigures>): CoverageFigures {
  let out = emptyFigures();
  for (const f of list) out = addFigures(out, f);
  return out;
}

// ------------------------------------------------------------------------------------------------
// The building blocks, each the twin of a SQL fragment in lib/coverage/sql.ts.

export type CoverageCall = {
  id: string;
  taskId: string;
  mentorId: string;
  createdAt: Date;
  disposition: Disposition;
  /** Set on a correction: the call it corrects. */
  correctsId: string | null;
};

/** Each call (original row) with its effective disposition: that of its latest correction
 * (created_at, then id), else its own. Corrections of corrections are not calls and change nothing
 * (the call screen offers no such thing). SQL twin: EFFECTIVE_CALLS_SQL. */
export function effectiveCalls<C extends CoverageCall>(rows: readonly C[]): (C & { effective: Disposition })[] {
  const latest = new Map<string, C>();
  for (const r of rows) {
    if (!r.correctsId) continue;
    const seen = latest.get(r.correctsId);
    if (!seen || r.createdAt.getTime() > seen.createdAt.getTime() || (r.createdAt.getTime() === seen.createdAt.getTime() && r.id > seen.id)) {
      latest.set(r.correctsId, r);
    }
  }
  return rows.filter((r) => !r.correctsId).map((r) => ({ ...r, effective: latest.get(r.id)?.disposition ?? r.disposition }));
}

/** Per task: how many calls it had and whether one of them (effective disposition) reached her. */
export function callsPerTask(calls: readonly { taskId: string; effective: Disposition }[]): Map<string, { n: number; reached: boolean }> {
  const perTask = new Map<string, { n: number; reached: boolean }>();
  for (const c of calls) {
    const t = perTask.get(c.taskId) ?? { n: 0, reached: false };
    t.n += 1;
    t.reached ||= c.effective === "REACHED";
    perTask.set(c.taskId, t);
  }
  return perTask;
}

/** A task counts as due unless it was cancelled without a single call. SQL twin: DUE_TASK_SQL. */
export function isDueTask(status: TaskStatus, calls: number): boolean {
  return status !== "CANCELLED" || calls > 0;
}

export const isWrongNumber = (d: Disposition): boolean => d === "WRONG_NUMBER" || d === "NOT_IN_SERVICE";

// ------------------------------------------------------------------------------------------------
// The figures per Mentor Mother and day.

export type CoverageTask = { id: string; mentorId: string; day: string; status: TaskStatus };

/** A Mentor Mother in scope: her site's time zone (her calls' days), and the period asked for in
 * her site's local days (each site has its own "today"). */
export type CoverageMentor = { id: string; timeZone: string; from: string; to: string };

export const mentorDayKey = (mentorId: string, day: string) => `${mentorId}|${day}`;

/**
 * The figures of each Mentor Mother on each day of her period that has any (other days are all
 * zero and absent), keyed by mentorDayKey. `tasks` and `calls` may hold more than the period and
 * other Mentor Mothers: only tasks held by a Mentor Mother in `mentors` with a day in her period
 * and calls she made on a day of her period count. A task's calls are all calls on it, whoever made
 * them (a colleague covering, a holder before a reassignment).
 */
export function coverageByMentorDay(input: {
  mentors: readonly CoverageMentor[];
  tasks: readonly CoverageTask[];
  calls: readonly CoverageCall[];
}): Map<string, CoverageFigures> {
  const mentors = new Map(input.mentors.map((m) => [m.id, m]));
  const calls = effectiveCalls(input.calls);
  const perTask = callsPerTask(calls);
  const out = new Map<string, CoverageFigures>();
  const at = (mentorId: string, day: string) => {
    const key = mentorDayKey(mentorId, day);
    let f = out.get(key);
    if (!f) out.set(key, (f = emptyFigures()));
    return f;
  };
  for (const t of input.tasks) {
    const m = mentors.get(t.mentorId);
    if (!m || t.day < m.from || t.day > m.to) continue;
    const c = perTask.get(t.id) ?? { n: 0, reached: false };
    if (!isDueTask(t.status, c.n)) continue;
    const f = at(t.mentorId, t.day);
    f.due += 1;
    if (c.n > 0) f.attempted += 1;
    if (c.reached) f.reached += 1;
    if (t.status === "CARRIED_OVER") f.carriedOver += 1;
    if (t.status === "ESCALATED") f.escalated += 1;
  }
  for (const c of calls) {
    const m = mentors.get(c.mentorId);
    if (!m) continue;
    const day = localDay(m.timeZone, c.createdAt);
    if (day < m.from || day > m.to) continue;
    const f = at(c.mentorId, day);
    f.calls += 1;
    f.byDisposition[c.effective] += 1;
    if (c.effective === "OPTED_OUT") f.optOuts += 1;
    if (isWrongNumber(c.effective)) f.wrongNumbers += 1;
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Rates and flags shown beside the counts.

/** reached / due, 0..1; null when nothing was due (no rate, rather than 0 % or 100 %). */
export function reachRate(f: Pick<CoverageFigures, "due" | "reached">): number | null {
  return f.due > 0 ? f.reached / f.due : null;
}

/** Below the country's goal (percent of due tasks reached). Nothing due is not below any goal. */
export function belowGoal(f: Pick<CoverageFigures, "due" | "reached">, goalPercent: number): boolean {
  const r = reachRate(f);
  return r !== null && r * 100 < goalPercent;
}

/** Tasks on her lists / (her daily capacity x the days she had a list), 0..1+; null without a list. */
export function capacityUsed(due: number, dailyCapacity: number, daysWithTasks: number): number | null {
  return dailyCapacity > 0 && daysWithTasks > 0 ? due / (dailyCapacity * daysWithTasks) : null;
}

/** Worst first: lowest reach rate first (nothing due last), then most due, then name. */
export function compareWorstFirst(
  a: { name: string; figures: Pick<CoverageFigures, "due" | "reached"> },
  b: { name: string; figures: Pick<CoverageFigures, "due" | "reached"> },
): number {
  const ra = reachRate(a.figures);
  const rb = reachRate(b.figures);
  if (ra === null || rb === null) {
    if (ra !== rb) return ra === null ? 1 : -1;
  } else if (ra !== rb) return ra - rb;
  return b.figures.due - a.figures.due || a.name.localeCompare(b.name);
}

/** "Mid-morning": a Mentor Mother with no call yet today by this site-local time is shown. */
export const MID_MORNING_MINUTE = 10 * 60;

/** She works today, it is mid-morning or later at her site, and she has made no call today. */
export function noCallYet(lastCallAt: Date | null, now: Date, timeZone: string): boolean {
  if (minuteOfDay(timeZone, now) < MID_MORNING_MINUTE) return false;
  return lastCallAt === null || localDay(timeZone, lastCallAt) !== localDay(timeZone, now);
}

/**
 * "Not reached in N days": an active client held by a Mentor Mother, enrolled at least N days ago
 * (a newer client has not had N days yet), with no reached call on or after the site-local day
 * today - N (clients.last_reached_at). SQL twin: NOT_REACHED_SQL.
 */
export function notReachedFor(
  c: { status: string; mentorId: string | null; enrolmentDate: string; lastReachedAt: Date | null },
  today: string,
  days: number,
  timeZone: string,
): boolean {
  const since = addDaysIso(today, -days);
  if (c.status !== "ACTIVE" || !c.mentorId || c.enrolmentDate > since) return false;
  return c.lastReachedAt === null || localDay(timeZone, c.lastReachedAt) < since;
}

// ------------------------------------------------------------------------------------------------
// Periods, in a site's local days.

export const PERIODS = ["today", "yesterday", "thisWeek", "last7", "last30", "range"] as const;
export type PeriodKind = (typeof PERIODS)[number];
/** The longest range one may ask for. */
export const MAX_RANGE_DAYS = 92;

export type DayRange = { from: string; to: string };

/** The days of a period at a site whose local day is `today`. "This week" runs from Monday; a
 * range is taken as given (validated by the caller: from <= to, at most MAX_RANGE_DAYS days). */
export function periodRange(kind: PeriodKind, today: string, range?: DayRange): DayRange {
  switch (kind) {
    case "today":
      return { from: today, to: today };
    case "yesterday": {
      const d = addDaysIso(today, -1);
      return { from: d, to: d };
    }
    case "thisWeek":
      return { from: addDaysIso(today, 1 - isoWeekday(today)), to: today };
    case "last7":
      return { from: addDaysIso(today, -6), to: today };
    case "last30":
      return { from: addDaysIso(today, -29), to: today };
    case "range":
      if (!range) throw new Error("a range period needs its days");
      return range;
  }
}

/** The period of the same length just before. */
export function previousPeriod(r: DayRange): DayRange {
  const days = daysBetween(r.from, r.to) + 1;
  return { from: addDaysIso(r.from, -days), to: addDaysIso(r.from, -1) };
}

/** Every day of the range, in order. */
export function daysOf(r: DayRange): string[] {
  const out: string[] = [];
  for (let d = r.from; d <= r.to; d = addDaysIso(d, 1)) out.push(d);
  return out;
}
