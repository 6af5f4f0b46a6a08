import { makeCalendar } from "@/lib/calls/calendar";
import {
  canCallPhone,
  DISPOSITIONS,
  nextTaskState,
  nextWorkingDayStart,
  RETRYABLE_DISPOSITIONS,
  type Disposition,
  type TaskForTransition,
  type TransitionContext,
} from "@/lib/calls/state-machine";
import { readCountrySettings } from "@/lib/settings/schemas";
import { FINISHED_TASK_STATUSES, isFinishedTask, isOpenTask, OPEN_STATUSES_SQL, TASK_STATUSES } from "@/lib/calls/task-status";

// A site in Nairobi (UTC+3, no daylight saving). March 2026: Monday 2 ... Friday 6, Monday 9, Tuesday 10.
const S = readCountrySettings({});
const TZ = "Africa/Nairobi";
const ctx = (holidays: string[] = [], settings = S): TransitionContext => ({
  ...makeCalendar({ weekendDays: settings.weekendDays, holidays }),
  settings,
  timeZone: TZ,
});
/** An instant given as Nairobi wall-clock time. */
const at = (local: string) => new Date(`${local}+03:00`);

const task = (over: Partial<TaskForTransition> = {}): TaskForTransition => ({
  status: "PENDING",
  attempts: 0,
  firstAttemptDate: null,
  reasons: ["adherence"],
  ...over,
});

const FAILURES: Disposition[] = ["NO_ANSWER", "BUSY", "UNREACHABLE", "VOICEMAIL", "CALL_DROPPED", "ANSWERED_BY_OTHER"];

describe("a call that reaches the client, or ends the conversation", () => {
  const now = at("2026-03-04T10:00:00");

  it("REACHED: done, and the client counts as reached", () => {
    expect(nextTaskState(task(), "REACHED", now, ctx())).toEqual({
      status: "DONE",
      attempts: 1,
      nextAttemptAt: null,
      escalate: null,
      flagPhone: null,
      optOut: false,
      reached: true,
    });
  });

  it("REACHED on a third attempt is done, not escalated", () => {
    expect(nextTaskState(task({ attempts: 2, status: "RETRY_LATER", firstAttemptDate: "2026-03-03" }), "REACHED", now, ctx())).toMatchObject({
      status: "DONE",
      attempts: 3,
      escalate: null,
      reached: true,
    });
  });

  it("DECLINED: done without retry; not reached", () => {
    expect(nextTaskState(task(), "DECLINED", now, ctx())).toEqual({
      status: "DONE",
      attempts: 1,
      nextAttemptAt: null,
      escalate: null,
      flagPhone: null,
      optOut: false,
      reached: false,
    });
  });

  it("OPTED_OUT: cancelled, and the caller must opt the client out", () => {
    expect(nextTaskState(task(), "OPTED_OUT", now, ctx())).toMatchObject({ status: "CANCELLED", optOut: true, reached: false, nextAttemptAt: null });
  });

  it("CALLBACK_REQUESTED for another day: done, the callback time passed through for the callback task", () => {
    const cb = at("2026-03-05T15:00:00");
    expect(nextTaskState(task(), "CALLBACK_REQUESTED", now, ctx(), cb)).toEqual({
      status: "DONE",
      attempts: 1,
      nextAttemptAt: null,
      escalate: null,
      flagPhone: null,
      optOut: false,
      reached: false,
      callback: cb,
    });
    expect(nextTaskState(task(), "CALLBACK_REQUESTED", now, ctx())).toMatchObject({ status: "DONE", attempts: 1 });
  });

  it("CALLBACK_REQUESTED later the same site-local day: this task is retried at that time (one task per client per day)", () => {
    const cb = at("2026-03-04T16:30:00");
    expect(nextTaskState(task(), "CALLBACK_REQUESTED", now, ctx(), cb)).toMatchObject({ status: "RETRY_LATER", nextAttemptAt: cb, callback: cb });
    // 20:30 UTC is 23:30 in Nairobi: still the 4th there.
    const lateSameDay = new Date("2026-03-04T20:30:00.000Z");
    expect(nextTaskState(task(), "CALLBACK_REQUESTED", now, ctx(), lateSameDay).status).toBe("RETRY_LATER");
    const nextDayLocal = new Date("2026-03-04T21:30:00.000Z"); // 00:30 on the 5th in Nairobi
    expect(nextTaskState(task(), "CALLBACK_REQUESTED", now, ctx(), nextDayLocal).status).toBe("DONE");
  });
});

