import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { makeCalendar } from "@/lib/calls/calendar";
import { explainTask, type Explanation } from "@/lib/calls/explain";
import {
  adherenceIntervalDays,
  compareForQueue,
  dueReasons,
  fitCapacity,
  isNewOnArt,
  KIND_PRIORITY,
  mergeReasons,
  PRIORITY,
  REASON_KINDS,
  vlTestDueDate,
  type ClientRuleFacts,
  type DueReason,
  type ReasonKind,
} from "@/lib/calls/rules";
import { localDay } from "@/lib/site-clock";
import { readCountrySettings, type CountrySettings } from "@/lib/settings/schemas";

// March 2026: Monday 2, Wednesday 4, Thursday 5, Friday 6, Saturday 7, Sunday 8, Monday 9.
const S = readCountrySettings({});
const cal = makeCalendar({ weekendDays: S.weekendDays, holidays: [] });

/** A client with nothing due: no ART, reached long ago (so the welcome call is answered). */
function facts(over: Partial<ClientRuleFacts> = {}): ClientRuleFacts {
  return {
    enrolmentDate: "2025-01-01",
    artStartDate: null,
    category: "OTHER",
    breastfeeding: false,
    breastfeedingEndDate: null,
    lastVlCopies: null,
    lastVlDate: null,
    lastVlResultDate: null,
    lastReachedDate: "2025-06-01",
    appointments: [],
    infants: [],
    callbackDates: [],
    ...over,
  };
}

const kinds = (c: ClientRuleFacts, day: string, s: CountrySettings = S, calendar = cal) => dueReasons(c, day, s, calendar).map((r) => r.kind);
const reason = (c: ClientRuleFacts, day: string, kind: ReasonKind, s: CountrySettings = S, calendar = cal) =>
  dueReasons(c, day, s, calendar).find((r) => r.kind === kind);

it("the base client of these tests has nothing due", () => {
  expect(dueReasons(facts(), "2026-03-02", S, cal)).toEqual([]);
});

describe("missed appointment", () => {
  const missedOn = (date: string, over: Partial<ClientRuleFacts> = {}) =>
    facts({ appointments: [{ date, kind: "ART_REFILL", status: "MISSED" }], ...over });

  it("is due from the day after, with how late and the lost-to-follow-up flag from 28 days (27 no, 28 yes, 29 yes)", () => {
    const c = missedOn("2026-02-02");
    expect(dueReasons(c, "2026-03-01", S, cal)).toStrictEqual([{ kind: "missed", priority: 1, start: "2026-02-03", ltfu: false, daysLate: 27 }]);
    expect(dueReasons(c, "2026-03-02", S, cal)).toStrictEqual([{ kind: "missed", priority: 1, start: "2026-02-03", ltfu: true, daysLate: 28 }]);
    expect(dueReasons(c, "2026-03-03", S, cal)).toStrictEqual([{ kind: "missed", priority: 1, start: "2026-02-03", ltfu: true, daysLate: 29 }]);
  });

  it("follows the country's lost-to-follow-up setting", () => {
    const s = readCountrySettings({ lostToFollowUpAfterDays: 90 });
    expect(reason(missedOn("2026-02-02"), "2026-03-03", "missed", s)?.ltfu).toBe(false);
  });

  it("starts the day after the appointment, not on it", () => {
    expect(kinds(missedOn("2026-03-02"), "2026-03-02")).toEqual([]);
    expect(reason(missedOn("2026-03-02"), "2026-03-03", "missed")).toMatchObject({ start: "2026-03-03", daysLate: 1, ltfu: false });
  });

  it("a still-scheduled appointment is a visit check from the day after, at the appointment level", () => {
    const c = facts({ appointments: [{ date: "2026-03-02", kind: "CLINICAL_REVIEW", status: "SCHEDULED" }] });
    expect(kinds(c, "2026-03-02")).toEqual([]);
    expect(dueReasons(c, "2026-03-03", S, cal)).toStrictEqual([{ kind: "visit_check", priority: PRIORITY.visit_check, start: "2026-03-03", daysLate: 1 }]);
    expect(PRIORITY.visit_check).toBe(PRIORITY.appointment);
    expect(reason(c, "2026-03-04", "visit_check")).toMatchObject({ start: "2026-03-03", daysLate: 2 });
  });

  it("a still-scheduled appointment counts as missed, at the top level, lostToFollowUpAfterDays after its date", () => {
    const c = facts({ appointments: [{ date: "2026-02-02", kind: "ART_REFILL", status: "SCHEDULED" }] });
    expect(kinds(c, "2026-03-01")).toEqual(["visit_check"]);
    expect(dueReasons(c, "2026-03-02", S, cal)).toStrictEqual([{ kind: "missed", priority: 1, start: "2026-02-03", ltfu: true, daysLate: 28 }]);
  });

  it("once recorded missed it is a missed appointment at the top level from the day after", () => {
    const c = facts({ appointments: [{ date: "2026-03-02", kind: "ART_REFILL", status: "MISSED" }] });
    expect(dueReasons(c, "2026-03-03", S, cal)).toStrictEqual([{ kind: "missed", priority: 1, start: "2026-03-03", ltfu: false, daysLate: 1 }]);
  });

  it("stops when she attends a later appointment, not one on the same day", () => {
    const later = missedOn("2026-02-02", {
      appointments: [
        { date: "2026-02-02", kind: "ART_REFILL", status: "MISSED" },
        { date: "2026-02-10", kind: "ART_REFILL", status: "ATTENDED" },
      ],
    });
    expect(kinds(later, "2026-03-02")).toEqual([]);
    const sameDay = missedOn("2026-02-02", {
      appointments: [
        { date: "2026-02-02", kind: "ART_REFILL", status: "MISSED" },
        { date: "2026-02-02", kind: "ANC_PNC", status: "ATTENDED" },
      ],
    });
    expect(kinds(sameDay, "2026-03-02")).toEqual(["missed"]);
  });

  it("a call about something else answers neither: reaching her closes no missed appointment or visit check", () => {
    // A welcome call on the day after the appointment reached her; the appointment is still open.
    const welcomed = { enrolmentDate: "2026-03-02", lastReachedDate: "2026-03-03" };
    const unrecorded = facts({ ...welcomed, appointments: [{ date: "2026-03-02", kind: "ART_REFILL", status: "SCHEDULED" }] });
    expect(kinds(unrecorded, "2026-03-04")).toEqual(["visit_check"]);
    expect(kinds(missedOn("2026-03-02", welcomed), "2026-03-04")).toEqual(["missed"]);
    expect(kinds(missedOn("2026-02-02", { lastReachedDate: "2026-02-03" }), "2026-03-02")).toEqual(["missed"]);
  });

  it("is dealt with by a tracing outcome (resolved), by attendance recorded, or by a new date", () => {
    const resolved = facts({ appointments: [{ date: "2026-02-02", kind: "ART_REFILL", status: "MISSED", resolved: true }] });
    expect(kinds(resolved, "2026-03-02")).toEqual([]);
    const attended = facts({ appointments: [{ date: "2026-03-02", kind: "ART_REFILL", status: "ATTENDED" }] });
    expect(kinds(attended, "2026-03-03")).toEqual([]);
    const moved = facts({ appointments: [{ date: "2026-03-02", kind: "ART_REFILL", status: "RESCHEDULED" }] });
    expect(kinds(moved, "2026-03-03")).toEqual([]);
  });

  it("gives no reason for cancelled or rescheduled appointments", () => {
    const c = facts({
      appointments: [
        { date: "2026-02-02", kind: "ART_REFILL", status: "CANCELLED" },
        { date: "2026-02-03", kind: "ART_REFILL", status: "RESCHEDULED" },
      ],
    });
    expect(kinds(c, "2026-03-02")).toEqual([]);
  });

  it("with two missed appointments, the older one stands for the kind", () => {
    const c = facts({
      appointments: [
        { date: "2026-02-20", kind: "ART_REFILL", status: "MISSED" },
        { date: "2026-02-02", kind: "CLINICAL_REVIEW", status: "MISSED" },
      ],
    });
    expect(dueReasons(c, "2026-03-02", S, cal)).toStrictEqual([{ kind: "missed", priority: 1, start: "2026-02-03", ltfu: true, daysLate: 28 }]);
  });
});

