// The reports' client-level call figures (domain.md "Reports": clients due, reached at least once,
// reach rate, median days from a missed appointment to first contact and to reaching her, tracing
// outcomes, opt-outs). Pure twin of lib/reports/call-sql.ts; tests/integration/reports-calls.test.ts
// compares them on random call histories. docs/reports.md says the same in words.
//
// Over a period of site-local days (each client's site's days), among the clients in scope:
//   clientsDue        clients with at least one due task that day range - "due" is the coverage
//                     definition (lib/coverage/definitions.ts isDueTask: every task except one
//                     cancelled before any call)
//   clientsReached    of those, clients with a due task of the period that has a call whose effective
//                     disposition (after corrections, effectiveCalls) is REACHED - reached at least once
//   reach rate        clientsReached / clientsDue (coverage's reachRate)
//   missed            appointments recorded MISSED dated in the period
//   firstAttempt      per missed appointment: days from its date to the site-local day of the first
//                     call (original row) to her after that date; median over those with one
//   firstReached      the same to the first call whose effective disposition is REACHED
//   tracing           tracing outcomes (WHO HIV.H.DE24-DE29) recorded in the period, by code
//   optedOut          clients whose status is OPTED_OUT with a status date in the period
import { callsPerTask, effectiveCalls, isDueTask, type CoverageCall } from "@/lib/coverage/definitions";
import type { TracingOutcomeCode } from "@/lib/clients/lifecycle";
import { daysBetween } from "@/lib/calls/calendar";
import type { TaskStatus } from "@/lib/calls/task-status";
import { localDay } from "@/lib/site-clock";
import type { Period } from "@/lib/reports/enrolment-rules";

/** WHO HIV.H.DE23 outcomes (lib/clients/lifecycle.ts TRACING_OUTCOMES, repeated here so the pure
 * rules load without the lifecycle owner; `satisfies` keeps each one a lifecycle code). */
export const TRACING_OUTCOMES = ["DE24", "DE25", "DE26", "DE27", "DE28", "DE29"] as const satisfies readonly TracingOutcomeCode[];

export type CallClientFigures = {
  clientsDue: number;
  clientsReached: number;
  missed: number;
  attemptedAfterMissed: number;
  reachedAfterMissed: number;
  /** Median days, null when no missed appointment of the period had a call (or a reached call). */
  medianDaysToAttempt: number | null;
  medianDaysToReach: number | null;
  tracing: Record<TracingOutcomeCode, number>;
  optedOut: number;
};

export const CALL_CLIENT_KEYS = ["clientsDue", "clientsReached", "missed", "attemptedAfterMissed", "reachedAfterMissed", "optedOut"] as const;

export function emptyCallClientFigures(): CallClientFigures {
  return {
    clientsDue: 0, clientsReached: 0, missed: 0, attemptedAfterMissed: 0, reachedAfterMissed: 0,
    medianDaysToAttempt: null, medianDaysToReach: null,
    tracing: Object.fromEntries(TRACING_OUTCOMES.map((o) => [o, 0])) as Record<TracingOutcomeCode, number>,
    optedOut: 0,
  };
}

/** The median of a list of numbers (the mean of the two middle ones for an even count), as
 * PostgreSQL's percentile_cont(0.5); null for none. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export type CallClient = {
  id: string;
  timeZone: string;
  status: string;
  statusDate: string | null;
  tasks: { id: string; day: string; status: TaskStatus }[];
  /** Every call row of hers (originals and corrections). */
  calls: Omit<CoverageCall, "mentorId">[];
  appointments: { date: string; status: string }[];
  tracing: { outcome: TracingOutcomeCode; recordedAt: Date }[];
};

export function callClientFigures(clients: readonly CallClient[], p: Period): CallClientFigures {
  const out = emptyCallClientFigures();
  const toAttempt: number[] = [];
  const toReach: number[] = [];
  const inPeriod = (d: string) => d >= p.from && d <= p.to;
  for (const c of clients) {
    const calls = effectiveCalls(c.calls.map((x) => ({ ...x, mentorId: "" })));
    const perTask = callsPerTask(calls);
    let due = false;
    let reached = false;
    for (const t of c.tasks) {
      if (!inPeriod(t.day)) continue;
      const k = perTask.get(t.id) ?? { n: 0, reached: false };
      if (!isDueTask(t.status, k.n)) continue;
      due = true;
      reached ||= k.reached;
    }
    if (due) out.clientsDue += 1;
    if (reached) out.clientsReached += 1;

    const callDays = calls.map((x) => ({ day: localDay(c.timeZone, x.createdAt), reached: x.effective === "REACHED" }));
    for (const a of c.appointments) {
      if (a.status !== "MISSED" || !inPeriod(a.date)) continue;
      out.missed += 1;
      const after = callDays.filter((x) => x.day > a.date);
      const first = after.map((x) => x.day).sort()[0];
      const firstReached = after.filter((x) => x.reached).map((x) => x.day).sort()[0];
      if (first) {
        out.attemptedAfterMissed += 1;
        toAttempt.push(daysBetween(a.date, first));
      }
      if (firstReached) {
        out.reachedAfterMissed += 1;
        toReach.push(daysBetween(a.date, firstReached));
      }
    }
    for (const t of c.tracing) if (inPeriod(localDay(c.timeZone, t.recordedAt))) out.tracing[t.outcome] += 1;
    if (c.status === "OPTED_OUT" && c.statusDate !== null && inPeriod(c.statusDate)) out.optedOut += 1;
  }
  out.medianDaysToAttempt = median(toAttempt);
  out.medianDaysToReach = median(toReach);
  return out;
}

/** One line of a report table: a figure of the period and the same of the previous one (a rate as
 * 0..1, a median in days; null when there is none). Pages and files lay the figures out with it. */
export type ReportRow = { group: string; key: string; value: number | null; previous: number | null };

export const CALL_CLIENT_ROW_KEYS = [
  ["clients", "clientsDue"], ["clients", "clientsReached"], ["clients", "reachRate"], ["clients", "optedOut"],
  ["missed", "missed"], ["missed", "attemptedAfterMissed"], ["missed", "medianDaysToAttempt"], ["missed", "reachedAfterMissed"], ["missed", "medianDaysToReach"],
  ...TRACING_OUTCOMES.map((o) => ["tracing", o] as const),
] as const;

function callValue(f: CallClientFigures, key: string): number | null {
  if (key === "reachRate") return f.clientsDue > 0 ? f.clientsReached / f.clientsDue : null;
  if (key in f.tracing) return f.tracing[key as TracingOutcomeCode];
  return f[key as Exclude<keyof CallClientFigures, "tracing">];
}

/** The client-level call table: one row per figure (clients, missed appointments, tracing outcomes). */
export function callClientRows(current: CallClientFigures, previous: CallClientFigures): ReportRow[] {
  return CALL_CLIENT_ROW_KEYS.map(([group, key]) => ({ group, key, value: callValue(current, key), previous: callValue(previous, key) }));
}
