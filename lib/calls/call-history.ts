// Pure rules behind the call screen's history (issue 5): which locale a client's call script is
// shown in, the adherence answers of the last weeks as a small week-by-week timeline, and which of
// her attempts a Mentor Mother may still correct. No database, no React: unit-tested on their own.
import { LOCALES, type Locale } from "@/i18n/config";
import { addDaysIso } from "@/lib/calls/calendar";
import { localDay } from "@/lib/site-clock";
import { BARRIER_CODES, REFERRALS } from "@/lib/calls/record-schemas";

/** A correction within 24 hours is a new record linked to the original (domain.md). */
export const CORRECTION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** How many weeks of adherence answers the call screen shows. */
export const TIMELINE_WEEKS = 8;

/** The app locale a client's script can be shown in: her preferred language when the app has it
 * ("pt", "pt-MZ", "PT" -> "pt"), else null (the screen then uses the Mentor Mother's own locale and
 * says so). */
export function scriptLocale(preferredLanguage: string | null | undefined): Locale | null {
  const primary = (preferredLanguage ?? "").trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return (LOCALES as readonly string[]).includes(primary) ? (primary as Locale) : null;
}

/** True while an attempt made at `createdAt` may still be corrected at `now`. */
export function withinCorrectionWindow(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() <= CORRECTION_WINDOW_MS;
}

export type CorrectionState = "open" | "expired" | "notHers" | "isCorrection" | "corrected";

/** Whether she may correct this attempt now: she recorded it, on a task she still holds, less than
 * 24 h ago; it is not itself a correction and has not been corrected yet. */
export function correctionState(
  a: { mentorId: string; correctsId: string | null; createdAt: Date; corrected: boolean; taskIsHers: boolean },
  actorId: string,
  now: Date,
): CorrectionState {
  if (a.mentorId !== actorId || !a.taskIsHers) return "notHers";
  if (a.correctsId) return "isCorrection";
  if (a.corrected) return "corrected";
  return withinCorrectionWindow(a.createdAt, now) ? "open" : "expired";
}

export type AttemptRow = {
  id: string;
  disposition: string;
  createdAt: Date;
  correctsId: string | null;
  details: unknown;
};

export type AdherenceAnswer = { attemptId: string; date: string; dosesMissed7d: number; pillsRanOut: boolean };
export type AdherenceWeek = { from: string; to: string; answers: AdherenceAnswer[] };

/** The ids of attempts some later row corrects. */
export function correctedIds(rows: readonly Pick<AttemptRow, "correctsId">[]): Set<string> {
  return new Set(rows.flatMap((r) => (r.correctsId ? [r.correctsId] : [])));
}

/** The adherence answers stored with a REACHED attempt (record.ts keeps them in details.adherence). */
export function adherenceOf(details: unknown): { dosesMissed7d: number; pillsRanOut: boolean } | null {
  if (!details || typeof details !== "object") return null;
  const a = (details as { adherence?: unknown }).adherence;
  if (!a || typeof a !== "object") return null;
  const { dosesMissed7d, pillsRanOut } = a as { dosesMissed7d?: unknown; pillsRanOut?: unknown };
  if (typeof dosesMissed7d !== "number" || !Number.isInteger(dosesMissed7d) || dosesMissed7d < 0) return null;
  return { dosesMissed7d, pillsRanOut: pillsRanOut === true };
}

/** The notes stored with an attempt, if any. */
export function notesOf(details: unknown): string | null {
  if (!details || typeof details !== "object") return null;
  const n = (details as { notes?: unknown }).notes;
  return typeof n === "string" && n.trim() ? n.trim() : null;
}

/**
 * The adherence answers of the last `weeks` weeks, week by week, newest week first. A week is the 7
 * site-local days ending on `today` (then the 7 before, ...), matching the question "doses missed in
 * the last 7 days". An attempt that was corrected counts through its correction only; a week
 * without an answer is kept (empty), so the timeline shows the gaps too.
 */
export function adherenceTimeline(rows: readonly AttemptRow[], today: string, timeZone: string, weeks = TIMELINE_WEEKS): AdherenceWeek[] {
  const corrected = correctedIds(rows);
  const answers: AdherenceAnswer[] = rows
    .filter((r) => r.disposition === "REACHED" && !corrected.has(r.id))
    .flatMap((r) => {
      const a = adherenceOf(r.details);
      return a ? [{ attemptId: r.id, date: localDay(timeZone, r.createdAt), ...a, at: r.createdAt.getTime() }] : [];
    })
    .sort((x, y) => y.at - x.at)
    .map(({ at: _at, ...a }) => a);
  return Array.from({ length: weeks }, (_, i) => {
    const to = addDaysIso(today, -7 * i);
    const from = addDaysIso(to, -6);
    return { from, to, answers: answers.filter((a) => a.date >= from && a.date <= to) };
  });
}

/** What one call recorded, read back from its stored details for the histories (profile and call
 * screen). Only well-formed parts are kept: an older row without a field simply shows less. */
export type CallFindings = {
  adherence: { dosesMissed7d: number; pillsRanOut: boolean } | null;
  /** WHO HIV.H.DE53 codes (DE54-DE71). */
  barriers: string[];
  /** WHO HIV.H.DE23 outcome of the follow-up, with the promised return date when she gave one. */
  tracing: { outcome: string; returnDate: string | null } | null;
  appointments: { answer: string; newDate: string | null }[];
  referrals: string[];
  notes: string | null;
};

const codeList = (v: unknown, ok: (s: string) => boolean): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && ok(x)) : [];

export function callFindings(details: unknown): CallFindings {
  const d = details && typeof details === "object" ? (details as Record<string, unknown>) : {};
  const tracing = d.tracing && typeof d.tracing === "object" ? (d.tracing as Record<string, unknown>) : null;
  const appointments = Array.isArray(d.appointments) ? d.appointments : [];
  return {
    adherence: adherenceOf(details),
    barriers: codeList(d.barriers, (c) => BARRIER_CODES.includes(c)),
    tracing:
      tracing && typeof tracing.outcome === "string" && /^DE2[4-9]$/.test(tracing.outcome)
        ? { outcome: tracing.outcome, returnDate: typeof tracing.returnDate === "string" ? tracing.returnDate : null }
        : null,
    appointments: appointments.flatMap((a) => {
      if (!a || typeof a !== "object") return [];
      const { answer, newDate } = a as { answer?: unknown; newDate?: unknown };
      return typeof answer === "string" ? [{ answer, newDate: typeof newDate === "string" ? newDate : null }] : [];
    }),
    referrals: codeList(d.referrals, (r) => (REFERRALS as readonly string[]).includes(r)),
    notes: notesOf(details),
  };
}

/** True when the call recorded anything beyond its disposition. */
export function hasFindings(f: CallFindings): boolean {
  return !!(f.adherence || f.barriers.length || f.tracing || f.appointments.length || f.referrals.length || f.notes);
}
