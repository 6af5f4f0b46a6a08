// Changes made on a client's profile (appointments, viral load, infants, status), plus the small
// pure rules the profile shows (viral-load band, ages). The same schemas run in the browser
// (react-hook-form) and in lib/clients/profile-commands.ts; messages are catalogue keys.
//
// "Not in the future" is checked here against the latest date anywhere on Earth (UTC+14), because
// the browser does not know the site's time zone; the commands re-check against the site's own
// "today", and check what needs the stored record (enrolment date, mother's date of birth).
import { z } from "zod";
import { differenceInMonths, differenceInWeeks, differenceInYears } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { APPOINTMENT_KINDS, CLIENT_STATUSES, isoDateSchema } from "@/lib/clients/schemas";

export type Clock = () => Date;
const systemClock: Clock = () => new Date();

/** WHO HIV.D.DE391 reason for a viral-load test: routine, targeted, initial, follow-up after EAC. */
export const VL_REASON_CODES = ["DE392", "DE393", "DE394", "DE395"] as const;
export const APPOINTMENT_OUTCOMES = ["ATTENDED", "MISSED"] as const;
export const STATUS_REASON_MAX = 500;

/** The latest calendar date that is "today" somewhere (UTC+14), as YYYY-MM-DD. */
export function latestToday(now: Date): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const id = z.guid();
const optionalId = z.preprocess(blankToUndefined, z.guid().optional());
/** The client's version as read by the form: the command refuses a stale one (CONFLICT). */
const version = z.coerce.number().int().min(1);
/** A whole number typed in a field: empty is "required", not 0 as z.coerce would make it. */
const wholeNumber = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v)) : v), z.number().int().min(min).max(max));

const target = { clientId: id, version };

export const addAppointmentSchema = z.object({
  ...target,
  date: isoDateSchema,
  kind: z.enum(APPOINTMENT_KINDS),
  /** For infant tests: which infant; must be one of this client's. */
  infantId: optionalId,
});

export const markAppointmentSchema = z.object({
  ...target,
  appointmentId: id,
  outcome: z.enum(APPOINTMENT_OUTCOMES),
});

/** Past dates are allowed (a correction), but never before enrolment (checked by the command). */
export const rescheduleAppointmentSchema = z.object({
  ...target,
  appointmentId: id,
  date: isoDateSchema,
});

export function makeAddViralLoadSchema(clock: Clock = systemClock) {
  return z
    .object({
      ...target,
      copies: wholeNumber(0, 100_000_000),
      sampleDate: isoDateSchema,
      resultDate: isoDateSchema,
      reasonCode: z.enum(VL_REASON_CODES).default("DE392"),
    })
    .superRefine((v, ctx) => {
      const today = latestToday(clock());
      if (v.sampleDate > today) ctx.addIssue({ code: "custom", path: ["sampleDate"], message: "dateInFuture" });
      if (v.resultDate > today) ctx.addIssue({ code: "custom", path: ["resultDate"], message: "dateInFuture" });
      else if (v.resultDate < v.sampleDate) ctx.addIssue({ code: "custom", path: ["resultDate"], message: "beforeSample" });
    });
}
export const addViralLoadSchema = makeAddViralLoadSchema();

export function makeAddInfantSchema(clock: Clock = systemClock) {
  return z
    .object({
      ...target,
      firstName: z.preprocess(blankToUndefined, z.string().trim().max(80).optional()),
      dateOfBirth: isoDateSchema,
    })
    .superRefine((v, ctx) => {
      if (v.dateOfBirth > latestToday(clock())) ctx.addIssue({ code: "custom", path: ["dateOfBirth"], message: "dateInFuture" });
    });
}
export const addInfantSchema = makeAddInfantSchema();

/** Sex, recorded or corrected on the profile (the reports disaggregate by it). */
export const recordSexSchema = z.object({ ...target, sex: z.enum(["FEMALE", "MALE", "OTHER", "UNKNOWN"]) });
export type RecordSexValues = z.input<typeof recordSexSchema>;

export function makeChangeStatusSchema(clock: Clock = systemClock) {
  return z
    .object({
      ...target,
      status: z.enum(CLIENT_STATUSES),
      reason: z.string().trim().min(1).max(STATUS_REASON_MAX),
      date: isoDateSchema,
    })
    .superRefine((v, ctx) => {
      if (v.date > latestToday(clock())) ctx.addIssue({ code: "custom", path: ["date"], message: "dateInFuture" });
    });
}
export const changeStatusSchema = makeChangeStatusSchema();

export type AddAppointmentInput = z.input<typeof addAppointmentSchema>;
export type MarkAppointmentInput = z.input<typeof markAppointmentSchema>;
export type RescheduleAppointmentInput = z.input<typeof rescheduleAppointmentSchema>;
export type AddViralLoadInput = z.input<typeof addViralLoadSchema>;
export type AddInfantInput = z.input<typeof addInfantSchema>;
export type ChangeStatusInput = z.input<typeof changeStatusSchema>;

/** Form values as the inputs hold them (numbers typed as text). */
export type AddAppointmentValues = { clientId: string; version: number; date: string; kind: string; infantId: string };
export type MarkAppointmentValues = { clientId: string; version: number; appointmentId: string; outcome: string };
export type RescheduleAppointmentValues = { clientId: string; version: number; appointmentId: string; date: string };
export type AddViralLoadValues = { clientId: string; version: number; copies: string; sampleDate: string; resultDate: string; reasonCode: string };
export type AddInfantValues = { clientId: string; version: number; firstName: string; dateOfBirth: string };
export type ChangeStatusValues = { clientId: string; version: number; status: string; reason: string; date: string };

// ---------------------------------------------------------------------------------------------
// What the profile shows.

export type VlBand = "suppressed" | "lowLevel" | "high";

/** Suppressed below `vlSuppressedBelow`, high above `vlHighAbove`, low-level in between (both
 * thresholds inclusive of low-level: 50 and 1000 copies are low-level with the WHO defaults). */
export function vlBand(copies: number, t: { vlSuppressedBelow: number; vlHighAbove: number }): VlBand {
  if (copies < t.vlSuppressedBelow) return "suppressed";
  if (copies > t.vlHighAbove) return "high";
  return "lowLevel";
}

/** A calendar date as a date-fns value in UTC, so the server's own time zone never shifts it. */
const utcDay = (iso: string) => new TZDate(Date.parse(`${iso}T00:00:00Z`), "UTC");

/** Whole years between a date of birth and `today` (both YYYY-MM-DD). */
export function ageInYears(dateOfBirth: string, today: string): number {
  return differenceInYears(utcDay(today), utcDay(dateOfBirth));
}

/** An infant's age the way the test schedule speaks of it: weeks up to 13 weeks, then months. */
export function infantAge(dateOfBirth: string, today: string): { unit: "weeks" | "months"; n: number } {
  const dob = utcDay(dateOfBirth);
  const now = utcDay(today);
  const weeks = Math.max(0, differenceInWeeks(now, dob));
  if (weeks < 13) return { unit: "weeks", n: weeks };
  return { unit: "months", n: differenceInMonths(now, dob) };
}
