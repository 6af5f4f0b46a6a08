// Consent to reminder messages, per phone and channel (issue 17): a small form of its own on the
// profile, separate from the profile's other edits. Runs in the browser and in the command.
import { z } from "zod";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const messageConsentSchema = z.object({
  clientId: z.guid(),
  version: z.coerce.number().int().min(1),
  /** Blank = her preferred language. */
  messageLanguage: z.preprocess(
    blankToUndefined,
    z.string().trim().toLowerCase().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, "unknownLanguage").optional(),
  ),
  phones: z
    .array(z.object({ phoneId: z.guid(), consentSms: z.boolean(), consentWhatsapp: z.boolean() }).strict())
    .min(1)
    .max(3),
});

export type MessageConsentInput = z.input<typeof messageConsentSchema>;
