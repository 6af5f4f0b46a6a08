// Messages clients send to our Africa's Talking short code / number: the secret in the callback URL.
import { webhookRoute } from "@/lib/messages/webhook-route";
import { receiveInbound } from "@/lib/messages/inbound";

export const POST = webhookRoute<{ secret: string }>({ name: "webhooks.africastalking.inbound", auth: "africastalking" }, async ({ form, db, now }) => {
  if (!form.from) return;
  await receiveInbound(db, { provider: "africastalking", from: form.from, text: form.text ?? "", channel: "sms", providerMessageId: form.id ?? null }, now);
});
