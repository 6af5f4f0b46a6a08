// One client's enrolment facts, shared by the enrolment form, the server command and every row of a
// bulk import. Messages are catalogue keys (lib/validation.ts, messages/<locale>/errors.json).
// Phone numbers are checked for shape here and normalised to E.164 with the site's country rules in
// the command (lib/phones.ts), because only the server knows the site's country.
import { z } from "zod";
import { minutesOf } from "@/lib/minutes";

export const CLIENT_CATEGORIES = ["PREGNANT", "POSTNATAL", "INFANT_CAREGIVER", "ADOLESCENT", "PARTNER", "OTHER"] as const;
export const APPOINTMENT_KINDS = ["ART_REFILL", "CLINICAL_REVIEW", "VIRAL_LOAD_TEST", "INFANT_TEST", "ANC_PNC"] as const;
export const CLIENT_STATUSES = ["ACTIVE", "TRANSFERRED_OUT", "LOST_TO_FOLLOW_UP", "DIED", "EXITED", "OPTED_OUT"] as const;
/** FHIR administrative gender; UNKNOWN = not recorded. */
export const CLIENT_SEXES = ["FEMALE", "MALE", "OTHER", "UNKNOWN"] as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether YYYY-MM-DD (already that shape) names a real calendar day. By arithmetic, not with a
 * Date: an import checks four to six dates a row, and building and printing a Date for each was
 * about 5% of bench B6's validation. */
export function isCalendarDate(s: string): boolean {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export const isoDateSchema = z.string().trim().regex(ISO_DATE, "invalidDate").refine(isCalendarDate, "invalidDate");

const optionalDate = z.preprocess((v) => (v === "" || v === null ? undefined : v), isoDateSchema.optional());
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const hhmm = z.preprocess(blankToUndefined, z.string().trim().refine((s) => minutesOf(s) !== null, "invalidTime").optional());

export const phoneInputSchema = z
  .object({
    number: z.string().trim().min(6, "invalidPhone").max(32, "invalidPhone"),
    sharedPhone: z.boolean().default(false),
    mayIdentifyCaller: z.boolean().default(false),
    /** Consent to reminder messages on this number, per channel (issue 17): separate from calls. */
    consentSms: z.boolean().default(false),
    consentWhatsapp: z.boolean().default(false),
    /** Safe hours to call, local "HH:MM"; both or neither. */
    safeFrom: hhmm,
    safeTo: hhmm,
  })
  .superRefine((p, ctx) => {
    if (!!p.safeFrom !== !!p.safeTo) ctx.addIssue({ code: "custom", path: [p.safeFrom ? "safeTo" : "safeFrom"], message: "safeHoursBoth" });
  });

/** A client's first or last name, as enrolment and the edit take it. */
export const personNameSchema = z.string().trim().min(1).max(80);
/** The facility's own patient number (its register or EMR): facility data match on it. */
export const facilityNumberSchema = z.preprocess(
  blankToUndefined,
  z.string().trim().max(40).regex(/^[\p{L}\p{N}][\p{L}\p{N} ./_-]*$/u, "invalidFormat").optional(),
);
/** A language code (BCP 47 shape); the command checks it is one of the programme's languages. */
export const languageCodeSchema = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, "unknownLanguage");

export const infantInputSchema = z.object({
  firstName: z.preprocess(blankToUndefined, z.string().trim().max(80).optional()),
  dateOfBirth: isoDateSchema,
});

export const appointmentInputSchema = z.object({
  date: isoDateSchema,
  kind: z.enum(APPOINTMENT_KINDS),
});

export const viralLoadInputSchema = z.object({
  copies: z.coerce.number().int().min(0).max(100_000_000),
  sampleDate: isoDateSchema,
  resultDate: optionalDate,
});

/** Latest date accepted as "not in the future": today anywhere on Earth (UTC+14). */
function latestToday(now: Date): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

export function clientFactsSchema(now: Date = new Date()) {
  const today = latestToday(now);
  return z
    .object({
      siteId: z.string().uuid("invalidValue"),
      facilityNumber: facilityNumberSchema,
      firstName: personNameSchema,
      lastName: personNameSchema,
      dateOfBirth: isoDateSchema,
      sex: z.preprocess(blankToUndefined, z.enum(CLIENT_SEXES).default("UNKNOWN")),
      category: z.enum(CLIENT_CATEGORIES),
      enrolmentDate: isoDateSchema,
      preferredLanguage: languageCodeSchema,
      consentCalls: z.boolean(),
      /** Language of her reminder messages; blank = her preferred language. */
      messageLanguage: z.preprocess(blankToUndefined, z.string().trim().toLowerCase().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, "unknownLanguage").optional()),
      artStartDate: optionalDate,
      expectedDeliveryDate: optionalDate,
      breastfeeding: z.boolean().default(false),
      phones: z.array(phoneInputSchema).min(1, "phoneRequired").max(3),
      infants: z.array(infantInputSchema).max(6).default([]),
      appointments: z.array(appointmentInputSchema).max(6).default([]),
      viralLoad: viralLoadInputSchema.optional(),
    })
    .superRefine((c, ctx) => {
      const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
      if (c.dateOfBirth > today) issue(["dateOfBirth"], "dateInFuture");
      if (c.dateOfBirth < "1900-01-01") issue(["dateOfBirth"], "invalidDate");
      if (c.enrolmentDate > today) issue(["enrolmentDate"], "dateInFuture");
      if (c.enrolmentDate < c.dateOfBirth) issue(["enrolmentDate"], "beforeBirth");
      if (c.artStartDate && c.artStartDate > today) issue(["artStartDate"], "dateInFuture");
      if (c.artStartDate && c.artStartDate < c.dateOfBirth) issue(["artStartDate"], "beforeBirth");
      if (c.category === "PREGNANT" && !c.expectedDeliveryDate) issue(["expectedDeliveryDate"], "required");
      if (c.expectedDeliveryDate && c.expectedDeliveryDate < c.enrolmentDate && c.category === "PREGNANT") {
        issue(["expectedDeliveryDate"], "beforeEnrolment");
      }
      c.infants.forEach((inf, i) => {
        if (inf.dateOfBirth > today) issue(["infants", i, "dateOfBirth"], "dateInFuture");
        if (inf.dateOfBirth < c.dateOfBirth) issue(["infants", i, "dateOfBirth"], "beforeBirth");
      });
      c.appointments.forEach((a, i) => {
        if (a.date < c.enrolmentDate) issue(["appointments", i, "date"], "beforeEnrolment");
      });
      if (c.viralLoad) {
        if (c.viralLoad.sampleDate > today) issue(["viralLoad", "sampleDate"], "dateInFuture");
        if (c.viralLoad.resultDate && c.viralLoad.resultDate > today) issue(["viralLoad", "resultDate"], "dateInFuture");
        if (c.viralLoad.resultDate && c.viralLoad.resultDate < c.viralLoad.sampleDate) issue(["viralLoad", "resultDate"], "beforeSample");
      }
      const numbers = c.phones.map((p) => p.number.replace(/\D/g, ""));
      if (new Set(numbers).size !== numbers.length) issue(["phones"], "duplicatePhone");
    });
}

export type ClientFactsInput = z.input<ReturnType<typeof clientFactsSchema>>;
export type ClientFacts = z.infer<ReturnType<typeof clientFactsSchema>>;