describe("appointment reminder", () => {
  const appt = (date: string, over: Partial<ClientRuleFacts> = {}) =>
    facts({ appointments: [{ date, kind: "ART_REFILL", status: "SCHEDULED" }], ...over });

  it("is due 2 and 1 days before, not 3 days before nor on the day", () => {
    const c = appt("2026-03-05"); // Thursday
    expect(kinds(c, "2026-03-02")).toEqual([]);
    expect(dueReasons(c, "2026-03-03", S, cal)).toStrictEqual([{ kind: "appointment", priority: 4, start: "2026-03-03" }]);
    expect(kinds(c, "2026-03-04")).toEqual(["appointment"]);
    expect(kinds(c, "2026-03-05")).toEqual([]);
  });

  it("is also due on the day when the country wants a reminder that day", () => {
    const s = readCountrySettings({ appointmentReminderOnDay: true });
    expect(kinds(appt("2026-03-05"), "2026-03-05", s)).toEqual(["appointment"]);
    // The day after, the reminder is over and, with no attendance recorded, she gets the visit check.
    expect(kinds(appt("2026-03-05"), "2026-03-06", s)).toEqual(["visit_check"]);
  });

  it("follows the country's number of days before", () => {
    const s = readCountrySettings({ appointmentReminderDaysBefore: 1 });
    expect(kinds(appt("2026-03-05"), "2026-03-03", s)).toEqual([]);
    expect(kinds(appt("2026-03-05"), "2026-03-04", s)).toEqual(["appointment"]);
  });

  it("moves to the last working day before when 2 days before is a weekend day", () => {
    const monday = appt("2026-03-09"); // 2 days before = Saturday: the reminder starts on Friday
    expect(kinds(monday, "2026-03-05")).toEqual([]);
    expect(reason(monday, "2026-03-06", "appointment")).toEqual({ kind: "appointment", priority: 4, start: "2026-03-06" });
    // Still due over the weekend (nobody works then), gone on the appointment day.
    expect(kinds(monday, "2026-03-08")).toEqual(["appointment"]);
    expect(kinds(monday, "2026-03-09")).toEqual([]);
    // With that Friday a public holiday, it starts on Thursday.
    const fridayOff = makeCalendar({ weekendDays: [6, 7], holidays: ["2026-03-06"] });
    expect(reason(monday, "2026-03-05", "appointment", S, fridayOff)).toEqual({ kind: "appointment", priority: 4, start: "2026-03-05" });
    expect(kinds(monday, "2026-03-04", S, fridayOff)).toEqual([]);
  });

  it("is answered by reaching her on or after its start", () => {
    expect(kinds(appt("2026-03-09", { lastReachedDate: "2026-03-06" }), "2026-03-08")).toEqual([]);
    expect(kinds(appt("2026-03-09", { lastReachedDate: "2026-03-05" }), "2026-03-08")).toEqual(["appointment"]);
  });

  it("stays due, with its priority and first due date, the day after if she was not reached (capacity overflow rolls over)", () => {
    const friday = appt("2026-03-06");
    const tuesday = mergeReasons(dueReasons(friday, "2026-03-04", S, cal));
    const wednesday = mergeReasons(dueReasons(friday, "2026-03-05", S, cal));
    expect(tuesday).toEqual({ reasons: ["appointment"], priority: 4, firstDueDate: "2026-03-04" });
    expect(wednesday).toEqual(tuesday);
  });
});

