// The provider adapters the environment configures (lib/messages/config.ts).
import type { MessagingConfig, ProviderName } from "@/lib/messages/config";
import type { MessageProvider } from "@/lib/messages/providers/types";
import { twilioProvider } from "@/lib/messages/providers/twilio";
import { africasTalkingProvider } from "@/lib/messages/providers/africas-talking";

export function providersFrom(cfg: MessagingConfig): Partial<Record<ProviderName, MessageProvider>> {
  const out: Partial<Record<ProviderName, MessageProvider>> = {};
  if (cfg.TWILIO_ACCOUNT_SID && cfg.TWILIO_AUTH_TOKEN) {
    out.twilio = twilioProvider({ accountSid: cfg.TWILIO_ACCOUNT_SID, authToken: cfg.TWILIO_AUTH_TOKEN, baseUrl: cfg.TWILIO_API_BASE_URL });
  }
  if (cfg.AT_USERNAME && cfg.AT_API_KEY) {
    out.africastalking = africasTalkingProvider({ username: cfg.AT_USERNAME, apiKey: cfg.AT_API_KEY, baseUrl: cfg.AT_BASE_URL });
  }
  return out;
}

/** Sends per second each provider allows us. */
export function ratesFrom(cfg: MessagingConfig): Record<ProviderName, number> {
  return { twilio: cfg.TWILIO_RATE_PER_SECOND, africastalking: cfg.AT_RATE_PER_SECOND };
}
