// Why a client left ACTIVE, as codes (never free text in exports): the WHO HIV.H.DE41 treatment
// outcomes, and the programme's own codes for what the WHO list does not cover. Pure.
import type { ClientStatus } from "@/lib/generated/prisma/enums";

export const EXIT_REASON_CODES = [
  "DE42", // lost to follow-up
  "DE43", // transferred out
  "DE44", // death (documented)
  "DE45", // refused (stopped) treatment
  "DIED_REPORTED", // death reported by family or neighbours (tracing outcome DE29), not documented
  "OPTED_OUT", // asked not to be contacted by the programme any more
  "GRADUATED", // left the programme's support as planned
  "DUPLICATE", // the same person as another record
  "OTHER",
] as const;
export type ExitReasonCode = (typeof EXIT_REASON_CODES)[number];

export type ExitStatus = Exclude<ClientStatus, "ACTIVE">;

/** The codes that fit each status; the first is the default when none is chosen. */
export const EXIT_CODES_BY_STATUS: Record<ExitStatus, readonly ExitReasonCode[]> = {
  TRANSFERRED_OUT: ["DE43"],
  LOST_TO_FOLLOW_UP: ["DE42"],
  DIED: ["DE44", "DIED_REPORTED"],
  EXITED: ["OTHER", "DE45", "GRADUATED", "DUPLICATE"],
  OPTED_OUT: ["OPTED_OUT"],
};

export function defaultExitCode(status: ExitStatus): ExitReasonCode {
  return EXIT_CODES_BY_STATUS[status][0]!;
}

export function fitsStatus(status: ExitStatus, code: string): code is ExitReasonCode {
  return (EXIT_CODES_BY_STATUS[status] as readonly string[]).includes(code);
}
