// Why a client is called on day D (domain.md, "Why a client is called", "Daily call list"), as pure
// functions of one client's facts. The daily generator runs the same rules as one set-based SQL
// statement; these functions are the readable statement of the rules, the oracle that SQL is
// tested against, and what explains a task to the Mentor Mother. Change both together.
//
// Each reason has a window [start, end] (end null = open). It is due on D when start <= D <= end
// and the client has not been reached since start (lastReached >= start): reaching her answers it.
// The two appointment follow-ups are the exception: a visit with no attendance recorded ("did you
// make it?") and a missed appointment are dealt with only by what is recorded about that
// appointment (attended, moved, or a tracing outcome), never by a call about something else.
// All dates are YYYY-MM-DD calendar dates in the site's time zone; ISO strings compare correctly
// as strings, so comparisons below are plain string comparisons.
import { blockedReasons, type EscalationCause } from "@/lib/escalations/rules";
import type { CountrySettings } from "@/lib/settings/schemas";
import type * as Db from "@/lib/generated/prisma/enums";
import { addDaysIso, addMonthsIso, addWorkingDays, daysBetween, lastWorkingDayOnOrBefore, type Calendar } from "@/lib/calls/calendar";

export type ReasonKind =
  | "missed"
  | "eac_high"
  | "eac_low"
  | "appointment"
  | "visit_check"
  | "welcome"
  | "adherence"
  | "infant_test"
  | "callback"
  | "reply"
  | "vl_due";

export type AppointmentKind = "ART_REFILL" | "CLINICAL_REVIEW" | "VIRAL_LOAD_TEST" | "INFANT_TEST" | "ANC_PNC";
export type AppointmentStatus = "SCHEDULED" | "ATTENDED" | "MISSED" | "RESCHEDULED" | "CANCELLED";
export type ClientCategory = "PREGNANT" | "POSTNATAL" | "INFANT_CAREGIVER" | "ADOLESCENT" | "PARTNER" | "OTHER";

// The unions above are the database's enums, written out so this file stays free of the client;
// they must name exactly the same values.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameAsDatabase: [Same<AppointmentKind, Db.AppointmentKind>, Same<AppointmentStatus, Db.AppointmentStatus>, Same<ClientCategory, Db.ClientCategory>] = [true, true, true];
void sameAsDatabase;

export type ClientRuleFacts = {
  enrolmentDate: string;
  artStartDate: string | null;
  category: ClientCategory;
  breastfeeding: boolean;
  breastfeedingEndDate: string | null;
  lastVlCopies: number | null;
  /** Sample date of the latest viral load */
  lastVlDate: string | null;
  /** Result date of the latest viral load (by sample date); falls back to lastVlDate */
  lastVlResultDate: string | null;
  /** Site-local date of clients.last_reached_at */
  lastReachedDate: string | null;
  /** `resolved`: a missed appointment a tracing outcome dealt with (appointments.resolved_at). */
  /** `messageHolds`: a reminder message about this appointment is waiting, on its way or delivered
   * (lib/messages): no reminder call for it (a failed, unknown or cancelled one keeps the call). */
  appointments: { date: string; kind: AppointmentKind; status: AppointmentStatus; resolved?: boolean; messageHolds?: boolean }[];
  infants: { dateOfBirth: string }[];
  /** Site-local dates of the callbacks she asked for */
  callbackDates: string[];
  /** Site-local days she replied to a reminder message with anything but STOP (lib/messages/inbound.ts):
   * a call like a callback, shown as "she replied to a reminder" */
  replyDates?: string[];
  /** Causes of her open escalations (lib/escalations/rules.ts): their reasons make no phone task */
  openEscalations?: readonly EscalationCause[];
};

export type DueReason = { kind: ReasonKind; priority: number; start: string; ltfu?: boolean; daysLate?: number; overdue?: boolean };

