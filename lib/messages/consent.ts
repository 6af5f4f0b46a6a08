// Recording consent to reminder messages from the profile (issue 17). The client's version is
// bumped through the lifecycle owner (a form open on the old version gets CONFLICT); consent given
// again after a STOP clears the opt-out. Audit: field names and phone ids only.
import { command } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { bumpClient, setPhoneMessageConsent } from "@/lib/clients/lifecycle";
import { loadForEdit } from "@/lib/clients/edit-commands";
import { messageConsentSchema } from "@/lib/messages/consent-schemas";

export const setMessageConsentCommand = command({
  name: "clients.messageConsent",
  permission: "clients.edit",
  schema: messageConsentSchema,
  async run({ tx, actor, input }) {
    const client = await loadForEdit(tx, actor, input.clientId, input.version);
    const own = new Set(client.phones.map((p) => p.id));
    if (input.phones.some((p) => !own.has(p.phoneId))) {
      throw new AppError("VALIDATION", "correctFields", { phones: ["invalidValue"] });
    }
    const anyConsent = input.phones.some((p) => p.consentSms || p.consentWhatsapp);
    await bumpClient(tx, client.id, input.version, { messageLanguage: input.messageLanguage ?? null, consentMessages: anyConsent });
    for (const p of input.phones) await setPhoneMessageConsent(tx, p.phoneId, { sms: p.consentSms, whatsapp: p.consentWhatsapp });
    return {
      data: { version: input.version + 1 },
      audit: {
        action: "client.updated",
        entityType: "client",
        entityId: client.id,
        meta: { fields: ["messageConsent", "messageLanguage"], phoneIds: input.phones.map((p) => p.phoneId) },
      },
    };
  },
});
