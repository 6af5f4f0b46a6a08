// What a recorded call does to its task (domain.md, "Attempts, retries, escalation"): retry after a
// delay, then on the next working day; at most maxAttemptsPerTask attempts over at most
// maxWorkingDaysPerTask working days, then escalate - to tracing (home visit) for a missed
// appointment, to the supervisor otherwise. Pure: the call screen records the attempt and applies
// the returned state in the same transaction.
import type { CountrySettings } from "@/lib/settings/schemas";
import { localDay, localTime } from "@/lib/site-clock";
import { nextWorkingDay, workingDaysInRange, type Calendar } from "@/lib/calls/calendar";
import type { TaskStatus } from "@/lib/calls/task-status";
import type { Disposition as DbDisposition } from "@/lib/generated/prisma/enums";

export type { TaskStatus };

export type Disposition =
  | "REACHED"
  | "NO_ANSWER"
  | "BUSY"
  | "UNREACHABLE"
  | "VOICEMAIL"
  | "WRONG_NUMBER"
  | "NOT_IN_SERVICE"
  | "CALL_DROPPED"
  | "ANSWERED_BY_OTHER"
  | "CALLBACK_REQUESTED"
  | "DECLINED"
  | "OPTED_OUT";

// The database's enum, named exactly (checked at compile time).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameAsDatabase: Same<Disposition, DbDisposition> = true;
void sameAsDatabase;

/** Every disposition, in the order of the call screen. */
export const DISPOSITIONS: readonly Disposition[] = [
  "REACHED",
  "NO_ANSWER",
  "BUSY",
  "UNREACHABLE",
  "VOICEMAIL",
  "WRONG_NUMBER",
  "NOT_IN_SERVICE",
  "CALL_DROPPED",
  "ANSWERED_BY_OTHER",
  "CALLBACK_REQUESTED",
  "DECLINED",
  "OPTED_OUT",
];

/** The client was not spoken to, but the number may work later: these are retried. Answered by
 * someone else counts too - nothing was disclosed and the client still has to be reached. */
export const RETRYABLE_DISPOSITIONS: ReadonlySet<Disposition> = new Set<Disposition>([
  "NO_ANSWER",
  "BUSY",
  "UNREACHABLE",
  "VOICEMAIL",
  "CALL_DROPPED",
  "ANSWERED_BY_OTHER",
]);

/** Retries "on the next working day" start at this site-local hour. */
export const RETRY_DAY_START_HOUR = 8;

export type TaskForTransition = {
  status: TaskStatus;
  /** Attempts recorded before this one */
  attempts: number;
  /** Site-local date of the task's first attempt; null when this is the first */
  firstAttemptDate: string | null;
  reasons: readonly string[];
};

export type TransitionContext = Calendar & {
  settings: Pick<CountrySettings, "maxAttemptsPerTask" | "maxWorkingDaysPerTask" | "retryDelayMinutes">;
  /** The site's IANA time zone */
  timeZone: string;
};

export type Escalation = "supervisor" | "tracing";

export type Transition = {
  status: TaskStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  escalate: Escalation | null;
  flagPhone: "WRONG_NUMBER" | "NOT_IN_SERVICE" | null;
  /** The caller sets the client OPTED_OUT and cancels her other open tasks at once. */
  optOut: boolean;
  /** The caller sets clients.last_reached_at (which answers her due reasons). */
  reached: boolean;
  /** The callback time she asked for, passed through for the caller to store on the attempt. */
  callback?: Date;
};

/** The instant a retry "on the next working day" starts: 08:00 site-local on the first working
 * day after the site-local date of `now`. */
export function nextWorkingDayStart(now: Date, timeZone: string, cal: Calendar): Date {
  return localTime(nextWorkingDay(cal, localDay(timeZone, now)), RETRY_DAY_START_HOUR, 0, timeZone);
}

function escalationFor(reasons: readonly string[]): Escalation {
  // A missed appointment that nobody could reach needs a home visit, not another phone call.
  return reasons.includes("missed") ? "tracing" : "supervisor";
}

/**
 * The task's state after an attempt with `disposition` at `now`. Every call counts as an attempt
 * (attempts = the number of call_attempts rows of the task).
 */
export function nextTaskState(
  task: TaskForTransition,
  disposition: Disposition,
  now: Date,
  ctx: TransitionContext,
  callback?: Date | null,
): Transition {
  const attempts = task.attempts + 1;
  const base: Transition = {
    status: task.status,
    attempts,
    nextAttemptAt: null,
    escalate: null,
    flagPhone: null,
    optOut: false,
    reached: false,
  };

  switch (disposition) {
    case "REACHED":
      return { ...base, status: "DONE", reached: true };

    case "WRONG_NUMBER":
    case "NOT_IN_SERVICE":
      // No retry on that number: the supervisor gets it corrected. (The call screen may instead
      // try another working number of the client - that choice is the caller's.)
      return { ...base, status: "ESCALATED", escalate: "supervisor", flagPhone: disposition };

    case "CALLBACK_REQUESTED": {
      const cb = callback ?? undefined;
      // A callback later today: this task is the one to call back on (the generator makes at most
      // one task per client per day, so a "callback" reason could not make another one today).
      if (cb && cb.getTime() > now.getTime() && localDay(ctx.timeZone, cb) === localDay(ctx.timeZone, now)) {
        return { ...base, status: "RETRY_LATER", nextAttemptAt: cb, callback: cb };
      }
      // Another day: the callback reason makes a task on that day.
      return cb ? { ...base, status: "DONE", callback: cb } : { ...base, status: "DONE" };
    }

    case "DECLINED":
      // She declined this call; her reasons come back per their windows.
      return { ...base, status: "DONE" };

    case "OPTED_OUT":
      return { ...base, status: "CANCELLED", optOut: true };

    default: {
      // Not spoken to: retry, or escalate once the attempts or the working days run out.
      const today = localDay(ctx.timeZone, now);
      const workingDay = workingDaysInRange(ctx, task.firstAttemptDate ?? today, today);
      if (attempts >= ctx.settings.maxAttemptsPerTask || workingDay >= ctx.settings.maxWorkingDaysPerTask) {
        return { ...base, status: "ESCALATED", escalate: escalationFor(task.reasons) };
      }
      const nextAttemptAt =
        attempts === 1
          ? new Date(now.getTime() + ctx.settings.retryDelayMinutes * 60_000)
          : nextWorkingDayStart(now, ctx.timeZone, ctx);
      return { ...base, status: "RETRY_LATER", nextAttemptAt };
    }
  }
}

/** At most maxCallsPerPhonePerDay calls to one number per day, counting every Mentor Mother's
 * calls (a shared phone must not be rung all day). */
export function canCallPhone(callsToPhoneToday: number, settings: Pick<CountrySettings, "maxCallsPerPhonePerDay">): boolean {
  return callsToPhoneToday < settings.maxCallsPerPhonePerDay;
}
