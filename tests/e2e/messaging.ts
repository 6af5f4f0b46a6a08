// Messaging in the end-to-end run (issue 17): the fake provider's port and credentials, shared by
// playwright.config.ts (the app's environment and the fake provider's process), the spec and the
// worker tick it runs (tests/support/worker-tick.ts). Test values only, nothing leaves the machine.
const e2ePort = Number(process.env.E2E_PORT || 3100);

export const E2E_MESSAGING = {
  /** E2E_PORT + 1 is the database-down server; the fake provider takes + 2. */
  fakePort: e2ePort + 2,
  fakeUrl: `http://127.0.0.1:${e2ePort + 2}`,
  publicUrl: `http://localhost:${e2ePort}`,
  twilioSid: "AC00000000000000000000000000e2e0",
  twilioToken: "e2e-twilio-auth-token-not-for-production",
  atUsername: "e2e",
  atApiKey: "e2e-at-api-key-not-for-production",
  atWebhookSecret: "e2e-at-webhook-secret-not-for-production-0123",
  /** The demo training country (XZ-DAILY works every day) sends SMS through Twilio. */
  routes: { XZ: { provider: "twilio", sender: "+15005550006" } },
} as const;

/** The messaging environment of the app and of the worker (docs/reminders.md), pointed at the fake. */
export function messagingEnv(withRoutes: boolean): Record<string, string> {
  return {
    ...(withRoutes ? { MESSAGING_ROUTES: JSON.stringify(E2E_MESSAGING.routes) } : {}),
    MESSAGING_PUBLIC_URL: E2E_MESSAGING.publicUrl,
    TWILIO_ACCOUNT_SID: E2E_MESSAGING.twilioSid,
    TWILIO_AUTH_TOKEN: E2E_MESSAGING.twilioToken,
    TWILIO_API_BASE_URL: E2E_MESSAGING.fakeUrl,
    AT_USERNAME: E2E_MESSAGING.atUsername,
    AT_API_KEY: E2E_MESSAGING.atApiKey,
    AT_BASE_URL: E2E_MESSAGING.fakeUrl,
    AT_WEBHOOK_SECRET: E2E_MESSAGING.atWebhookSecret,
  };
}