describe("enhanced adherence support (viral load thresholds)", () => {
  const vl = (copies: number, over: Partial<ClientRuleFacts> = {}) =>
    facts({ lastVlCopies: copies, lastVlDate: "2026-02-10", lastVlResultDate: "2026-02-20", ...over });

  it("49 copies/mL: suppressed, no call; 50: low-level; 1000: low-level; 1001: high", () => {
    expect(kinds(vl(49), "2026-03-02")).toEqual([]);
    expect(dueReasons(vl(50), "2026-03-02", S, cal)).toStrictEqual([{ kind: "eac_low", priority: 3, start: "2026-02-20" }]);
    expect(dueReasons(vl(1000), "2026-03-02", S, cal)).toStrictEqual([{ kind: "eac_low", priority: 3, start: "2026-02-20" }]);
    // High: the first call was promised within 7 days of the result (by 2026-02-27): late now.
    expect(dueReasons(vl(1001), "2026-02-26", S, cal)).toStrictEqual([{ kind: "eac_high", priority: 2, start: "2026-02-20" }]);
    expect(dueReasons(vl(1001), "2026-03-02", S, cal)).toStrictEqual([{ kind: "eac_high", priority: PRIORITY.deadline_passed, start: "2026-02-20" }]);
  });

  it("the first call after the result goes to the top from the day the country promised it by", () => {
    expect(reason(vl(1001), "2026-02-26", "eac_high")?.priority).toBe(2);
    expect(reason(vl(1001), "2026-02-27", "eac_high")?.priority).toBe(1);
    expect(reason(vl(500), "2026-03-05", "eac_low")?.priority).toBe(3);
    expect(reason(vl(500), "2026-03-06", "eac_low")?.priority).toBe(1);
    const s = readCountrySettings({ eacHighCallWithinDays: 3, eacLowLevelCallWithinDays: 30 });
    expect(reason(vl(1001), "2026-02-23", "eac_high", s)?.priority).toBe(1);
    expect(reason(vl(500), "2026-03-06", "eac_low", s)?.priority).toBe(3);
    // Later calls (after she was reached since the result) have no promise: their own level.
    expect(reason(vl(1001, { lastReachedDate: "2026-02-21" }), "2026-03-07", "eac_high")?.priority).toBe(2);
  });

  it("follows the country's thresholds", () => {
    const s = readCountrySettings({ vlSuppressedBelow: 200, vlHighAbove: 5000 });
    expect(kinds(vl(199), "2026-03-02", s)).toEqual([]);
    expect(kinds(vl(200), "2026-03-02", s)).toEqual(["eac_low"]);
    expect(kinds(vl(5001), "2026-03-02", s)).toEqual(["eac_high"]);
  });

  it("is due from the result date, not before", () => {
    expect(kinds(vl(5000), "2026-02-19")).toEqual([]);
    expect(kinds(vl(5000), "2026-02-20")).toEqual(["eac_high"]);
  });

  it("counts from the sample date when the result date is not known", () => {
    expect(reason(vl(5000, { lastVlResultDate: null }), "2026-02-10", "eac_high")?.start).toBe("2026-02-10");
  });

  it("after she is reached, comes back every 14 days", () => {
    const c = vl(5000, { lastReachedDate: "2026-02-25" });
    expect(kinds(c, "2026-03-10")).toEqual([]);
    expect(reason(c, "2026-03-11", "eac_high")).toEqual({ kind: "eac_high", priority: 2, start: "2026-03-11" });
  });

  it("a reach before the result does not answer it", () => {
    expect(reason(vl(5000, { lastReachedDate: "2026-02-19" }), "2026-03-02", "eac_high")?.start).toBe("2026-02-20");
  });
});

describe("adherence counselling", () => {
  const onArt = (over: Partial<ClientRuleFacts> = {}) => facts({ artStartDate: "2026-01-01", enrolmentDate: "2026-01-01", ...over });

  it("is weekly and priority 5 in week 12 on ART (2026-03-31), and not weekly in week 13 (2026-04-01)", () => {
    expect(isNewOnArt("2026-01-01", "2026-03-31", S)).toBe(true);
    expect(isNewOnArt("2026-01-01", "2026-04-01", S)).toBe(false);
    const c = onArt({ lastReachedDate: "2026-03-24" });
    expect(reason(c, "2026-03-31", "adherence")).toEqual({ kind: "adherence", priority: 5, start: "2026-03-31" });
    // On the first day of week 13 the interval is monthly: not due a week after the last reach.
    expect(reason(c, "2026-04-01", "adherence")).toBeUndefined();
    expect(adherenceIntervalDays(c, "2026-04-01", S)).toBe(30);
    expect(reason(onArt({ lastReachedDate: "2026-03-02" }), "2026-04-01", "adherence")).toEqual({
      kind: "adherence",
      priority: 8,
      start: "2026-04-01",
    });
  });

  it("is due exactly one interval after the last reach, not a day earlier", () => {
    const c = onArt({ lastReachedDate: "2026-01-20" });
    expect(reason(c, "2026-01-26", "adherence")).toBeUndefined();
    expect(reason(c, "2026-01-27", "adherence")?.start).toBe("2026-01-27");
  });

  it("counts from enrolment when she was never reached", () => {
    expect(reason(onArt({ lastReachedDate: null }), "2026-01-08", "adherence")?.start).toBe("2026-01-08");
  });

  it("is every 2 weeks while pregnant, breastfeeding or not suppressed (50 copies), monthly when stable (49)", () => {
    const day = "2026-06-01";
    expect(adherenceIntervalDays(onArt(), day, S)).toBe(30);
    expect(adherenceIntervalDays(onArt({ category: "PREGNANT" }), day, S)).toBe(14);
    expect(adherenceIntervalDays(onArt({ breastfeeding: true }), day, S)).toBe(14);
    expect(adherenceIntervalDays(onArt({ lastVlCopies: 50 }), day, S)).toBe(14);
    expect(adherenceIntervalDays(onArt({ lastVlCopies: 49 }), day, S)).toBe(30);
    const pregnant = onArt({ category: "PREGNANT", lastReachedDate: "2026-05-18" });
    expect(reason(pregnant, "2026-05-31", "adherence")).toBeUndefined();
    expect(reason(pregnant, "2026-06-01", "adherence")).toEqual({ kind: "adherence", priority: 8, start: "2026-06-01" });
  });

  it("needs an ART start date", () => {
    expect(reason(facts({ lastReachedDate: "2025-01-01" }), "2026-06-01", "adherence")).toBeUndefined();
  });
});

