// What the providers post back (issue 17): delivery reports and inbound messages. Delivery reports
// append a status event to the message they name (a failure may fall back to SMS and count towards
// the phone-update escalation). An inbound message is stored against the number's client (the one
// her last reminder went to when a number is shared) and shown in her history; STOP and its
// equivalents opt the number out at once through the lifecycle owner and get a neutral
// confirmation; any other reply asks for a call ("she replied to a reminder"): the call-list
// generation reads it like a callback (lib/calls/generate.ts CTE reply, rules.ts callbackDates).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit } from "@/lib/audit";
import { optOutOfMessages } from "@/lib/clients/lifecycle";
import { afterFailure } from "@/lib/messages/send";
import { TEMPLATE_KIND, liveTemplates } from "@/lib/messages/templates";
import { languageKey } from "@/lib/content/rules";

/** Replies that mean "no more messages", per language (compared without case, accents or
 * punctuation, as the whole reply). */
export const STOP_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: ["stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout"],
  pt: ["parar", "pare", "sair", "cancelar"],
  fr: ["arret", "arreter", "desabonner", "desinscrire"],
  zu: ["yeka", "misa"],
  st: ["emisa", "khaotsa"],
  ny: ["siyani", "imani"],
};
const ALL_STOP = new Set(Object.values(STOP_WORDS).flat());

export function isStopReply(text: string): boolean {
  const plain = text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  return ALL_STOP.has(plain);
}

export type DeliveryReport = { provider: "twilio" | "africastalking"; providerMessageId: string; status: string; error?: string | null };

/** Provider status words -> our events (null: nothing to record). */
export function deliveryStatus(provider: DeliveryReport["provider"], status: string): "sent" | "delivered" | "read" | "failed" | null {
  const s = status.toLowerCase();
  if (provider === "twilio") {
    if (s === "delivered") return "delivered";
    if (s === "read") return "read";
    if (s === "undelivered" || s === "failed") return "failed";
    return null;
  }
  if (s === "success") return "delivered";
  if (s === "failed" || s === "rejected") return "failed";
  return null;
}

export async function recordDeliveryReport(db: PrismaClient, r: DeliveryReport, now: Date): Promise<"recorded" | "ignored"> {
  const status = deliveryStatus(r.provider, r.status);
  if (!status) return "ignored";
  const rows = await db.$queryRaw<{ message_id: string; attempt: number; client_id: string; phone_id: string | null; channel: string; tz: string }[]>`
    SELECT e.message_id::text AS message_id, e.attempt, m.client_id::text AS client_id, m.phone_id::text AS phone_id, m.channel, s.time_zone AS tz
    FROM message_events e JOIN messages m ON m.id = e.message_id JOIN sites s ON s.id = m.site_id
    WHERE e.provider_message_id = ${r.providerMessageId} AND e.status = 'sent' AND m.provider = ${r.provider}
    LIMIT 1`;
  const m = rows[0];
  if (!m) return "ignored";
  await db.messageEvent.create({
    data: { messageId: m.message_id, status, attempt: m.attempt, providerMessageId: r.providerMessageId, error: r.error?.slice(0, 200) ?? null, at: now },
  });
  if (status === "failed") await afterFailure(db, { messageId: m.message_id, clientId: m.client_id, phoneId: m.phone_id, channel: m.channel, tz: m.tz }, now);
  return "recorded";
}

export type Inbound = { provider: "twilio" | "africastalking"; from: string; text: string; channel: "sms" | "whatsapp"; providerMessageId: string | null };

export type InboundResult = { kind: "unknown-number" } | { kind: "stop" | "reply"; messageId: string; clientId: string };

export async function receiveInbound(db: PrismaClient, m: Inbound, now: Date): Promise<InboundResult> {
  // The number's client: the one her latest message went to (a shared phone), else any.
  const phones = await db.$queryRaw<{ phone_id: string; client_id: string; site_id: string; lang: string; default_lang: string }[]>`
    SELECT p.id::text AS phone_id, c.id::text AS client_id, c.site_id::text AS site_id,
           coalesce(c.message_language, c.preferred_language) AS lang, co.default_language AS default_lang
    FROM client_phones p JOIN clients c ON c.id = p.client_id JOIN sites s ON s.id = c.site_id JOIN countries co ON co.id = s.country_id
    WHERE p.number = ${m.from}
    ORDER BY (SELECT max(o.created_at) FROM messages o WHERE o.phone_id = p.id AND o.direction = 'out') DESC NULLS LAST, p.is_primary DESC, p.id
    LIMIT 1`;
  const ph = phones[0];
  if (!ph) return { kind: "unknown-number" };
  const stop = isStopReply(m.text);
  const text = m.text.slice(0, 1600);
  return db.$transaction(async (tx) => {
    const inbound = await tx.message.create({
      data: {
        clientId: ph.client_id, phoneId: ph.phone_id, siteId: ph.site_id, direction: "in", channel: m.channel, reason: stop ? "stop" : "reply",
        body: text, provider: m.provider, number: m.from, providerMessageId: m.providerMessageId?.slice(0, 64) ?? null, createdAt: now,
      },
      select: { id: true },
    });
    await tx.messageEvent.create({ data: { messageId: inbound.id, status: "received", at: now } });
    if (stop) {
      const cancelled = await optOutOfMessages(tx, ph.phone_id, ph.client_id, now);
      // A neutral confirmation in her language (else the country's), when a live template exists.
      const rows = await tx.contentText.findMany({ where: { kind: TEMPLATE_KIND, key: "stop_confirm" }, select: { key: true, language: true, approved: true } });
      const live = liveTemplates(rows);
      const tpl = live.find((t) => t.language === languageKey(ph.lang)) ?? live.find((t) => t.language === languageKey(ph.default_lang));
      if (tpl) {
        await tx.message.create({
          data: {
            clientId: ph.client_id, phoneId: ph.phone_id, siteId: ph.site_id, direction: "out", channel: m.channel, reason: "stop_confirm",
            reminderKey: `stop:${inbound.id}`, sendAt: now, templateKey: "stop_confirm", language: tpl.language, body: tpl.text,
            provider: m.provider, number: m.from, createdAt: now,
          },
        });
      }
      await writeAudit(tx, { actorId: null }, {
        action: "client.messages_opted_out", entityType: "client", entityId: ph.client_id, meta: { phoneId: ph.phone_id, messageId: inbound.id, cancelled },
      });
    } else {
      await writeAudit(tx, { actorId: null }, { action: "client.message_received", entityType: "client", entityId: ph.client_id, meta: { messageId: inbound.id } });
    }
    return { kind: stop ? "stop" : "reply", messageId: inbound.id, clientId: ph.client_id } as InboundResult;
  });
}