/** A due reason with what the explanation needs (the SQL generator only ever sees DueReason). */
export type DueReasonDetail = DueReason & {
  end: string | null;
  /** The date the reason is about: the appointment, the test due date, the viral-load result,
   * the enrolment, the callback; for adherence the last reach (null when never reached). */
  about: string | null;
  appointmentKind?: AppointmentKind;
  intervalDays?: number;
  newOnArt?: boolean;
  copies?: number;
  /** infant_test: the age in weeks of the test; null for the test after breastfeeding ends */
  ageWeeks?: number | null;
  /** welcome, eac: the day the country promised the call by (raised to the top level from then) */
  deadline?: string;
};

/** Priority levels, lower = called first (domain.md "Daily call list"): missed appointment / IIT
 * risk, viral load above the high limit, viral load not suppressed, appointment reminder (and the
 * "did you make it to your visit?" check), new on ART and welcome, infant test, callback, routine.
 * Two raises: a welcome call or a first enhanced-adherence call still not made by the day the
 * country promised it (welcomeWithinWorkingDays, eacHighCallWithinDays, eacLowLevelCallWithinDays)
 * goes to the top level; a viral-load test that is overdue comes back at the new-on-ART level. */
export const PRIORITY = {
  missed: 1,
  deadline_passed: 1,
  eac_high: 2,
  eac_low: 3,
  appointment: 4,
  visit_check: 4,
  new_on_art: 5,
  welcome: 5,
  vl_overdue: 5,
  infant_test: 6,
  callback: 7,
  routine: 8,
} as const;

/** The priority of a kind on its own (adherence is 5 while new on ART, else routine). */
export const KIND_PRIORITY: Record<ReasonKind, number> = {
  missed: PRIORITY.missed,
  eac_high: PRIORITY.eac_high,
  eac_low: PRIORITY.eac_low,
  appointment: PRIORITY.appointment,
  visit_check: PRIORITY.visit_check,
  welcome: PRIORITY.welcome,
  adherence: PRIORITY.routine,
  infant_test: PRIORITY.infant_test,
  callback: PRIORITY.callback,
  reply: PRIORITY.callback,
  vl_due: PRIORITY.routine,
};

export const REASON_KINDS = Object.keys(KIND_PRIORITY) as ReasonKind[];

export function isReasonKind(v: unknown): v is ReasonKind {
  return typeof v === "string" && v in KIND_PRIORITY;
}

type RuleSettings = Pick<
  CountrySettings,
  | "welcomeWithinWorkingDays"
  | "eacHighCallWithinDays"
  | "eacLowLevelCallWithinDays"
  | "vlOverdueRepeatDays"
  | "adherenceWeeklyFirstMonths"
  | "adherenceIntensiveIntervalDays"
  | "adherenceStableIntervalDays"
  | "vlSuppressedBelow"
  | "vlHighAbove"
  | "eacIntervalDays"
  | "vlRepeatAfterMonths"
  | "vlFirstTestMonths"
  | "vlSecondTestMonths"
  | "vlRoutineIntervalMonths"
  | "vlOverdueAfterDays"
  | "appointmentReminderDaysBefore"
  | "appointmentReminderOnDay"
  | "lostToFollowUpAfterDays"
  | "infantTestAgesWeeks"
  | "infantTestAfterBreastfeedingWeeks"
>;

/** Reaching the client on or after `start` answers a reason that opened on `start`. */
function reachedSince(c: ClientRuleFacts, start: string): boolean {
  return c.lastReachedDate !== null && c.lastReachedDate >= start;
}

/** True while the client is within her first months on ART (weekly adherence calls). With ART
 * start 2026-01-01 and 3 months: 2026-03-31 (week 12) is new, 2026-04-01 (week 13) is not. */
export function isNewOnArt(artStartDate: string, day: string, s: Pick<CountrySettings, "adherenceWeeklyFirstMonths">): boolean {
  return day < addMonthsIso(artStartDate, s.adherenceWeeklyFirstMonths);
}

/** Days between adherence calls on `day`. */
export function adherenceIntervalDays(c: ClientRuleFacts, day: string, s: RuleSettings): number {
  if (c.artStartDate && isNewOnArt(c.artStartDate, day, s)) return 7;
  const notSuppressed = c.lastVlCopies !== null && c.lastVlCopies >= s.vlSuppressedBelow;
  if (c.category === "PREGNANT" || c.breastfeeding || notSuppressed) return s.adherenceIntensiveIntervalDays;
  return s.adherenceStableIntervalDays;
}

