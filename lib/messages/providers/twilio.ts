// Twilio (SMS and WhatsApp) through its official library (`twilio`, pinned: docs/decisions/039).
// Its requests go through our own httpClient, which only changes the base URL when
// TWILIO_API_BASE_URL is set (the tests' fake provider) and keeps a hard timeout. Webhook
// signatures are checked with the library's validateRequest (lib/messages/webhooks.ts).
import twilio from "twilio";
import { notSentError, SEND_TIMEOUT_MS, type MessageProvider, type OutgoingMessage, type SendOutcome } from "@/lib/messages/providers/types";

type HttpOpts = { uri: string; timeout?: number } & Record<string, unknown>;

/** The library's own RequestClient, with the host swapped for `baseUrl` (when given). */
function httpClientFor(baseUrl: string | undefined, timeoutMs: number) {
  const inner = new twilio.RequestClient({ timeout: timeoutMs });
  return {
    request(opts: HttpOpts) {
      let uri = opts.uri;
      if (baseUrl) {
        const u = new URL(opts.uri);
        const base = new URL(baseUrl);
        u.protocol = base.protocol;
        u.host = base.host;
        uri = u.href;
      }
      return inner.request({ ...(opts as unknown as Parameters<typeof inner.request>[0]), uri, timeout: timeoutMs });
    },
  } as unknown as InstanceType<typeof twilio.RequestClient>;
}

export function twilioProvider(cfg: { accountSid: string; authToken: string; baseUrl?: string; timeoutMs?: number }): MessageProvider {
  const client = twilio(cfg.accountSid, cfg.authToken, { httpClient: httpClientFor(cfg.baseUrl, cfg.timeoutMs ?? SEND_TIMEOUT_MS) });
  return {
    name: "twilio",
    async send(m: OutgoingMessage): Promise<SendOutcome> {
      const wa = m.channel === "whatsapp";
      try {
        const created = await client.messages.create({
          to: wa ? `whatsapp:${m.to}` : m.to,
          from: m.from,
          ...(m.whatsappTemplate
            ? { contentSid: m.whatsappTemplate.name, contentVariables: JSON.stringify(m.whatsappTemplate.variables) }
            : { body: m.body }),
          ...(m.statusCallback ? { statusCallback: m.statusCallback } : {}),
        });
        return { kind: "sent", providerMessageId: created.sid };
      } catch (err) {
        const e = err as { status?: number; code?: string | number; message?: string };
        if (typeof e.status === "number") {
          // 429: too many requests, not taken - retry later. Other 4xx: refused (bad number, bad
          // sender): retrying would not help. 5xx: the provider may or may not have taken it.
          if (e.status === 429) return { kind: "failed", retryable: true, error: `twilio 429 ${e.code ?? ""}`.trim() };
          if (e.status < 500) return { kind: "failed", retryable: false, error: `twilio ${e.status} ${e.code ?? ""}`.trim() };
          return { kind: "unknown", error: `twilio ${e.status}` };
        }
        if (notSentError(typeof e.code === "string" ? e.code : undefined)) return { kind: "failed", retryable: true, error: String(e.code) };
        return { kind: "unknown", error: (e.code ? String(e.code) : e.message ?? "error").slice(0, 200) };
      }
    },
  };
}
