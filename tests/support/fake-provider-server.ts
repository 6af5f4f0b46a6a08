// The fake message provider (tests/support/fake-provider.ts) as a process of its own, for the
// end-to-end run (playwright.config.ts starts it beside the app): `npx tsx
// tests/support/fake-provider-server.ts`, port and credentials from the environment (E2E_MESSAGING
// in tests/e2e/messaging.ts). Its log of accepted messages is GET /log. Loopback only.
import { startFakeProvider } from "./fake-provider";
import { E2E_MESSAGING } from "../e2e/messaging";

async function main() {
  const fake = await startFakeProvider({
    port: E2E_MESSAGING.fakePort,
    twilioSid: E2E_MESSAGING.twilioSid,
    twilioToken: E2E_MESSAGING.twilioToken,
    atUsername: E2E_MESSAGING.atUsername,
    atApiKey: E2E_MESSAGING.atApiKey,
  });
  console.log(`fake provider listening on ${fake.url}`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
