// What a recorded call carries: the disposition first, then only the fields that disposition needs
// (issue 5). A discriminated union, so a "no answer" can never smuggle adherence answers in and a
// "reached" cannot be stored without them. Messages are catalogue keys (lib/validation.ts maps the
// rest). Shared by the server command and the call screen's form.
import { z } from "zod";
import { isIsoDate } from "@/lib/calls/calendar";
import { DISPOSITIONS, type Disposition } from "@/lib/calls/state-machine";

/** WHO HIV.H.DE53 reasons for adherence problems: DE54 ... DE71. */
export const BARRIER_CODES = Array.from({ length: 18 }, (_, i) => `DE${54 + i}`) as readonly string[];
/** WHO HIV.H.DE23 outcomes of an outreach attempt: DE24 ... DE29 (only for a missed appointment). */
export const TRACING_OUTCOME_CODES = ["DE24", "DE25", "DE26", "DE27", "DE28", "DE29"] as const;
export const REFERRALS = ["clinic", "social_worker", "psychosocial"] as const;

/** A client-generated key: a double tap or a retry after a dropped connection reuses it. */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "invalidFormat");

const notes = z.string().trim().max(2000).optional();
const isoDateTime = z.iso.datetime({ offset: true });

const base = {
  taskId: z.uuid(),
  idempotencyKey: idempotencyKeySchema,
  phoneId: z.uuid().optional(),
};

const reachedFields = {
  adherence: z.object({ dosesMissed7d: z.number().int().min(0).max(7), pillsRanOut: z.boolean() }),
  barriers: z
    .array(z.string().refine((c) => BARRIER_CODES.includes(c), "invalidValue"))
    .max(BARRIER_CODES.length)
    .refine((a) => new Set(a).size === a.length, "invalidValue")
    .default([]),
  appointment: z
    .object({ confirmed: z.boolean(), newDate: z.string().refine(isIsoDate, "invalidFormat").optional() })
    .optional(),
  tracingOutcome: z.enum(TRACING_OUTCOME_CODES).optional(),
  referrals: z.array(z.enum(REFERRALS)).max(REFERRALS.length).default([]),
  notes,
  callback: isoDateTime.optional(),
};

type OtherDisposition = Exclude<Disposition, "REACHED" | "CALLBACK_REQUESTED">;
const OTHER_DISPOSITIONS = DISPOSITIONS.filter((d) => d !== "REACHED" && d !== "CALLBACK_REQUESTED") as [
  OtherDisposition,
  ...OtherDisposition[],
];

export const outcomeSchema = z.discriminatedUnion("disposition", [
  z.object({ ...base, disposition: z.literal("REACHED"), ...reachedFields }).strict(),
  z.object({ ...base, disposition: z.literal("CALLBACK_REQUESTED"), callbackAt: isoDateTime, notes }).strict(),
  z.object({ ...base, disposition: z.enum(OTHER_DISPOSITIONS), notes }).strict(),
]);

export type OutcomeInput = z.input<typeof outcomeSchema>;
export type Outcome = z.infer<typeof outcomeSchema>;

/** A correction: the same outcome, plus the attempt it corrects. */
export const correctionSchema = z.intersection(outcomeSchema, z.object({ correctsId: z.uuid() }));
export type Correction = z.infer<typeof correctionSchema>;

export type OutcomeField =
  | "adherence"
  | "barriers"
  | "appointment"
  | "tracingOutcome"
  | "referrals"
  | "notes"
  | "callback"
  | "callbackAt";

/** The outcome fields a disposition requires and allows (besides taskId, idempotencyKey, phoneId):
 * the call screen shows exactly the allowed ones. tracingOutcome is further limited to tasks with
 * the reason "missed" (checked by the command, which knows the task). */
export function fieldsFor(disposition: Disposition): { required: OutcomeField[]; allowed: OutcomeField[] } {
  switch (disposition) {
    case "REACHED":
      return {
        required: ["adherence"],
        allowed: ["adherence", "barriers", "appointment", "tracingOutcome", "referrals", "notes", "callback"],
      };
    case "CALLBACK_REQUESTED":
      return { required: ["callbackAt"], allowed: ["callbackAt", "notes"] };
    default:
      return { required: [], allowed: ["notes"] };
  }
}