describe("viral-load test due", () => {
  const art = (over: Partial<ClientRuleFacts> = {}) => facts({ artStartDate: "2025-01-01", lastReachedDate: "2025-05-01", ...over });

  it("first at 6 months after ART start: from 7 days before, overdue 28 days after", () => {
    const c = art();
    expect(vlTestDueDate(c, S)).toBe("2025-07-01");
    expect(reason(c, "2025-06-23", "vl_due")).toBeUndefined();
    expect(reason(c, "2025-06-24", "vl_due")).toEqual({ kind: "vl_due", priority: 8, start: "2025-06-24" });
    expect(reason(c, "2025-07-28", "vl_due")).toEqual({ kind: "vl_due", priority: 8, start: "2025-06-24" });
    expect(reason(c, "2025-07-29", "vl_due")).toEqual({ kind: "vl_due", priority: PRIORITY.vl_overdue, start: "2025-07-29", overdue: true });
  });

  it("while overdue it comes back every 28 days at a higher level, whoever answered the last one", () => {
    // Reached on the first overdue day: answered until the next 28-day mark.
    const c = art({ lastReachedDate: "2025-07-29" });
    expect(reason(c, "2025-08-25", "vl_due")).toBeUndefined();
    expect(reason(c, "2025-08-26", "vl_due")).toEqual({ kind: "vl_due", priority: 5, start: "2025-08-26", overdue: true });
    expect(PRIORITY.vl_overdue).toBeLessThan(PRIORITY.routine);
    // The country's repeat interval.
    const s = readCountrySettings({ vlOverdueRepeatDays: 14 });
    expect(reason(c, "2025-08-12", "vl_due", s)).toEqual({ kind: "vl_due", priority: 5, start: "2025-08-12", overdue: true });
  });

  it("a client on ART for 400 days with no result at all is due one", () => {
    // Due 2025-07-31, overdue from 2025-08-28: the 28-day episode in force on 2026-03-07 began 2026-02-12.
    const c = art({ artStartDate: "2025-01-31", lastReachedDate: "2025-05-01" });
    expect(reason(c, "2026-03-07", "vl_due")).toEqual({ kind: "vl_due", priority: 5, start: "2026-02-12", overdue: true });
    // Reached in that episode: answered until the next one.
    expect(reason({ ...c, lastReachedDate: "2026-02-20" }, "2026-03-07", "vl_due")).toBeUndefined();
    expect(reason({ ...c, lastReachedDate: "2026-02-20" }, "2026-03-12", "vl_due")?.start).toBe("2026-03-12");
  });

  it("a result moves the due date on: the reminders stop", () => {
    const c = art({ lastReachedDate: "2025-07-29", lastVlCopies: 20, lastVlDate: "2025-08-10" });
    expect(reason(c, "2025-08-26", "vl_due")).toBeUndefined();
  });

  it("a sample within 30 days before the due date satisfies it (31 days before does not)", () => {
    const early = art({ lastVlCopies: 0, lastVlDate: "2025-05-31" });
    expect(vlTestDueDate(early, S)).toBe("2025-07-01");
    expect(reason(early, "2025-06-24", "vl_due")).toBeDefined();
    const inTime = art({ lastVlCopies: 0, lastVlDate: "2025-06-01" });
    expect(reason(inTime, "2025-06-24", "vl_due")).toBeUndefined();
    // ... and the next one is the 12-month test.
    expect(vlTestDueDate(inTime, S)).toBe("2026-01-01");
  });

  it("then at 12 months after ART start", () => {
    const c = art({ lastVlCopies: 20, lastVlDate: "2025-07-01", lastReachedDate: "2025-12-01" });
    expect(vlTestDueDate(c, S)).toBe("2026-01-01");
    expect(reason(c, "2025-12-24", "vl_due")).toBeUndefined();
    expect(reason(c, "2025-12-25", "vl_due")?.start).toBe("2025-12-25");
    expect(reason(c, "2026-01-28", "vl_due")).toMatchObject({ priority: 8, start: "2025-12-25" });
    expect(reason(c, "2026-01-29", "vl_due")).toMatchObject({ priority: 5, start: "2026-01-29" });
  });

  it("then every 12 months after the last sample", () => {
    const c = art({ lastVlCopies: 20, lastVlDate: "2026-01-05", lastReachedDate: "2026-06-01" });
    expect(vlTestDueDate(c, S)).toBe("2027-01-05");
    expect(reason(c, "2026-12-28", "vl_due")).toBeUndefined();
    expect(reason(c, "2026-12-29", "vl_due")?.start).toBe("2026-12-29");
    expect(reason(c, "2027-02-01", "vl_due")).toMatchObject({ priority: 8, start: "2026-12-29" });
    expect(reason(c, "2027-02-02", "vl_due")).toMatchObject({ priority: 5, start: "2027-02-02" });
  });

  it("a repeat test 3 months after a sample that was not suppressed", () => {
    const c = art({ lastVlCopies: 400, lastVlDate: "2026-01-10", lastReachedDate: "2026-04-01" });
    expect(vlTestDueDate(c, S)).toBe("2026-04-10");
    expect(reason(c, "2026-04-02", "vl_due")).toBeUndefined();
    expect(reason(c, "2026-04-03", "vl_due")?.start).toBe("2026-04-03");
  });

  it("is answered by reaching her in the window", () => {
    expect(reason(art({ lastReachedDate: "2025-06-24" }), "2025-06-25", "vl_due")).toBeUndefined();
    expect(reason(art({ lastReachedDate: "2025-06-23" }), "2025-06-25", "vl_due")).toBeDefined();
  });

  it("needs an ART start date", () => {
    expect(vlTestDueDate(facts(), S)).toBeNull();
  });
});

