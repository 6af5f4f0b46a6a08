// What a supervisor may do with an escalation (lib/escalations/commands.ts). Messages are catalogue
// keys (messages/<locale>/errors.json).
import { z } from "zod";
import { isIsoDate } from "@/lib/calls/calendar";
import { TRACING_OUTCOMES } from "@/lib/clients/lifecycle";

const isoDate = z.string().trim().refine(isIsoDate, "invalidDate");

const base = { escalationId: z.uuid(), version: z.number().int().min(1) };

export const resolveEscalationSchema = z.discriminatedUnion("action", [
  z.object({ ...base, action: z.literal("sendBack"), mentorId: z.uuid("required") }),
  z.object({ ...base, action: z.literal("refer") }),
  z.object({ ...base, action: z.literal("tracing"), outcome: z.enum(TRACING_OUTCOMES, "required"), returnDate: isoDate.optional() }),
  z.object({ ...base, action: z.literal("close"), reason: z.string().trim().min(3, "tooShort|3").max(500, "tooLong|500") }),
]);
export type ResolveEscalationInput = z.output<typeof resolveEscalationSchema>;
