// Messaging configuration from the environment (docs/reminders.md): which provider and sender id
// each country uses, the providers' credentials and base URLs, rate limits and the webhooks'
// public base URL. Validated by zod; a country without a route gets no messages (its calls stay).
import { z } from "zod";

export const PROVIDERS = ["twilio", "africastalking"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

const route = z
  .object({
    provider: z.enum(PROVIDERS),
    /** SMS sender id or number. Never names the programme's HIV purpose (checked at start). */
    sender: z.string().trim().min(1).max(32),
    /** Twilio only: the WhatsApp sender ("whatsapp:+1555..."); unset = no WhatsApp in this country. */
    whatsappFrom: z.string().trim().max(40).optional(),
  })
  .strict();
export type MessageRoute = z.infer<typeof route>;

const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === "" ? undefined : v), s.optional());
const rate = z.coerce.number().int().min(1).max(1000);

const schema = z.object({
  /** {"KE": {"provider": "africastalking", "sender": "AFYA"}, ...} keyed by country code. */
  MESSAGING_ROUTES: z
    .preprocess((v) => (typeof v === "string" && v.trim() ? JSON.parse(v) : {}), z.record(z.string().regex(/^[A-Z]{2}$/), route))
    .default({}),
  /** The public https base URL the providers call back (delivery reports, replies). */
  MESSAGING_PUBLIC_URL: optional(z.string().url()),
  TWILIO_ACCOUNT_SID: optional(z.string().min(1)),
  TWILIO_AUTH_TOKEN: optional(z.string().min(1)),
  /** Tests only: the fake provider's address instead of https://api.twilio.com. */
  TWILIO_API_BASE_URL: optional(z.string().url()),
  TWILIO_RATE_PER_SECOND: rate.default(10),
  AT_USERNAME: optional(z.string().min(1)),
  AT_API_KEY: optional(z.string().min(1)),
  AT_BASE_URL: z.string().url().default("https://api.africastalking.com"),
  /** The secret in Africa's Talking's callback URLs (its callbacks are not signed). */
  AT_WEBHOOK_SECRET: optional(z.string().min(24, "AT_WEBHOOK_SECRET must be at least 24 characters")),
  AT_RATE_PER_SECOND: rate.default(10),
});
export type MessagingConfig = z.infer<typeof schema>;

/** Sender ids must not tell whoever reads her phone what the message is about. */
export function senderIssue(sender: string): string | null {
  return /hiv|aids|art\b|arv|pmtct|viral|clinic|health|vih|sida|tarv/i.test(sender) ? `sender "${sender}" names health care` : null;
}

export function readMessagingConfig(source: Record<string, string | undefined> = process.env): MessagingConfig {
  let parsed: MessagingConfig;
  try {
    parsed = schema.parse(source);
  } catch (err) {
    throw new Error(`Invalid messaging environment: ${err instanceof Error ? err.message : String(err)}`);
  }
  for (const [code, r] of Object.entries(parsed.MESSAGING_ROUTES)) {
    const issue = senderIssue(r.sender);
    if (issue) throw new Error(`MESSAGING_ROUTES.${code}: ${issue}`);
  }
  return parsed;
}