describe("infant testing reminder", () => {
  const mother = (over: Partial<ClientRuleFacts> = {}) => facts({ infants: [{ dateOfBirth: "2026-01-01" }], ...over });

  it("at 6 weeks of age (2026-02-12): from 7 days before to 28 days after", () => {
    const c = mother();
    expect(kinds(c, "2026-02-04")).toEqual([]);
    expect(dueReasons(c, "2026-02-05", S, cal)).toStrictEqual([{ kind: "infant_test", priority: 6, start: "2026-02-05" }]);
    expect(kinds(c, "2026-03-12")).toEqual(["infant_test"]);
    expect(kinds(c, "2026-03-13")).toEqual([]);
  });

  it("at 39 and 78 weeks of age too", () => {
    // 39 weeks = 273 days: 2026-10-01.
    expect(reason(mother(), "2026-09-24", "infant_test")?.start).toBe("2026-09-24");
    expect(reason(mother(), "2026-09-23", "infant_test")).toBeUndefined();
    // 78 weeks = 546 days: 2027-07-01.
    expect(reason(mother(), "2027-06-24", "infant_test")?.start).toBe("2027-06-24");
  });

  it("is not due when an infant test was attended from 14 days before the due date", () => {
    const attended = (date: string) => mother({ appointments: [{ date, kind: "INFANT_TEST", status: "ATTENDED" }] });
    expect(kinds(attended("2026-01-29"), "2026-02-10")).toEqual([]);
    expect(kinds(attended("2026-01-28"), "2026-02-10")).toEqual(["infant_test"]);
  });

  it("6 weeks after breastfeeding ends", () => {
    const c = mother({ breastfeedingEndDate: "2026-06-30" });
    // 2026-06-30 + 42 days = 2026-08-11.
    expect(reason(c, "2026-08-03", "infant_test")).toBeUndefined();
    expect(reason(c, "2026-08-04", "infant_test")?.start).toBe("2026-08-04");
    // Without an infant on record there is nobody to test.
    expect(reason(facts({ breastfeedingEndDate: "2026-06-30" }), "2026-08-04", "infant_test")).toBeUndefined();
  });

  it("is answered by reaching her in the window", () => {
    expect(kinds(mother({ lastReachedDate: "2026-02-05" }), "2026-02-10")).toEqual([]);
  });
});

describe("welcome call and callback", () => {
  it("welcome: from the enrolment date until she is first reached", () => {
    const c = facts({ enrolmentDate: "2026-03-02", lastReachedDate: null });
    expect(kinds(c, "2026-03-01")).toEqual([]);
    expect(dueReasons(c, "2026-03-02", S, cal)).toStrictEqual([{ kind: "welcome", priority: 5, start: "2026-03-02" }]);
    expect(kinds(c, "2026-03-20")).toEqual(["welcome"]);
    expect(kinds({ ...c, lastReachedDate: "2026-03-02" }, "2026-03-03")).toEqual([]);
  });

  it("welcome: promised within welcomeWithinWorkingDays working days, then at the top level", () => {
    // Enrolled on Thursday 2026-03-05: two working days later is Monday 2026-03-09.
    const c = facts({ enrolmentDate: "2026-03-05", lastReachedDate: null });
    expect(reason(c, "2026-03-06", "welcome")?.priority).toBe(PRIORITY.welcome);
    expect(reason(c, "2026-03-08", "welcome")?.priority).toBe(PRIORITY.welcome);
    expect(reason(c, "2026-03-09", "welcome")?.priority).toBe(PRIORITY.deadline_passed);
    // A public holiday on the Monday pushes the promise to Tuesday.
    const mondayOff = makeCalendar({ weekendDays: [6, 7], holidays: ["2026-03-09"] });
    expect(reason(c, "2026-03-09", "welcome", S, mondayOff)?.priority).toBe(PRIORITY.welcome);
    expect(reason(c, "2026-03-10", "welcome", S, mondayOff)?.priority).toBe(PRIORITY.deadline_passed);
    // The country's own promise; 0 = the day of enrolment itself.
    expect(reason(c, "2026-03-09", "welcome", readCountrySettings({ welcomeWithinWorkingDays: 5 }))?.priority).toBe(PRIORITY.welcome);
    expect(reason(c, "2026-03-05", "welcome", readCountrySettings({ welcomeWithinWorkingDays: 0 }))?.priority).toBe(PRIORITY.deadline_passed);
  });

  it("callback: from the day she asked for until she is reached", () => {
    const c = facts({ callbackDates: ["2026-03-04"] });
    expect(kinds(c, "2026-03-03")).toEqual([]);
    expect(dueReasons(c, "2026-03-04", S, cal)).toStrictEqual([{ kind: "callback", priority: 7, start: "2026-03-04" }]);
    expect(kinds(c, "2026-03-10")).toEqual(["callback"]);
    expect(kinds({ ...c, lastReachedDate: "2026-03-04" }, "2026-03-05")).toEqual([]);
  });

  it("reply to a reminder message: its own reason at the callback's level, from the day it came until she is reached", () => {
    const c = facts({ replyDates: ["2026-03-04"] });
    expect(kinds(c, "2026-03-03")).toEqual([]);
    expect(dueReasons(c, "2026-03-04", S, cal)).toStrictEqual([{ kind: "reply", priority: PRIORITY.callback, start: "2026-03-04" }]);
    expect(kinds({ ...c, callbackDates: ["2026-03-05"] }, "2026-03-06")).toEqual(["callback", "reply"]);
    expect(kinds({ ...c, lastReachedDate: "2026-03-04" }, "2026-03-05")).toEqual([]);
  });
});