/** Due date of the next viral-load test, or null without ART (or without the sample date a repeat
 * test counts from). First and second tests at fixed months after ART start unless a sample was
 * taken within 30 days before them; then yearly after the last sample; a repeat test 3 months after
 * a sample that was not suppressed. */
export function vlTestDueDate(c: ClientRuleFacts, s: RuleSettings): string | null {
  if (!c.artStartDate) return null;
  const last = c.lastVlDate;
  if (c.lastVlCopies !== null && c.lastVlCopies >= s.vlSuppressedBelow) {
    return last ? addMonthsIso(last, s.vlRepeatAfterMonths) : null;
  }
  const first = addMonthsIso(c.artStartDate, s.vlFirstTestMonths);
  if (!last || last < addDaysIso(first, -30)) return first;
  const second = addMonthsIso(c.artStartDate, s.vlSecondTestMonths);
  if (last < addDaysIso(second, -30)) return second;
  return addMonthsIso(last, s.vlRoutineIntervalMonths);
}

function within(day: string, start: string, end: string | null): boolean {
  return start <= day && (end === null || day <= end);
}

/** Every due reason of the client on `day`, possibly several of one kind (two infants, two missed
 * appointments). */
function candidates(c: ClientRuleFacts, day: string, s: RuleSettings, cal: Calendar): DueReasonDetail[] {
  const out: DueReasonDetail[] = [];
  const push = (r: DueReasonDetail) => {
    if (within(day, r.start, r.end) && !reachedSince(c, r.start)) out.push(r);
  };
  // Appointment follow-ups: closed only by what is recorded about the appointment itself.
  const followUp = (r: DueReasonDetail) => {
    if (within(day, r.start, r.end)) out.push(r);
  };

  // welcome: from enrolment until first reached; promised within welcomeWithinWorkingDays working days.
  const welcomeBy = addWorkingDays(cal, c.enrolmentDate, s.welcomeWithinWorkingDays);
  push({
    kind: "welcome",
    priority: day >= welcomeBy ? PRIORITY.deadline_passed : PRIORITY.welcome,
    start: c.enrolmentDate,
    end: null,
    about: c.enrolmentDate,
    deadline: welcomeBy,
  });

  // adherence counselling at an interval after the last reach (or enrolment).
  if (c.artStartDate) {
    const newOnArt = isNewOnArt(c.artStartDate, day, s);
    const intervalDays = adherenceIntervalDays(c, day, s);
    push({
      kind: "adherence",
      priority: newOnArt ? PRIORITY.new_on_art : PRIORITY.routine,
      start: addDaysIso(c.lastReachedDate ?? c.enrolmentDate, intervalDays),
      end: null,
      about: c.lastReachedDate,
      intervalDays,
      newOnArt,
    });
  }

  // enhanced adherence support while the last viral load is not suppressed: at once from the result,
  // then every eacIntervalDays after each reach.
  const resultDate = c.lastVlResultDate ?? c.lastVlDate;
  if (c.lastVlCopies !== null && c.lastVlCopies >= s.vlSuppressedBelow && resultDate) {
    const high = c.lastVlCopies > s.vlHighAbove;
    // The first call after the result is promised within eacHigh/LowLevelCallWithinDays.
    const first = c.lastReachedDate === null || c.lastReachedDate < resultDate;
    const start = first ? resultDate : addDaysIso(c.lastReachedDate!, s.eacIntervalDays);
    const deadline = first ? addDaysIso(resultDate, high ? s.eacHighCallWithinDays : s.eacLowLevelCallWithinDays) : undefined;
    push({
      kind: high ? "eac_high" : "eac_low",
      priority: deadline && day >= deadline ? PRIORITY.deadline_passed : high ? PRIORITY.eac_high : PRIORITY.eac_low,
      start,
      end: null,
      about: resultDate,
      copies: c.lastVlCopies,
      ...(deadline ? { deadline } : {}),
    });
  }

  // viral-load test reminder: from a week before the due date T until it is overdue (T +
  // vlOverdueAfterDays), unless a sample was taken within 30 days before T. While overdue it comes
  // back every vlOverdueRepeatDays at a higher level until a result arrives (a result moves T on).
  const vlDue = vlTestDueDate(c, s);
  if (vlDue && !(c.lastVlDate !== null && c.lastVlDate >= addDaysIso(vlDue, -30))) {
    const overdueFrom = addDaysIso(vlDue, s.vlOverdueAfterDays);
    if (day < overdueFrom) {
      push({ kind: "vl_due", priority: PRIORITY.routine, start: addDaysIso(vlDue, -7), end: addDaysIso(overdueFrom, -1), about: vlDue });
    } else {
      const episode = Math.floor(daysBetween(overdueFrom, day) / s.vlOverdueRepeatDays);
      push({
        kind: "vl_due",
        priority: PRIORITY.vl_overdue,
        start: addDaysIso(overdueFrom, episode * s.vlOverdueRepeatDays),
        end: null,
        about: vlDue,
        overdue: true,
      });
    }
  }

  for (const a of c.appointments) {
    // appointment reminder: from n days before (moved back to a working day, so a Monday
    // appointment is announced on Friday) to the day before (or the day itself).
    if (a.status === "SCHEDULED" && !a.messageHolds) {
      push({
        kind: "appointment",
        priority: PRIORITY.appointment,
        start: lastWorkingDayOnOrBefore(cal, addDaysIso(a.date, -s.appointmentReminderDaysBefore)),
        end: s.appointmentReminderOnDay ? a.date : addDaysIso(a.date, -1),
        about: a.date,
        appointmentKind: a.kind,
      });
    }
    // After the date, unless she attended a later appointment:
    // - still "scheduled" (no attendance recorded): a "did you make it to your visit?" check at the
    //   appointment level from the next day (facilities often record attendance late);
    // - recorded missed and not dealt with by a tracing outcome, or still without attendance
    //   lostToFollowUpAfterDays after the date (it counts as missed then): a missed appointment at
    //   the top level.
    // Neither is answered by reaching her about something else (followUp below).
    if (a.date >= day || c.appointments.some((b) => b.status === "ATTENDED" && b.date > a.date)) continue;
    const daysLate = daysBetween(a.date, day);
    const counted = a.status === "SCHEDULED" && daysLate >= s.lostToFollowUpAfterDays;
    if ((a.status === "MISSED" && !a.resolved) || counted) {
      followUp({
        kind: "missed",
        priority: PRIORITY.missed,
        start: addDaysIso(a.date, 1),
        end: null,
        about: a.date,
        appointmentKind: a.kind,
        ltfu: daysLate >= s.lostToFollowUpAfterDays,
        daysLate,
      });
    } else if (a.status === "SCHEDULED") {
      followUp({ kind: "visit_check", priority: PRIORITY.visit_check, start: addDaysIso(a.date, 1), end: null, about: a.date, appointmentKind: a.kind, daysLate });
    }
  }

  // infant tests at the configured ages of each infant and some weeks after breastfeeding ends.
  const infantTests: { due: string; ageWeeks: number | null }[] = [];
  for (const infant of c.infants) {
    for (const weeks of s.infantTestAgesWeeks) infantTests.push({ due: addDaysIso(infant.dateOfBirth, weeks * 7), ageWeeks: weeks });
  }
  // Part of the infant's tests: without an infant on record there is nobody to test.
  if (c.infants.length > 0 && c.breastfeedingEndDate) {
    infantTests.push({ due: addDaysIso(c.breastfeedingEndDate, s.infantTestAfterBreastfeedingWeeks * 7), ageWeeks: null });
  }
  for (const t of infantTests) {
    const tested = c.appointments.some(
      (a) => a.kind === "INFANT_TEST" && a.status === "ATTENDED" && a.date >= addDaysIso(t.due, -14),
    );
    if (tested) continue;
    push({
      kind: "infant_test",
      priority: PRIORITY.infant_test,
      start: addDaysIso(t.due, -7),
      end: addDaysIso(t.due, 28),
      about: t.due,
      ageWeeks: t.ageWeeks,
    });
  }

  // callback on the day she asked for, until reached.
  for (const cb of c.callbackDates) {
    push({ kind: "callback", priority: PRIORITY.callback, start: cb, end: null, about: cb });
  }
  // a reply to a reminder message: like a callback, from the day it came, until reached.
  for (const r of c.replyDates ?? []) {
    push({ kind: "reply", priority: PRIORITY.callback, start: r, end: null, about: r });
  }
  return out;
}

