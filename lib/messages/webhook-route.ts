import "server-only";
// The providers' webhooks (issue 17), the listed machine-to-machine exception to the same-origin
// rule (lib/origin.ts MACHINE_ROUTES, docs/security.md). No session: each request authenticates by
// Twilio's signature (X-Twilio-Signature over the public URL and the form, checked with the
// `twilio` library's validateRequest) or by the secret in Africa's Talking's callback URL
// (compared in constant time). Anything else is a bare 403 and a warning in the log. Rate limited
// per address; bodies are small forms (at most 16 KB).
import { timingSafeEqual } from "node:crypto";
import twilio from "twilio";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { errorResponse } from "@/lib/route";
import { NO_STORE } from "@/lib/no-store";
import { readMessagingConfig, type MessagingConfig } from "@/lib/messages/config";

export const WEBHOOK_MAX_BYTES = 16 * 1024;
/** Requests per address per minute (a provider's bursts fit; a flood does not). */
export const WEBHOOK_PER_MINUTE = 1200;

const windows = new Map<string, { start: number; n: number }>();
export function webhookAllowed(ip: string, nowMs: number, limit = WEBHOOK_PER_MINUTE): boolean {
  const w = windows.get(ip);
  if (!w || nowMs - w.start >= 60_000) {
    if (windows.size > 10_000) windows.clear();
    windows.set(ip, { start: nowMs, n: 1 });
    return true;
  }
  w.n++;
  return w.n <= limit;
}

const plain = (status: number) => new Response(status === 200 ? "" : String(status), { status, headers: NO_STORE });

export type WebhookContext = { form: Record<string, string>; config: MessagingConfig; now: Date; db: typeof db };

/** `auth` says who may call: Twilio (signature) or Africa's Talking (secret in the path). */
export function webhookRoute<P extends Record<string, string>>(
  opts: { name: string; auth: "twilio" | "africastalking" },
  handler: (ctx: WebhookContext) => Promise<void>,
): (request: Request, context: { params: Promise<P> }) => Promise<Response> {
  return async (request, context) => {
    const now = new Date();
    const ip = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
    if (!webhookAllowed(ip, now.getTime())) return plain(429);
    try {
      const config = readMessagingConfig();
      const declared = Number(request.headers.get("content-length") ?? "0");
      if (declared > WEBHOOK_MAX_BYTES) return plain(413);
      const text = await request.text();
      if (Buffer.byteLength(text) > WEBHOOK_MAX_BYTES) return plain(413);
      const form = Object.fromEntries(new URLSearchParams(text));
      const url = new URL(request.url);
      let ok = false;
      if (opts.auth === "twilio") {
        const token = config.TWILIO_AUTH_TOKEN;
        const signature = request.headers.get("x-twilio-signature");
        // Twilio signs the URL it called: the public one, not the address behind the proxy.
        const signedUrl = config.MESSAGING_PUBLIC_URL ? new URL(url.pathname + url.search, config.MESSAGING_PUBLIC_URL).href : null;
        ok = !!token && !!signature && !!signedUrl && twilio.validateRequest(token, signature, signedUrl, form);
      } else {
        const secret = config.AT_WEBHOOK_SECRET;
        const given = (await context.params).secret ?? "";
        ok = !!secret && given.length === secret.length && timingSafeEqual(Buffer.from(given), Buffer.from(secret));
      }
      if (!ok) {
        log("warn", "webhook.refused", { route: opts.name, ip });
        return plain(403);
      }
      await handler({ form, config, now, db });
      return plain(200);
    } catch (err) {
      return errorResponse(err, opts.name);
    }
  };
}