describe("merging into one task per client per day", () => {
  it("a mother with a missed appointment and her infant's test due: one task, priority 1, both reasons", () => {
    const c = facts({
      appointments: [{ date: "2026-02-02", kind: "ART_REFILL", status: "MISSED" }],
      infants: [{ dateOfBirth: "2026-01-01" }],
    });
    const due = dueReasons(c, "2026-02-10", S, cal);
    expect(due.map((r) => r.kind)).toEqual(["missed", "infant_test"]);
    expect(mergeReasons(due)).toEqual({ reasons: ["missed", "infant_test"], priority: 1, firstDueDate: "2026-02-03" });
  });

  it("takes the earliest start as the first due date, whichever reason it belongs to", () => {
    const c = facts({
      callbackDates: ["2026-01-15"],
      appointments: [{ date: "2026-03-05", kind: "ART_REFILL", status: "SCHEDULED" }],
    });
    expect(mergeReasons(dueReasons(c, "2026-03-03", S, cal))).toEqual({
      reasons: ["appointment", "callback"],
      priority: 4,
      firstDueDate: "2026-01-15",
    });
  });

  it("sorts reasons by priority then name, each kind once", () => {
    const r: DueReason[] = [
      { kind: "welcome", priority: 5, start: "2026-03-02" },
      { kind: "vl_due", priority: 8, start: "2026-03-01" },
      { kind: "adherence", priority: 5, start: "2026-03-02" },
      { kind: "callback", priority: 7, start: "2026-02-27" },
      { kind: "callback", priority: 7, start: "2026-02-20" },
    ];
    expect(mergeReasons(r)).toEqual({ reasons: ["adherence", "welcome", "callback", "vl_due"], priority: 5, firstDueDate: "2026-02-20" });
  });

  it("nothing due: no task", () => {
    expect(mergeReasons([])).toBeNull();
  });

  it("dueReasons itself is sorted by priority then kind", () => {
    const c = facts({
      enrolmentDate: "2026-01-01",
      artStartDate: "2026-01-01",
      lastReachedDate: null,
      callbackDates: ["2026-01-05"],
    });
    const patient = readCountrySettings({ welcomeWithinWorkingDays: 10 });
    expect(kinds(c, "2026-01-08", patient)).toEqual(["adherence", "welcome", "callback"]);
    // With the default promise (2 working days) the welcome call is late on 2026-01-08: it goes first.
    expect(kinds(c, "2026-01-08")).toEqual(["welcome", "adherence", "callback"]);
  });
});

describe("priority order", () => {
  it("has the eight levels of domain.md in order (with the raises and the visit check beside them)", () => {
    expect(Object.values(PRIORITY)).toEqual([1, 1, 2, 3, 4, 4, 5, 5, 5, 6, 7, 8]);
    expect(REASON_KINDS.map((k) => KIND_PRIORITY[k])).toEqual([1, 2, 3, 4, 4, 5, 8, 6, 7, 7, 8]);
  });

  it("one client per level ends up in that order on the list, whatever the input order", () => {
    const day = "2026-03-03";
    const clients: [string, ClientRuleFacts, number][] = [
      ["c8", facts({ artStartDate: "2025-01-01", lastVlCopies: 0, lastVlDate: "2025-12-05", lastReachedDate: "2026-01-31" }), 8],
      ["c7", facts({ callbackDates: ["2026-03-03"] }), 7],
      ["c6", facts({ infants: [{ dateOfBirth: "2026-01-20" }] }), 6],
      ["c5", facts({ artStartDate: "2026-02-01", lastReachedDate: "2026-02-24" }), 5],
      ["c4", facts({ appointments: [{ date: "2026-03-05", kind: "ART_REFILL", status: "SCHEDULED" }] }), 4],
      ["c3", facts({ lastVlCopies: 1000, lastVlDate: "2026-02-20", lastVlResultDate: "2026-02-27" }), 3],
      ["c2", facts({ lastVlCopies: 1001, lastVlDate: "2026-02-20", lastVlResultDate: "2026-02-27" }), 2],
      ["c1", facts({ appointments: [{ date: "2026-02-20", kind: "ART_REFILL", status: "MISSED" }] }), 1],
    ];
    const tasks = clients.map(([clientId, c, level]) => {
      const task = mergeReasons(dueReasons(c, day, S, cal));
      expect(task?.priority).toBe(level);
      return { clientId, priority: task!.priority, lastReachedDate: c.lastReachedDate };
    });
    expect([...tasks].sort(compareForQueue).map((t) => t.clientId)).toEqual(["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"]);
  });
});

