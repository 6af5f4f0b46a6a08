// Editing a client after enrolment (names, facility number, language, consents, phones) and
// transfers between sites. The name, facility number, language and phone schemas are the
// enrolment's own (lib/clients/schemas.ts); numbers are normalised to E.164 by the command with the
// site's country rules (lib/phones.ts). Messages are catalogue keys.
import { z } from "zod";
import { facilityNumberSchema, languageCodeSchema, personNameSchema, phoneInputSchema } from "@/lib/clients/schemas";

const id = z.guid();
/** The client's version as the form read it: a stale one is refused (CONFLICT). */
const version = z.coerce.number().int().min(1);
const target = { clientId: id, version };

export const editDetailsSchema = z.object({
  ...target,
  firstName: personNameSchema,
  lastName: personNameSchema,
  facilityNumber: facilityNumberSchema,
  preferredLanguage: languageCodeSchema,
  consentCalls: z.boolean(),
  // No consentMessages: consent to messages is derived from the phones' SMS / WhatsApp consents and
  // set only through the message-consent form (lib/messages/consent.ts); a value sent here is dropped.
});

export const addPhoneSchema = z.object({ ...target, phone: phoneInputSchema, primary: z.boolean().default(false) });

/** A phone corrected (a new number: the old one is retired with its calls, a new one takes its
 * place) or its flags changed; `confirmWorking` clears a wrong-number / not-in-service flag on the
 * same number (the supervisor checked it). */
export const updatePhoneSchema = z.object({
  ...target,
  phoneId: id,
  phone: phoneInputSchema,
  primary: z.boolean().default(false),
  confirmWorking: z.boolean().default(false),
});

export const retirePhoneSchema = z.object({ ...target, phoneId: id });

export const proposeTransferSchema = z.object({ ...target, toSiteId: z.guid("required") });

export const decideTransferSchema = z.object({
  transferId: id,
  version: z.number().int().min(1),
  decision: z.enum(["accept", "decline", "cancel"]),
});

export type EditDetailsInput = z.input<typeof editDetailsSchema>;
export type AddPhoneInput = z.input<typeof addPhoneSchema>;
export type UpdatePhoneInput = z.input<typeof updatePhoneSchema>;

/** Form values as the inputs hold them. */
export type PhoneFormValues = {
  clientId: string;
  version: number;
  phone: { number: string; sharedPhone: boolean; mayIdentifyCaller: boolean; safeFrom: string; safeTo: string };
  primary: boolean;
};

/** After a transfer is decided, the page it was decided on says so from this address parameter
 * (the decided proposal's row, and the form in it, are gone after the refresh). A code only. */
export const TRANSFER_DECIDED_PARAM = "transfer";
export const TRANSFER_DECIDED_CODES = ["accepted", "acceptedNoMentor", "done"] as const;
export type TransferDecidedCode = (typeof TRANSFER_DECIDED_CODES)[number];
export function transferDecidedCode(v: unknown): TransferDecidedCode | null {
  return typeof v === "string" && (TRANSFER_DECIDED_CODES as readonly string[]).includes(v) ? (v as TransferDecidedCode) : null;
}
