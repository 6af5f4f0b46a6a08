// Messages clients send to our Twilio numbers (SMS and WhatsApp): signed, see lib/messages/webhook-route.ts.
import { webhookRoute } from "@/lib/messages/webhook-route";
import { receiveInbound } from "@/lib/messages/inbound";

export const POST = webhookRoute({ name: "webhooks.twilio.inbound", auth: "twilio" }, async ({ form, db, now }) => {
  const from = form.From ?? "";
  if (!from) return;
  const whatsapp = from.startsWith("whatsapp:");
  await receiveInbound(db, {
    provider: "twilio", from: whatsapp ? from.slice("whatsapp:".length) : from, text: form.Body ?? "",
    channel: whatsapp ? "whatsapp" : "sms", providerMessageId: form.MessageSid ?? null,
  }, now);
});