describe("wrong number and number not in service", () => {
  it.each(["WRONG_NUMBER", "NOT_IN_SERVICE"] as const)("%s: no retry, the phone flagged, the supervisor told", (d) => {
    expect(nextTaskState(task(), d, at("2026-03-04T10:00:00"), ctx())).toEqual({
      status: "ESCALATED",
      attempts: 1,
      nextAttemptAt: null,
      escalate: "supervisor",
      flagPhone: d,
      optOut: false,
      reached: false,
    });
  });

  it("goes to the supervisor (for the number) even for a missed appointment", () => {
    expect(nextTaskState(task({ reasons: ["missed"] }), "WRONG_NUMBER", at("2026-03-04T10:00:00"), ctx()).escalate).toBe("supervisor");
  });
});

describe("retries after a call that did not reach her", () => {
  it("every no-contact disposition is retried, and only those", () => {
    expect([...RETRYABLE_DISPOSITIONS].sort()).toEqual([...FAILURES].sort());
    expect(DISPOSITIONS).toHaveLength(12);
  });

  it.each(FAILURES)("%s as first attempt: retry 2 hours later", (d) => {
    const now = at("2026-03-04T10:00:00");
    expect(nextTaskState(task(), d, now, ctx())).toEqual({
      status: "RETRY_LATER",
      attempts: 1,
      nextAttemptAt: at("2026-03-04T12:00:00"),
      escalate: null,
      flagPhone: null,
      optOut: false,
      reached: false,
    });
  });

  it("follows the country's retry delay", () => {
    const s = readCountrySettings({ retryDelayMinutes: 45 });
    expect(nextTaskState(task(), "BUSY", at("2026-03-04T10:00:00"), ctx([], s)).nextAttemptAt).toEqual(at("2026-03-04T10:45:00"));
  });

  it.each(FAILURES)("%s as second attempt: retry at 08:00 site-local on the next working day", (d) => {
    const t = task({ attempts: 1, status: "RETRY_LATER", firstAttemptDate: "2026-03-04" });
    expect(nextTaskState(t, d, at("2026-03-04T12:05:00"), ctx())).toMatchObject({
      status: "RETRY_LATER",
      attempts: 2,
      nextAttemptAt: at("2026-03-05T08:00:00"),
      escalate: null,
    });
  });

  it("second failure on a Friday: Monday 08:00 local, or Tuesday when Monday is a public holiday", () => {
    const t = task({ attempts: 1, status: "RETRY_LATER", firstAttemptDate: "2026-03-06" });
    const friday = at("2026-03-06T14:00:00");
    expect(nextTaskState(t, "NO_ANSWER", friday, ctx()).nextAttemptAt).toEqual(new Date("2026-03-09T05:00:00.000Z"));
    expect(nextTaskState(t, "NO_ANSWER", friday, ctx(["2026-03-09"])).nextAttemptAt).toEqual(new Date("2026-03-10T05:00:00.000Z"));
  });

  it("uses the site-local date of the failure: 22:30 UTC on Thursday is already Friday in Nairobi", () => {
    const t = task({ attempts: 1, status: "RETRY_LATER", firstAttemptDate: "2026-03-05" });
    // 01:30 Friday local: the next working day is Monday, not Friday.
    expect(nextTaskState(t, "NO_ANSWER", new Date("2026-03-05T22:30:00.000Z"), ctx()).nextAttemptAt).toEqual(at("2026-03-09T08:00:00"));
    expect(nextWorkingDayStart(new Date("2026-03-05T20:30:00.000Z"), TZ, ctx())).toEqual(at("2026-03-06T08:00:00"));
  });

  it("starts the next working day at 08:00 in the site's own zone", () => {
    expect(nextWorkingDayStart(new Date("2026-03-04T12:00:00.000Z"), "Africa/Johannesburg", ctx())).toEqual(new Date("2026-03-05T06:00:00.000Z"));
    expect(nextWorkingDayStart(new Date("2026-03-04T12:00:00.000Z"), "UTC", ctx())).toEqual(new Date("2026-03-05T08:00:00.000Z"));
  });
});

