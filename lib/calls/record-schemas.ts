// What a recorded call carries: the disposition first, then only the fields that disposition needs.
// A discriminated union, so a "no answer" can never smuggle adherence answers in and a "reached"
// cannot be stored without them. The per-disposition field lists (fieldsFor) are read off the same
// schemas, so the call screen's form shows exactly what the server validates. Messages are
// catalogue keys (lib/validation.ts maps the rest). Shared by the server command and the form.
import { z } from "zod";
import { isIsoDate } from "@/lib/calls/calendar";
import { DISPOSITIONS, type Disposition } from "@/lib/calls/state-machine";

/** WHO HIV.H.DE53 reasons for adherence problems: DE54 ... DE71. */
export const BARRIER_CODES = Array.from({ length: 18 }, (_, i) => `DE${54 + i}`) as readonly string[];
/** WHO HIV.H.DE23 outcomes of an outreach attempt that a call can learn (only on a missed-appointment
 * task): DE24 returning to clinic, DE25 self-transferred out, DE26 hospitalised, DE27 refused to
 * return, DE29 died (reported). DE28 "not located" is what a home visit finds, never a call that
 * reached her. */
export const TRACING_OUTCOME_CODES = ["DE24", "DE25", "DE26", "DE27", "DE29"] as const;
export const REFERRALS = ["clinic", "social_worker", "psychosocial"] as const;
/** What she said about one of her appointments: a coming one confirmed; one that has passed
 * attended or missed; any open one moved to a new date. */
export const APPOINTMENT_ANSWERS = ["confirmed", "attended", "missed", "reschedule"] as const;
export type AppointmentAnswer = (typeof APPOINTMENT_ANSWERS)[number];

/** A client-generated key: a double tap or a retry after a dropped connection reuses it. */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "invalidFormat");

const notes = z.string().trim().max(2000).optional();
const isoDateTime = z.iso.datetime({ offset: true });
const isoDay = z.string().refine(isIsoDate, "invalidFormat");

const base = {
  taskId: z.uuid(),
  idempotencyKey: idempotencyKeySchema,
  /** The number she called. Default: the one she tapped (the task's claim), else her primary. */
  phoneId: z.uuid().optional(),
};

const appointmentAnswer = z
  .object({ appointmentId: z.uuid(), answer: z.enum(APPOINTMENT_ANSWERS), newDate: isoDay.optional() })
  .strict()
  .superRefine((a, ctx) => {
    if (a.answer === "reschedule" && !a.newDate) ctx.addIssue({ code: "custom", path: ["newDate"], message: "required" });
    if (a.answer !== "reschedule" && a.newDate) ctx.addIssue({ code: "custom", path: ["newDate"], message: "invalidValue" });
  });

const reachedFields = {
  adherence: z.object({ dosesMissed7d: z.number().int().min(0).max(7), pillsRanOut: z.boolean() }),
  barriers: z
    .array(z.string().refine((c) => BARRIER_CODES.includes(c), "invalidValue"))
    .max(BARRIER_CODES.length)
    .refine((a) => new Set(a).size === a.length, "invalidValue")
    .default([]),
  /** Her answers about her appointments, each naming the appointment (checked against hers). */
  appointments: z
    .array(appointmentAnswer)
    .max(10)
    .refine((a) => new Set(a.map((x) => x.appointmentId)).size === a.length, "invalidValue")
    .default([]),
  /** Only on a missed-appointment task (checked by the command, which knows the task). */
  tracing: z
    .object({ outcome: z.enum(TRACING_OUTCOME_CODES), returnDate: isoDay.optional(), appointmentId: z.uuid().optional() })
    .strict()
    .refine((t) => t.outcome === "DE24" || !t.returnDate, { path: ["returnDate"], message: "invalidValue" })
    .optional(),
  referrals: z.array(z.enum(REFERRALS)).max(REFERRALS.length).default([]),
  notes,
  callback: isoDateTime.optional(),
};

const callbackFields = { callbackAt: isoDateTime, notes };
const otherFields = { notes };

type OtherDisposition = Exclude<Disposition, "REACHED" | "CALLBACK_REQUESTED">;
const OTHER_DISPOSITIONS = DISPOSITIONS.filter((d) => d !== "REACHED" && d !== "CALLBACK_REQUESTED") as [
  OtherDisposition,
  ...OtherDisposition[],
];

export const outcomeSchema = z.discriminatedUnion("disposition", [
  z.object({ ...base, disposition: z.literal("REACHED"), ...reachedFields }).strict(),
  z.object({ ...base, disposition: z.literal("CALLBACK_REQUESTED"), ...callbackFields }).strict(),
  z.object({ ...base, disposition: z.enum(OTHER_DISPOSITIONS), ...otherFields }).strict(),
]);

export type OutcomeInput = z.input<typeof outcomeSchema>;
export type Outcome = z.infer<typeof outcomeSchema>;

/** A correction: the same outcome, plus the attempt it corrects. */
export const correctionSchema = z.intersection(outcomeSchema, z.object({ correctsId: z.uuid() }));
export type CorrectionInput = z.input<typeof correctionSchema>;
export type Correction = z.infer<typeof correctionSchema>;

export type OutcomeField = keyof typeof reachedFields | keyof typeof callbackFields;

function listFields(shape: Record<string, z.ZodType>): { required: OutcomeField[]; allowed: OutcomeField[] } {
  const allowed = Object.keys(shape) as OutcomeField[];
  // A field the schema fills in itself (a default) or may leave out is not required.
  const required = allowed.filter((k) => !shape[k]!.safeParse(undefined).success);
  return { required, allowed };
}

const FIELDS = {
  REACHED: listFields(reachedFields),
  CALLBACK_REQUESTED: listFields(callbackFields),
  other: listFields(otherFields),
};

/** The outcome fields a disposition requires and allows (besides taskId, idempotencyKey, phoneId),
 * read off the schemas above: the call screen shows exactly the allowed ones. */
export function fieldsFor(disposition: Disposition): { required: OutcomeField[]; allowed: OutcomeField[] } {
  return disposition === "REACHED" ? FIELDS.REACHED : disposition === "CALLBACK_REQUESTED" ? FIELDS.CALLBACK_REQUESTED : FIELDS.other;
}