describe("list order and capacity", () => {
  const e = (clientId: string, priority: number, lastReachedDate: string | null) => ({ clientId, priority, lastReachedDate });

  it("orders by priority, then longest since reached (never reached first), then client id", () => {
    const list = [
      e("b", 4, "2026-02-01"),
      e("a", 4, "2026-02-01"),
      e("c", 4, null),
      e("d", 4, "2026-01-01"),
      e("e", 1, "2026-03-01"),
      e("f", 8, null),
    ];
    expect([...list].sort(compareForQueue).map((x) => x.clientId)).toEqual(["e", "c", "d", "a", "b", "f"]);
    expect([...list].reverse().sort(compareForQueue).map((x) => x.clientId)).toEqual(["e", "c", "d", "a", "b", "f"]);
    expect(compareForQueue(e("a", 1, null), e("a", 1, null))).toBe(0);
  });

  it("fills her capacity in that order and leaves the rest for her next working day", () => {
    const list = [e("x", 8, null), e("y", 1, null), e("z", 4, "2026-01-01"), e("w", 4, null)];
    const { today, rolled } = fitCapacity(list, 2);
    expect(today.map((x) => x.clientId)).toEqual(["y", "w"]);
    expect(rolled.map((x) => x.clientId)).toEqual(["z", "x"]);
    expect(fitCapacity(list, 0).today).toEqual([]);
    expect(fitCapacity(list, -3).rolled).toHaveLength(4);
    expect(fitCapacity(list, 10).rolled).toEqual([]);
  });
});

describe("time zones", () => {
  it("a site at UTC+3 generating at 00:30 local on 2026-03-02 uses that date for the rules", () => {
    const day = localDay("Africa/Nairobi", new Date("2026-03-01T21:30:00.000Z"));
    expect(day).toBe("2026-03-02");
    // Appointment on Wednesday 4th: its reminder starts on Monday 2nd (the site's today), which
    // the server's UTC date (Sunday 1st) would miss.
    const c = facts({ appointments: [{ date: "2026-03-04", kind: "ART_REFILL", status: "SCHEDULED" }] });
    expect(kinds(c, day)).toEqual(["appointment"]);
    expect(kinds(c, localDay("UTC", new Date("2026-03-01T21:30:00.000Z")))).toEqual([]);
  });

  it("give the same answers whatever the server's time zone (the suite runs under TZ=UTC and TZ=Africa/Nairobi)", () => {
    const c = facts({ artStartDate: "2025-08-31", lastReachedDate: null, enrolmentDate: "2025-08-31" });
    // addMonths(2025-08-31, 6) clamps to 2026-02-28 in every zone.
    expect(vlTestDueDate(c, S)).toBe("2026-02-28");
    expect(reason(c, "2026-02-21", "vl_due")?.start).toBe("2026-02-21");
  });
});

