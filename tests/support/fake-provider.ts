// A small fake message provider for the tests (issue 17): it speaks Twilio's Messages API
// (POST /2010-04-01/Accounts/{sid}/Messages.json, basic auth) and Africa's Talking's SMS API
// (POST /version1/messaging, apiKey header), keeps a log of every message it accepted, and can
// post delivery reports and inbound messages to the app - signed like Twilio signs them
// (X-Twilio-Signature, the library's own signing) or with the secret in the URL like Africa's
// Talking. Like the real ones it does NOT de-duplicate; given a rate limit it refuses faster sends
// with 429 (B8 uses it). Loopback only; nothing leaves the machine.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import twilio from "twilio";

export type FakeSent = { provider: "twilio" | "africastalking"; id: string; to: string; from: string; body: string | null; contentSid: string | null; at: Date };

export type FakeProvider = {
  url: string;
  sent: FakeSent[];
  /** The next n sends answer this way. */
  failNext(n: number, how: "reject" | "busy" | "server" | "hang"): void;
  /** Delay every answer (ms). */
  delayMs: number;
  /** Sends refused with 429 because they came faster than `ratePerSecond`. */
  rateLimited: number;
  close(): Promise<void>;
};

export async function startFakeProvider(opts: {
  port?: number; twilioSid: string; twilioToken: string; atUsername: string; atApiKey: string;
  /** Each provider's rate limit (sends per second, a bucket of one second's sends): above it a send
   * is refused with 429 like the real ones do. Unset: no limit. */
  ratePerSecond?: number;
}): Promise<FakeProvider> {
  const sent: FakeSent[] = [];
  const buckets = new Map<string, { tokens: number; at: number }>();
  let rateLimited = 0;
  /** Takes one send from the provider's bucket; false when it is empty. */
  const withinRate = (provider: string): boolean => {
    const rate = opts.ratePerSecond;
    if (!rate) return true;
    const now = performance.now();
    const b = buckets.get(provider) ?? { tokens: rate, at: now };
    b.tokens = Math.min(rate, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    buckets.set(provider, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };
  const tooFast = (res: http.ServerResponse) => {
    rateLimited++;
    res.writeHead(429, { "Content-Type": "application/json" }).end(JSON.stringify({ code: 20429, message: "Too Many Requests", status: 429 }));
  };
  let failures: { n: number; how: "reject" | "busy" | "server" | "hang" } = { n: 0, how: "reject" };
  const state = { delayMs: 0 };
  const hung: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const url = new URL(req.url ?? "/", "http://localhost");
      const answer = () => {
        if (failures.n > 0) {
          failures.n--;
          if (failures.how === "hang") { hung.push(res); return; }
          const status = failures.how === "reject" ? 400 : failures.how === "busy" ? 429 : 503;
          res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ code: 21211, message: "refused", status }));
          return;
        }
        const twilioPath = url.pathname === `/2010-04-01/Accounts/${opts.twilioSid}/Messages.json`;
        if (req.method === "POST" && twilioPath) {
          const auth = Buffer.from(`${opts.twilioSid}:${opts.twilioToken}`).toString("base64");
          if (req.headers.authorization !== `Basic ${auth}`) { res.writeHead(401).end("{}"); return; }
          if (!withinRate("twilio")) { tooFast(res); return; }
          const id = `SM${randomUUID().replace(/-/g, "")}`;
          sent.push({ provider: "twilio", id, to: form.get("To") ?? "", from: form.get("From") ?? "", body: form.get("Body"), contentSid: form.get("ContentSid"), at: new Date() });
          res.writeHead(201, { "Content-Type": "application/json" }).end(JSON.stringify({ sid: id, status: "queued", to: form.get("To"), from: form.get("From") }));
          return;
        }
        if (req.method === "POST" && url.pathname === "/version1/messaging") {
          if (req.headers.apikey !== opts.atApiKey || form.get("username") !== opts.atUsername) { res.writeHead(401).end("{}"); return; }
          if (!withinRate("africastalking")) { tooFast(res); return; }
          const id = `ATXid_${randomUUID().replace(/-/g, "")}`;
          sent.push({ provider: "africastalking", id, to: form.get("to") ?? "", from: form.get("from") ?? "", body: form.get("message"), contentSid: null, at: new Date() });
          res.writeHead(201, { "Content-Type": "application/json" }).end(JSON.stringify({
            SMSMessageData: { Message: "Sent to 1/1", Recipients: [{ statusCode: 101, number: form.get("to"), status: "Success", cost: "KES 0.8000", messageId: id }] },
          }));
          return;
        }
        if (req.method === "GET" && url.pathname === "/log") {
          res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(sent));
          return;
        }
        res.writeHead(404).end("{}");
      };
      if (state.delayMs > 0) setTimeout(answer, state.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    failNext(n, how) { failures = { n, how }; },
    get delayMs() { return state.delayMs; },
    set delayMs(v: number) { state.delayMs = v; },
    get rateLimited() { return rateLimited; },
    close: () => new Promise<void>((resolve) => {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A Twilio webhook as Twilio posts it: form-encoded, signed with the auth token over the full URL
 * and the sorted parameters (the library's own getExpectedTwilioSignature). */
export async function postTwilioWebhook(url: string, params: Record<string, string>, authToken: string, opts: { badSignature?: boolean } = {}) {
  const signature = twilio.getExpectedTwilioSignature(authToken, url, params);
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": opts.badSignature ? `x${signature}` : signature },
    body: new URLSearchParams(params).toString(),
  });
}

/** An Africa's Talking callback: form-encoded, the secret in the URL (AT does not sign). */
export async function postAtWebhook(url: string, params: Record<string, string>) {
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params).toString() });
}
