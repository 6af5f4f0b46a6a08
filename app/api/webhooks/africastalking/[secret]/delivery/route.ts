// Africa's Talking delivery reports: the secret in the callback URL, see lib/messages/webhook-route.ts.
import { webhookRoute } from "@/lib/messages/webhook-route";
import { recordDeliveryReport } from "@/lib/messages/inbound";

export const POST = webhookRoute<{ secret: string }>({ name: "webhooks.africastalking.delivery", auth: "africastalking" }, async ({ form, db, now }) => {
  if (!form.id || !form.status) return;
  await recordDeliveryReport(db, { provider: "africastalking", providerMessageId: form.id, status: form.status, error: form.failureReason ?? null }, now);
});