function byPriorityThenKind(a: { priority: number; kind: string }, b: { priority: number; kind: string }): number {
  return a.priority - b.priority || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
}

/**
 * The reasons due on `day`, one per kind (when a kind is due several times - two infants, two
 * missed appointments - the one open longest, i.e. the earliest start, stands for it), sorted by
 * priority then kind.
 */
export function dueReasonDetails(c: ClientRuleFacts, day: string, settings: RuleSettings, cal: Calendar): DueReasonDetail[] {
  const best = new Map<ReasonKind, DueReasonDetail>();
  const blocked = c.openEscalations?.length ? c.openEscalations.map(blockedReasons) : [];
  for (const r of candidates(c, day, settings, cal)) {
    if (blocked.some((b) => b === "all" || b.includes(r.kind))) continue;
    const seen = best.get(r.kind);
    if (!seen || r.start < seen.start) best.set(r.kind, r);
  }
  return [...best.values()].sort(byPriorityThenKind);
}

/** The reasons to call the client on `day` (see dueReasonDetails), sorted by priority then kind. */
export function dueReasons(c: ClientRuleFacts, day: string, settings: CountrySettings, cal: Calendar): DueReason[] {
  return dueReasonDetails(c, day, settings, cal).map(({ kind, priority, start, ltfu, daysLate, overdue }) => {
    const r: DueReason = { kind, priority, start };
    if (ltfu !== undefined) r.ltfu = ltfu;
    if (daysLate !== undefined) r.daysLate = daysLate;
    if (overdue !== undefined) r.overdue = overdue;
    return r;
  });
}

