import { expect, test } from "@playwright/test";
import { metricsToken } from "../../playwright.config";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn } from "./helpers";

// What an operator and a load balancer see: favicon, liveness, readiness, metrics behind a token.

test("every page has a favicon", async ({ request, page }) => {
  const ico = await request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toMatch(/image\//);
  const svg = await request.get("/icon.svg");
  expect(svg.status()).toBe(200);
  await page.goto("/login");
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /favicon\.ico|icon\.svg/);
});

test("liveness answers at once; readiness says which check fails", async ({ request }) => {
  const live = await request.get("/api/health");
  expect(live.status()).toBe(200);
  expect(live.headers()["cache-control"]).toContain("no-store");
  // No worker runs beside the end-to-end server: the database and migrations are fine, the
  // heartbeat is not (other tests may have left one, so either state is accepted with its code).
  const ready = await request.get("/api/ready");
  const body = await ready.json();
  expect(body.checks).toMatchObject({ database: "ok", migrations: "ok" });
  expect(ready.status()).toBe(body.checks.worker === "ok" ? 200 : 503);
});

// one run is enough
test("metrics are served only with the operator's token and count requests by route pattern", { tag: "@desktop" }, async ({ request, page }) => {
  const attempts: Record<string, string>[] = [{}, { Authorization: "Bearer wrong-token-wrong-token-wrong-token" }, { Authorization: metricsToken }];
  for (const headers of attempts) {
    const refused = await request.get("/api/metrics", { headers });
    expect(refused.status()).toBe(404);
    expect(await refused.text()).not.toContain("eservices_");
  }
  await signIn(page, DEMO_USERS.admin);
  await expect(page).toHaveURL(/\/admin$/);
  const res = await request.get("/api/metrics", { headers: { Authorization: `Bearer ${metricsToken}` } });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/plain");
  const text = await res.text();
  expect(text).toMatch(/eservices_http_request_duration_seconds_count\{route="\/admin",method="GET",status="200"\} \d+/);
  expect(text).toContain('eservices_db_pool_connections{pool="primary",state="total"}');
  // Route patterns only: no ids or query strings in any label.
  expect(text).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}/);
});
