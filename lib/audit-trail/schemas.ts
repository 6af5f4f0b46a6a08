// The audit viewer's filters (issue 13): ids and calendar days only - never a client's name, phone
// or reference in the address. A reference or username typed on the page is resolved by a POST
// (lookupAuditSubjectCommand) into an id first.
import { z } from "zod";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "invalidDate").refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "invalidDate");

/** The page's search parameters: anything malformed is dropped (the filter is then simply off). */
export const auditFilterSchema = z
  .object({
    client: z.uuid().optional().catch(undefined),
    user: z.uuid().optional().catch(undefined),
    from: day.optional().catch(undefined),
    to: day.optional().catch(undefined),
    /** Keyset cursor: the id of the last row of the previous page (newest first). */
    before: z.string().regex(/^\d{1,19}$/).optional().catch(undefined),
  })
  .transform((f) => (f.from && f.to && f.from > f.to ? { ...f, from: f.to, to: f.from } : f));

export type AuditFilter = z.output<typeof auditFilterSchema>;

/** What the lookup form posts: a client reference and/or a staff username. */
export const auditLookupSchema = z
  .object({
    clientRef: z.string().trim().max(32).optional().default(""),
    username: z.string().trim().max(64).optional().default(""),
  })
  .refine((v) => v.clientRef !== "" || v.username !== "", { message: "required", path: ["clientRef"] });
