// Africa's Talking SMS through its documented HTTP API (POST {base}/version1/messaging, form
// encoded, apiKey header), with a configurable base URL: its official library hard-codes the
// host, so the tests' fake provider could not stand in for it.
import { notSentError, SEND_TIMEOUT_MS, type MessageProvider, type OutgoingMessage, type SendOutcome } from "@/lib/messages/providers/types";

/** Recipient status codes of the documented API: 100 processed, 101 sent, 102 queued are
 * accepted; 401 risk hold, 405 insufficient balance, 500-502 gateway errors may pass on a retry;
 * the others (invalid sender or number, blacklisted, do-not-disturb) will not. */
const ACCEPTED = new Set([100, 101, 102]);
const RETRYABLE = new Set([401, 405, 500, 501, 502]);

export function africasTalkingProvider(cfg: { username: string; apiKey: string; baseUrl: string; timeoutMs?: number }): MessageProvider {
  const url = new URL("/version1/messaging", cfg.baseUrl).href;
  return {
    name: "africastalking",
    async send(m: OutgoingMessage): Promise<SendOutcome> {
      if (m.channel !== "sms") return { kind: "failed", retryable: false, error: "africastalking: SMS only" };
      let res: Response;
      try {
        res = await fetch(url, {
          method: "POST",
          headers: { apiKey: cfg.apiKey, Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ username: cfg.username, to: m.to, message: m.body, from: m.from }).toString(),
          signal: AbortSignal.timeout(cfg.timeoutMs ?? SEND_TIMEOUT_MS),
        });
      } catch (err) {
        const code = (err as { cause?: { code?: string } }).cause?.code;
        if (notSentError(code)) return { kind: "failed", retryable: true, error: String(code) };
        return { kind: "unknown", error: ((err as Error).name === "TimeoutError" ? "timeout" : code ?? (err as Error).message).slice(0, 200) };
      }
      if (res.status >= 500) return { kind: "unknown", error: `africastalking ${res.status}` };
      if (res.status === 429) return { kind: "failed", retryable: true, error: "africastalking 429" };
      if (res.status >= 400) return { kind: "failed", retryable: false, error: `africastalking ${res.status}` };
      let body: { SMSMessageData?: { Recipients?: { statusCode?: number; messageId?: string; status?: string }[] } };
      try {
        body = await res.json();
      } catch {
        return { kind: "unknown", error: "africastalking: unreadable answer" };
      }
      const r = body.SMSMessageData?.Recipients?.[0];
      if (!r || typeof r.statusCode !== "number") return { kind: "unknown", error: "africastalking: no recipient in the answer" };
      if (ACCEPTED.has(r.statusCode) && r.messageId) return { kind: "sent", providerMessageId: r.messageId };
      return { kind: "failed", retryable: RETRYABLE.has(r.statusCode), error: `africastalking ${r.statusCode} ${r.status ?? ""}`.trim() };
    },
  };
}