/** One task per client per day: all due reasons merged (domain.md, "a mother and her infant are
 * one call"). Null when nothing is due. */
export function mergeReasons(r: DueReason[]): { reasons: ReasonKind[]; priority: number; firstDueDate: string } | null {
  if (r.length === 0) return null;
  const level = new Map<ReasonKind, number>();
  for (const x of r) level.set(x.kind, Math.min(level.get(x.kind) ?? Infinity, x.priority));
  const reasons = [...level.entries()]
    .map(([kind, priority]) => ({ kind, priority }))
    .sort(byPriorityThenKind)
    .map((x) => x.kind);
  return {
    reasons,
    priority: Math.min(...r.map((x) => x.priority)),
    firstDueDate: r.map((x) => x.start).reduce((a, b) => (b < a ? b : a)),
  };
}

type QueueEntry = { priority: number; lastReachedDate: string | null; clientId: string };

/** Order of a Mentor Mother's list (and who fits in her capacity): priority, then longest since
 * last reached (never reached first), then client id so the order never depends on input order.
 * Plain code-unit comparison of ids matches PostgreSQL's uuid order for lower-case uuids. */
export function compareForQueue(a: QueueEntry, b: QueueEntry): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.lastReachedDate !== b.lastReachedDate) {
    if (a.lastReachedDate === null) return -1;
    if (b.lastReachedDate === null) return 1;
    return a.lastReachedDate < b.lastReachedDate ? -1 : 1;
  }
  return a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0;
}

/** The tasks that fit in a Mentor Mother's day: the first `room` in queue order (room = her daily
 * capacity minus the tasks she already has that day). The rest are not created today; their
 * reasons stay due and come back on her next working day with the same priority. */
export function fitCapacity<T extends QueueEntry>(entries: readonly T[], room: number): { today: T[]; rolled: T[] } {
  const sorted = [...entries].sort(compareForQueue);
  const n = Math.max(0, room);
  return { today: sorted.slice(0, n), rolled: sorted.slice(n) };
}
