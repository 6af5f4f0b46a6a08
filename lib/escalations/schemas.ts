// What a supervisor may do with an escalation (lib/escalations/commands.ts). Messages are catalogue
// keys (messages/<locale>/errors.json).
import { z } from "zod";
import { TRACING_OUTCOMES } from "@/lib/clients/lifecycle";

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invalidDate")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "invalidDate");

const base = { escalationId: z.uuid(), version: z.number().int().min(1) };

export const resolveEscalationSchema = z.discriminatedUnion("action", [
  z.object({ ...base, action: z.literal("sendBack"), mentorId: z.uuid("required") }),
  z.object({ ...base, action: z.literal("refer") }),
  z.object({ ...base, action: z.literal("tracing"), outcome: z.enum(TRACING_OUTCOMES, "required"), returnDate: isoDate.optional() }),
  z.object({ ...base, action: z.literal("close"), reason: z.string().trim().min(3, "tooShort|3").max(500, "tooLong|500") }),
]);
export type ResolveEscalationInput = z.output<typeof resolveEscalationSchema>;
