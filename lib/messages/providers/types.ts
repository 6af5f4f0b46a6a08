// One interface for every message provider (issue 17). An adapter answers what it knows for sure:
// "sent" (the provider accepted it, with its id), "failed" (the provider refused it: retryable or
// not), or "unknown" - the request may have reached the provider but no answer came (a timeout, a
// connection cut after sending, a 5xx): such a message is never sent again automatically.
export type OutgoingMessage = {
  to: string;
  body: string;
  channel: "sms" | "whatsapp";
  /** SMS sender id / number, or the WhatsApp sender. */
  from: string;
  /** WhatsApp outside the 24-hour window: the provider's pre-approved template (its id), with the
   * values of its variables ({ "1": "12/06/2026" }). */
  whatsappTemplate?: { name: string; variables: Record<string, string> };
  /** Where the provider posts delivery reports for this message (null: the provider's console
   * setting applies, Africa's Talking). */
  statusCallback: string | null;
};

export type SendOutcome =
  | { kind: "sent"; providerMessageId: string }
  | { kind: "failed"; retryable: boolean; error: string }
  | { kind: "unknown"; error: string };

export interface MessageProvider {
  readonly name: "twilio" | "africastalking";
  send(message: OutgoingMessage): Promise<SendOutcome>;
}

/** Errors that say the request never left this machine or was refused before the provider read
 * it: the message was certainly not sent and may be retried. Anything else after the request may
 * have been written out is "unknown". */
export function notSentError(code: string | undefined): boolean {
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EHOSTUNREACH" || code === "ENETUNREACH";
}

export const SEND_TIMEOUT_MS = 15_000;
