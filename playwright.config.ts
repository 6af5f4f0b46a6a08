// End-to-end tests in the system Chromium (Debian package `chromium`) against the production build
// served by `next start`. `npm test` builds first and passes DATABASE_URL (the eservices_test db).
import { defineConfig, devices } from "@playwright/test";
import { E2E_MESSAGING, messagingEnv } from "./tests/e2e/messaging";

const port = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://localhost:${port}`;
/** A second server of the same build whose database is unreachable. */
export const downPort = port + 1;
const secret = process.env.NEXTAUTH_SECRET ?? "e2e-test-secret-not-for-production-0123456789";
/** The operator's token for GET /api/metrics (tests/e2e/operations.spec.ts). */
export const metricsToken = "e2e-metrics-token-not-for-production-0123456789";
const CI = process.env.CI === "true" || process.env.CI === "1";

// Never Playwright's downloaded browsers: the machines reach only npm and Debian's packages.
const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. The rest keep a
    // headless browser in a container quiet and off the network.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  },
};

export default defineConfig({
  // The end-to-end specs, and the security suite's HTTP half (tests/security/*.spec.ts).
  testDir: "tests",
  testMatch: ["e2e/**/*.spec.ts", "security/**/*.spec.ts"],
  fullyParallel: false,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // Two cores on the machines, shared with `next start` and PostgreSQL.
  workers: CI ? 1 : 2,
  reporter: CI ? "list" : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  use: { baseURL, trace: "on-first-retry" },
  // Mentor Mothers work on small phones; supervisors and admins on desktops. Every spec runs in
  // both; a spec meant for one of them skips itself with `test.skip(testInfo.project.name !== ...)`.
  projects: [
    // A test worked on one kind of device only carries its tag (`{ tag: "@phone" }` or
    // `{ tag: "@desktop" }`) and runs in that project alone, instead of being skipped in the other.
    // The security suite's HTTP half asks no screen: it runs once, in the desktop project.
    { name: "phone", grepInvert: /@desktop/, testIgnore: "security/**", use: { ...chromium, viewport: { width: 360, height: 740 }, hasTouch: true } },
    { name: "desktop", grepInvert: /@phone/, use: { ...chromium, viewport: { width: 1280, height: 800 } } },
  ],
  webServer: [
    {
      command: `npx --no -- next start -p ${port}`,
      url: `${baseURL}/login`,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: {
        ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
        NEXTAUTH_URL: baseURL,
        NEXTAUTH_SECRET: secret,
        METRICS_TOKEN: metricsToken,
        // Reminder messages (issue 17): the providers' base URLs point at the fake provider below,
        // and the webhooks check its signatures. No MESSAGING_ROUTES here: the app only receives
        // webhooks; scheduling and sending are the worker's, which tests/e2e/reminders.spec.ts runs
        // at a chosen moment with the routes (tests/support/worker-tick.ts).
        ...messagingEnv(false),
      },
    },
    {
      // The fake message provider (tests/support/fake-provider.ts): Twilio's and Africa's Talking's
      // APIs on loopback, with its log of accepted messages at GET /log.
      command: "npx --no -- tsx tests/support/fake-provider-server.ts",
      url: `${E2E_MESSAGING.fakeUrl}/log`,
      reuseExistingServer: false,
      timeout: 60_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: { E2E_PORT: String(port) },
    },
    {
      // The same build with its database out of reach (nothing listens on port 9): what users see
      // during a database outage (tests/e2e/database-down.spec.ts). Same secret, so a session
      // cookie from the main server is accepted and the session lookup itself fails.
      command: `npx --no -- next start -p ${downPort}`,
      url: `http://localhost:${downPort}/login`,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: {
        DATABASE_URL: "postgresql://postgres@127.0.0.1:9/unreachable?connect_timeout=2",
        NEXTAUTH_URL: `http://localhost:${downPort}`,
        NEXTAUTH_SECRET: secret,
      },
    },
  ],
});
