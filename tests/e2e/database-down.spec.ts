import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn } from "./helpers";

// A second `next start` of the same build runs with an unreachable database (playwright.config.ts).
const DOWN = `http://localhost:${Number(process.env.E2E_PORT || 3100) + 1}`;

test("a database outage shows a clear page, not a stack trace", async ({ page }) => {
  // A real session from the working server; cookies are shared across ports of one host.
  await signIn(page, DEMO_USERS.admin);
  await expect(page).toHaveURL(/\/admin$/);

  const response = await page.goto(`${DOWN}/admin`);
  expect(response?.status()).toBeLessThan(500);
  await expect(page.getByRole("heading", { name: "Service unavailable" })).toBeVisible();
  await expect(page.getByText("The database cannot be reached right now.")).toBeVisible();
  const body = await page.locator("body").innerText();
  expect(body).not.toMatch(/ECONNREFUSED|at .*\.js|Prisma|stack/i);
});

test("signing in during an outage says the service is unavailable", async ({ page }) => {
  await page.goto(`${DOWN}/login`);
  await page.getByLabel("Username or phone number").fill(DEMO_USERS.admin);
  await page.getByLabel("Password").fill("whatever-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Sign-in is not available right now. Please try again in a few minutes.")).toBeVisible();
});

test("readiness tells a load balancer the database is down; liveness stays up", async ({ request }) => {
  const notReady = await request.get(`${DOWN}/api/ready`);
  expect(notReady.status()).toBe(503);
  expect(await notReady.json()).toEqual({ status: "not-ready", checks: { database: "failed", migrations: "unknown", worker: "unknown" } });
  // Liveness checks nothing but the process: a database outage must not get every instance restarted.
  const alive = await request.get(`${DOWN}/api/health`);
  expect(alive.status()).toBe(200);
  expect(await alive.json()).toEqual({ status: "ok" });
});
