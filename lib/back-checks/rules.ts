// Back-check calls (issue 11), the pure part: which week a call belongs to, the reproducible random
// sample of each Mentor Mother's reached calls, what a supervisor may record, and the share
// confirmed shown on coverage. No database, no Next.js: unit-tested (tests/unit/back-checks-rules.test.ts).
// The SQL draw (lib/back-checks/draw.ts) picks the same calls set-based; the integration test
// tests/integration/back-checks.test.ts compares the two on random histories.
//
// The sample: a Mentor Mother's reached calls of one ISO week (site-local days; a call counts when
// its effective disposition - after corrections - is REACHED and its client is still active, since
// an exited or opted-out client must not be called back), ordered by md5(week + ":" + call id) -
// a hash nobody chooses, the same on every run - and cut at the country's backChecksPerWeek. Calls
// drawn already stay drawn: a second run only tops a week up to the count (a correction that
// turns a drawn call into a non-reached one does not pull another one in its place).
import { createHash } from "node:crypto";
import { addDaysIso, isoWeekday } from "@/lib/calls/calendar";

export const BACK_CHECK_RESULTS = ["CONFIRMED", "NOT_CONFIRMED", "COULD_NOT_REACH"] as const;
export type BackCheckResult = (typeof BACK_CHECK_RESULTS)[number];
export type BackCheckStatus = "DUE" | BackCheckResult;

/** Monday of the ISO week of a site-local day. */
export function weekOf(day: string): string {
  return addDaysIso(day, 1 - isoWeekday(day));
}

/** The week drawn on `today` (site-local): the last full ISO week before this one. */
export function weekToDraw(today: string): string {
  return addDaysIso(weekOf(today), -7);
}

/** The sort key of a call in its week's draw. SQL twin: md5(week::text || ':' || a.id::text). */
export function sampleKey(week: string, attemptId: string): string {
  return createHash("md5").update(`${week}:${attemptId}`).digest("hex");
}

export type SampleCandidate = {
  attemptId: string;
  mentorId: string;
  /** Monday of the call's ISO week (site-local) */
  week: string;
  reached: boolean;
  clientActive: boolean;
};

/**
 * The calls a draw adds: per Mentor Mother and week, the eligible calls not drawn yet in sampleKey
 * order, as many as the week still lacks (perWeek minus those drawn already). Drawing again with
 * the draws added changes nothing.
 */
export function drawSample(
  candidates: readonly SampleCandidate[],
  drawn: readonly { attemptId: string; mentorId: string; week: string }[],
  perWeek: number,
): string[] {
  const taken = new Set(drawn.map((d) => d.attemptId));
  const have = new Map<string, number>();
  for (const d of drawn) have.set(`${d.mentorId}|${d.week}`, (have.get(`${d.mentorId}|${d.week}`) ?? 0) + 1);
  const groups = new Map<string, SampleCandidate[]>();
  for (const c of candidates) {
    if (!c.reached || !c.clientActive || taken.has(c.attemptId)) continue;
    const key = `${c.mentorId}|${c.week}`;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  const out: string[] = [];
  for (const [key, list] of groups) {
    const room = Math.max(0, perWeek - (have.get(key) ?? 0));
    const sorted = list
      .map((c) => ({ id: c.attemptId, k: sampleKey(c.week, c.attemptId) }))
      .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    out.push(...sorted.slice(0, room).map((s) => s.id));
  }
  return out.sort();
}

/** Confirmed out of the back-checks that got an answer (could-not-reach is no answer). */
export type BackCheckShare = { confirmed: number; notConfirmed: number; couldNotReach: number; due: number };

export function emptyShare(): BackCheckShare {
  return { confirmed: 0, notConfirmed: 0, couldNotReach: 0, due: 0 };
}

/** confirmed / (confirmed + not confirmed), 0..1; null when none was answered. */
export function shareConfirmed(s: Pick<BackCheckShare, "confirmed" | "notConfirmed">): number | null {
  const answered = s.confirmed + s.notConfirmed;
  return answered > 0 ? s.confirmed / answered : null;
}

export function addShares(a: BackCheckShare, b: BackCheckShare): BackCheckShare {
  return { confirmed: a.confirmed + b.confirmed, notConfirmed: a.notConfirmed + b.notConfirmed, couldNotReach: a.couldNotReach + b.couldNotReach, due: a.due + b.due };
}

/** Why a back-check cannot be made now; null = it can. Checked in this order, the most decisive
 * first: the client left the calls (opt-out, exit, no consent), no working phone, outside the
 * phone's safe hours, the number's calls for today used up. */
export type BackCheckBlock = "optedOut" | "noPhone" | "outsideSafeHours" | "phoneLimit";
