// Escalations (domain.md "Attempts, retries, escalation"): which cause a task that ran out opens,
// what an open escalation keeps off the call lists, and how old it is. Pure: no database.
import type { Disposition } from "@/lib/calls/state-machine";
import { daysBetween } from "@/lib/calls/calendar";

export const ESCALATION_CAUSES = ["NO_ANSWER", "TRACING", "PHONE_UPDATE", "HIGH_VL"] as const;
export type EscalationCause = (typeof ESCALATION_CAUSES)[number];

export const ESCALATION_STATUSES = ["OPEN", "REFERRED", "SENT_BACK", "CLOSED"] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

/** Still with the supervisor (or out on a home visit): its cause makes no phone task. */
export const BLOCKING_STATUSES = ["OPEN", "REFERRED"] as const satisfies readonly EscalationStatus[];

/**
 * The cause of an escalation opened by the call `disposition` on a task with `reasons`:
 * a wrong number / number not in service -> the phone must be updated; otherwise (out of attempts)
 * a missed appointment -> tracing (home visit); a high viral load (enhanced adherence counselling
 * call) -> high viral load not reached; anything else -> no answer after the maximum attempts.
 */
export function escalationCause(reasons: readonly string[], disposition: Disposition): EscalationCause {
  if (disposition === "WRONG_NUMBER" || disposition === "NOT_IN_SERVICE") return "PHONE_UPDATE";
  if (reasons.includes("missed")) return "TRACING";
  if (reasons.includes("eac_high") || reasons.includes("eac_low")) return "HIGH_VL";
  return "NO_ANSWER";
}

/**
 * The call reasons an open escalation of `cause` keeps off the lists: all of them when she could
 * not be reached at all or her number is wrong (calling again about something else is the same
 * unanswered call); only the missed appointment while tracing is under way; only the viral-load
 * follow-up while that escalation is open. SQL twin: the `blocked` columns of the generation
 * statement (lib/calls/generate.ts).
 */
export function blockedReasons(cause: EscalationCause): "all" | readonly string[] {
  switch (cause) {
    case "NO_ANSWER":
    case "PHONE_UPDATE":
      return "all";
    case "TRACING":
      return ["missed"];
    case "HIGH_VL":
      return ["eac_high", "eac_low"];
  }
}

/** The reasons left once the open escalations' causes are taken out. */
export function withoutBlocked(reasons: readonly string[], openCauses: readonly EscalationCause[]): string[] {
  let left = [...reasons];
  for (const c of openCauses) {
    const b = blockedReasons(c);
    left = b === "all" ? [] : left.filter((r) => !b.includes(r));
  }
  return left;
}

/** Age in site-local days (0 on the day it opened). */
export function escalationAgeDays(openedDay: string, today: string): number {
  return Math.max(0, daysBetween(openedDay, today));
}

/** What the supervisor may do next with an escalation in `status`. */
export function allowedResolutions(status: EscalationStatus): readonly ("sendBack" | "refer" | "tracing" | "close")[] {
  switch (status) {
    case "OPEN":
      return ["sendBack", "refer", "close"];
    case "REFERRED":
      return ["tracing", "sendBack", "close"];
    default:
      return [];
  }
}
