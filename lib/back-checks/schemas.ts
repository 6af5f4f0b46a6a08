// What a supervisor records for a back-check call (lib/back-checks/commands.ts). Messages are
// catalogue keys (messages/<locale>/errors.json).
import { z } from "zod";
import { BACK_CHECK_RESULTS } from "@/lib/back-checks/rules";

export const recordBackCheckSchema = z
  .object({
    backCheckId: z.uuid(),
    version: z.number().int().min(1),
    result: z.enum(BACK_CHECK_RESULTS, "required"),
    note: z.string().trim().max(500, "tooLong|500").optional().default(""),
  })
  // A call the client does not recognise is a finding: say what she said.
  .refine((v) => v.result !== "NOT_CONFIRMED" || v.note.length >= 3, { path: ["note"], message: "tooShort|3" });
export type RecordBackCheckInput = z.output<typeof recordBackCheckSchema>;