describe("explanations", () => {
  const mother = facts({
    lastReachedDate: "2026-01-20",
    appointments: [
      { date: "2026-02-02", kind: "ART_REFILL", status: "MISSED" },
      { date: "2026-03-05", kind: "INFANT_TEST", status: "SCHEDULED" },
    ],
    infants: [{ dateOfBirth: "2026-01-20" }],
  });

  it("turns each reason of the task into a message key with the details of why it is due", () => {
    const day = "2026-03-03";
    const task = { ...mergeReasons(dueReasons(mother, day, S, cal))!, taskDate: day };
    expect(task.reasons).toEqual(["missed", "appointment", "infant_test"]);
    const out = explainTask(task, mother, S, cal);
    expect(out.map((x) => x.key)).toEqual(["waiting", "missed", "appointment", "infant_test"]);
    expect(out[0]!.params).toEqual({ days: 28, date: new Date("2026-02-03T00:00:00.000Z") });
    expect(out[1]!.params).toEqual({ days: 29, ltfu: true, date: new Date("2026-02-02T00:00:00.000Z"), appointmentKind: "ART_REFILL" });
    expect(out[2]!.params).toEqual({ days: 2, date: new Date("2026-03-05T00:00:00.000Z"), appointmentKind: "INFANT_TEST" });
    expect(out[3]!.params).toEqual({ weeks: 6, afterBreastfeeding: false, date: new Date("2026-03-03T00:00:00.000Z") });
  });

  it("says a reason is no longer due when it was answered after the task was made, and skips unknown kinds", () => {
    const reached = { ...mother, lastReachedDate: "2026-03-03" };
    const out = explainTask({ reasons: ["appointment", "something_new"], taskDate: "2026-03-03", firstDueDate: "2026-03-03" }, reached, S, cal);
    expect(out).toEqual([{ key: "stillListed", params: { kind: "appointment" } }]);
    // A missed appointment is not answered by reaching her: still explained in full.
    expect(explainTask({ reasons: ["missed"], taskDate: "2026-03-03", firstDueDate: "2026-03-03" }, reached, S, cal)[0]!.key).toBe("missed");
  });

  it("explains adherence with its interval and the days since she was last reached", () => {
    const c = facts({ artStartDate: "2024-01-01", lastReachedDate: "2026-02-01" });
    const [e] = explainTask({ reasons: ["adherence"], taskDate: "2026-03-03", firstDueDate: "2026-03-03" }, c, S, cal);
    expect(e).toEqual({ key: "adherence", params: { newOnArt: false, interval: 30, reached: true, days: 30 } });
  });

  it("has the same keys in English, Portuguese and French, a label for every kind, and every sentence renders", () => {
    const load = (l: string) => JSON.parse(readFileSync(path.join(__dirname, `../../messages/${l}/calls.json`), "utf8"));
    const keys = (o: object, p = ""): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === "object" ? keys(v, `${p}${k}.`) : [`${p}${k}`])).sort();
    const en = load("en");
    for (const l of ["pt", "fr"]) expect(keys(load(l))).toEqual(keys(en));
    for (const k of REASON_KINDS) {
      expect(en.reasons[k]).toEqual(expect.any(String));
      expect(en.explain[k]).toEqual(expect.any(String));
    }

    // One explanation of every key and variant, rendered by next-intl's formatter in each locale.
    const samples: Explanation[] = [
      ...explainTask({ reasons: ["missed", "appointment", "infant_test"], taskDate: "2026-03-03", firstDueDate: "2026-02-03" }, mother, S, cal),
      ...explainTask({ reasons: ["missed"], taskDate: "2026-02-04", firstDueDate: "2026-02-03" }, mother, S, cal),
      ...explainTask({ reasons: ["missed", "callback"], taskDate: "2026-03-03", firstDueDate: "2026-03-03" }, { ...mother, lastReachedDate: "2026-03-03" }, S, cal),
      ...explainTask(
        { reasons: ["eac_high", "welcome", "callback"], taskDate: "2026-03-03", firstDueDate: "2026-03-03" },
        facts({ lastReachedDate: null, enrolmentDate: "2026-03-01", lastVlCopies: 25000, lastVlDate: "2026-02-20", callbackDates: ["2026-03-02"] }),
        S,
        cal,
      ),
      ...explainTask({ reasons: ["reply"], taskDate: "2026-03-03", firstDueDate: "2026-03-02" }, facts({ replyDates: ["2026-03-02"] }), S, cal),
      ...explainTask({ reasons: ["eac_low"], taskDate: "2026-03-03", firstDueDate: "2026-03-03" }, facts({ lastVlCopies: 300, lastVlDate: "2026-02-20" }), S, cal),
      ...explainTask({ reasons: ["adherence"], taskDate: "2026-03-03", firstDueDate: "2026-03-03" }, facts({ artStartDate: "2026-02-01", lastReachedDate: null, enrolmentDate: "2026-02-01" }), S, cal),
      ...explainTask({ reasons: ["vl_due"], taskDate: "2025-07-10", firstDueDate: "2025-07-10" }, facts({ artStartDate: "2025-01-01" }), S, cal),
      ...explainTask({ reasons: ["vl_due"], taskDate: "2025-06-28", firstDueDate: "2025-06-28" }, facts({ artStartDate: "2025-01-01" }), S, cal),
      ...explainTask(
        { reasons: ["visit_check"], taskDate: "2026-03-04", firstDueDate: "2026-03-03" },
        facts({ appointments: [{ date: "2026-03-02", kind: "ANC_PNC", status: "SCHEDULED" }] }),
        S,
        cal,
      ),
      ...explainTask({ reasons: ["welcome"], taskDate: "2026-03-09", firstDueDate: "2026-03-05" }, facts({ lastReachedDate: null, enrolmentDate: "2026-03-05" }), S, cal),
      ...explainTask(
        { reasons: ["infant_test"], taskDate: "2026-08-10", firstDueDate: "2026-08-10" },
        facts({ infants: [{ dateOfBirth: "2025-01-01" }], breastfeedingEndDate: "2026-06-30" }),
        S,
        cal,
      ),
    ];
    const used = new Set(samples.map((s) => s.key));
    for (const k of [...REASON_KINDS, "waiting", "stillListed", "deadline"]) expect(used).toContain(k);

    const rendered = renderInChild(samples);
    for (const l of ["en", "pt", "fr"]) {
      expect(rendered[l]).toHaveLength(samples.length);
      for (const text of rendered[l]!) {
        expect(text).not.toMatch(/[{}]|calls\.explain/);
        expect(text.length).toBeGreaterThan(10);
      }
    }
    expect(rendered.en).toEqual(
      expect.arrayContaining([
        "Remind her of her baby’s test on Thursday, March 5, 2026 (in 2 days).",
        expect.stringMatching(/^She missed her pill refill on Feb 2, 2026, 29 days ago\. It has been a long time/),
        expect.stringMatching(/^She missed her pill refill on Feb 2, 2026 \(2 days ago\)/),
        "Her viral-load test was due on Jul 1, 2025, 9 days ago: remind her to go.",
        "Her baby’s test after the end of breastfeeding is due around Aug 11, 2026. Remind her to take the baby to the clinic.",
      ]),
    );
  });
});

/** next-intl's formatter is ESM only, which this jest setup does not transform: render in a child
 * node process with the same catalogue files, so a broken ICU message or a missing parameter fails
 * here rather than on a Mentor Mother's screen. */
function renderInChild(samples: Explanation[]): Record<string, string[]> {
  const script = `
    import { createTranslator } from "use-intl/core";
    import { readFileSync } from "node:fs";
    const samples = JSON.parse(process.env.SAMPLES, (k, v) => (typeof v === "string" && /^\\d{4}-\\d{2}-\\d{2}T/.test(v) ? new Date(v) : v));
    const out = {};
    for (const locale of ["en", "pt", "fr"]) {
      const messages = { calls: JSON.parse(readFileSync("messages/" + locale + "/calls.json", "utf8")) };
      const t = createTranslator({ locale, messages, namespace: "calls.explain", timeZone: "UTC", onError: (e) => { throw e; } });
      out[locale] = samples.map((s) => t(s.key, { ...s.params, sex: "FEMALE" }));
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: path.join(__dirname, "../.."),
    env: { ...process.env, SAMPLES: JSON.stringify(samples) },
    encoding: "utf8",
  });
  return JSON.parse(stdout);
}