describe("escalation", () => {
  it("at the third attempt: to the supervisor, or to tracing for a missed appointment", () => {
    const third = task({ attempts: 2, status: "RETRY_LATER", firstAttemptDate: "2026-03-04" });
    const now = at("2026-03-05T09:00:00");
    expect(nextTaskState(third, "NO_ANSWER", now, ctx())).toEqual({
      status: "ESCALATED",
      attempts: 3,
      nextAttemptAt: null,
      escalate: "supervisor",
      flagPhone: null,
      optOut: false,
      reached: false,
    });
    expect(nextTaskState({ ...third, reasons: ["missed", "infant_test"] }, "UNREACHABLE", now, ctx())).toMatchObject({
      status: "ESCALATED",
      escalate: "tracing",
    });
  });

  it("not before the third attempt", () => {
    const second = task({ attempts: 1, status: "RETRY_LATER", firstAttemptDate: "2026-03-04", reasons: ["missed"] });
    expect(nextTaskState(second, "NO_ANSWER", at("2026-03-04T12:00:00"), ctx()).status).toBe("RETRY_LATER");
  });

  it("follows the country's maximum number of attempts", () => {
    const s = readCountrySettings({ maxAttemptsPerTask: 4 });
    const third = task({ attempts: 2, status: "RETRY_LATER", firstAttemptDate: "2026-03-04" });
    expect(nextTaskState(third, "NO_ANSWER", at("2026-03-04T15:00:00"), ctx([], s))).toMatchObject({
      status: "RETRY_LATER",
      nextAttemptAt: at("2026-03-05T08:00:00"),
    });
    expect(nextTaskState({ ...third, attempts: 3 }, "NO_ANSWER", at("2026-03-05T09:00:00"), ctx([], s)).status).toBe("ESCALATED");
  });

  it("on the third working day since the first attempt, even at the second attempt", () => {
    const s = readCountrySettings({ maxAttemptsPerTask: 10 });
    const t = task({ attempts: 1, status: "RETRY_LATER", firstAttemptDate: "2026-03-05", reasons: ["missed"] }); // Thursday
    // Friday is the 2nd working day: retry. Monday is the 3rd (the weekend does not count): escalate.
    expect(nextTaskState(t, "NO_ANSWER", at("2026-03-06T10:00:00"), ctx([], s)).status).toBe("RETRY_LATER");
    expect(nextTaskState(t, "NO_ANSWER", at("2026-03-09T10:00:00"), ctx([], s))).toMatchObject({ status: "ESCALATED", escalate: "tracing" });
    // With Monday a holiday, Monday is not a working day: still retried then, escalated on Tuesday.
    expect(nextTaskState(t, "NO_ANSWER", at("2026-03-09T10:00:00"), ctx(["2026-03-09"], s)).status).toBe("RETRY_LATER");
    expect(nextTaskState(t, "NO_ANSWER", at("2026-03-10T10:00:00"), ctx(["2026-03-09"], s)).status).toBe("ESCALATED");
  });
});

describe("task states (lib/calls/task-status.ts)", () => {
  it("only pending, claimed and retry-later tasks are still open", () => {
    expect(TASK_STATUSES.filter(isOpenTask)).toEqual(["PENDING", "CLAIMED", "RETRY_LATER"]);
    expect(OPEN_STATUSES_SQL).toBe("'PENDING', 'CLAIMED', 'RETRY_LATER'");
  });

  it("done, escalated and cancelled are finished; carried over is neither open nor finished", () => {
    expect(TASK_STATUSES.filter(isFinishedTask)).toEqual([...FINISHED_TASK_STATUSES]);
    expect(FINISHED_TASK_STATUSES).toEqual(["DONE", "ESCALATED", "CANCELLED"]);
    expect(isOpenTask("CARRIED_OVER") || isFinishedTask("CARRIED_OVER")).toBe(false);
  });

  it("every state the retry rules can choose is a known state", () => {
    const t: TaskForTransition = { status: "PENDING", attempts: 0, firstAttemptDate: null, reasons: ["welcome"] };
    for (const d of DISPOSITIONS) {
      expect(TASK_STATUSES).toContain(nextTaskState(t, d, at("2026-03-09T10:00:00"), ctx([], S), at("2026-03-10T10:00:00")).status);
    }
  });
});

describe("calls per phone number per day", () => {
  it("allows the 1st and 2nd call of the day to a number, not the 3rd", () => {
    expect(canCallPhone(0, S)).toBe(true);
    expect(canCallPhone(1, S)).toBe(true);
    expect(canCallPhone(2, S)).toBe(false);
    expect(canCallPhone(3, S)).toBe(false);
  });

  it("follows the country's limit", () => {
    expect(canCallPhone(2, readCountrySettings({ maxCallsPerPhonePerDay: 3 }))).toBe(true);
    expect(canCallPhone(3, readCountrySettings({ maxCallsPerPhonePerDay: 3 }))).toBe(false);
  });
});
