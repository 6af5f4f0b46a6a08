// Inputs of the assignment operations (manual moves, leave) and the supervision pages' search
// parameters. Messages are catalogue keys (lib/validation.ts, messages/<locale>/errors.json).
import { z } from "zod";

/** A real calendar date, YYYY-MM-DD. The same rule as lib/clients/schemas.ts isoDateSchema, kept
 * here because that module pulls the phone-number metadata into the leave form's browser bundle. */
const isoDateSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invalidDate")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "invalidDate");

/** Most clients one bulk move may carry: a page of the reassign table is 100, five pages at once. */
export const MAX_MOVE = 500;
/** Longest single leave range, in days: a longer absence is a deactivation, not a leave. */
export const MAX_LEAVE_DAYS = 366;
export const REASSIGN_PAGE_SIZE = 100;

const id = z.uuid();

export const moveClientsSchema = z.object({
  clientIds: z
    .array(id)
    .min(1)
    .max(MAX_MOVE)
    .refine((ids) => new Set(ids).size === ids.length, "invalid"),
  /** A Mentor Mother's id, or "balance" to spread the clients over the site's Mentor Mothers. */
  target: z.union([z.literal("balance"), id]),
  note: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(500).optional()),
});
export type MoveClientsValues = z.input<typeof moveClientsSchema>;
export type MoveClientsInput = z.output<typeof moveClientsSchema>;

const daysBetween = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

export const addLeaveSchema = z
  .object({
    mentorId: id,
    startDate: isoDateSchema,
    endDate: isoDateSchema,
    reason: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(200).optional()),
  })
  .superRefine((v, ctx) => {
    const span = daysBetween(v.startDate, v.endDate);
    if (span < 0) ctx.addIssue({ code: "custom", path: ["endDate"], message: "endBeforeStart" });
    else if (span + 1 > MAX_LEAVE_DAYS) ctx.addIssue({ code: "custom", path: ["endDate"], message: `leaveTooLong|${MAX_LEAVE_DAYS}` });
  });
export type AddLeaveValues = z.input<typeof addLeaveSchema>;
export type AddLeaveInput = z.output<typeof addLeaveSchema>;

export const removeLeaveSchema = z.object({ leaveId: id });

/** Search parameters: anything unexpected is dropped, never an error. */
export const caseloadParamsSchema = z.object({
  site: id.optional().catch(undefined),
});

export const reassignParamsSchema = z.object({
  site: id.optional().catch(undefined),
  /** A Mentor Mother's id, or "none" for clients nobody holds. */
  mentor: z.union([z.literal("none"), id]).optional().catch(undefined),
  language: z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  after: id.optional().catch(undefined),
  /** Preselects one client (the profile's "move this client" link). */
  client: id.optional().catch(undefined),
});
export type ReassignParams = z.output<typeof reassignParamsSchema>;
