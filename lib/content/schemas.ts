// Inputs of the content module's commands and pages (zod; messages are catalogue keys).
import { z } from "zod";
import { REASON_KINDS } from "@/lib/calls/rules";
import { SEX_VARIANTS } from "@/lib/content/wording";
import { scriptBodySchema } from "@/lib/content/rules";

/** What kinds of text the module holds. Reminder messages will be a second kind. */
export const CONTENT_KINDS = ["script"] as const;

const language = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}$/, "invalidFormat");

/** Which script: reason, language and wording variant (also the editor page's search params). */
export const scriptRefSchema = z
  .object({
    key: z.enum(REASON_KINDS as [string, ...string[]]),
    language,
    variant: z.enum(SEX_VARIANTS),
  })
  .strict();
export type ScriptRef = z.infer<typeof scriptRefSchema>;

/** Saving a draft: the whole body, checked (identity first, no health word before it) whatever
 * happens to it next. `version` is the one the editor loaded (0 for a new text). */
export const saveScriptSchema = scriptRefSchema.extend({ body: scriptBodySchema, version: z.number().int().min(0) }).strict();
export type SaveScriptInput = z.input<typeof saveScriptSchema>;

/** Approving the current draft as it was shown (its version). */
export const approveScriptSchema = scriptRefSchema.extend({ version: z.number().int().min(1) }).strict();
