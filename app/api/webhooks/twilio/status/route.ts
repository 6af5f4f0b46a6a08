// Twilio delivery reports (StatusCallback of every message we send): signed, see lib/messages/webhook-route.ts.
import { webhookRoute } from "@/lib/messages/webhook-route";
import { recordDeliveryReport } from "@/lib/messages/inbound";

export const POST = webhookRoute({ name: "webhooks.twilio.status", auth: "twilio" }, async ({ form, db, now }) => {
  if (!form.MessageSid || !form.MessageStatus) return;
  await recordDeliveryReport(db, {
    provider: "twilio", providerMessageId: form.MessageSid, status: form.MessageStatus, error: form.ErrorCode ? `twilio ${form.ErrorCode}` : null,
  }, now);
});
