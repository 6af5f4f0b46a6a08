import { expect, test, type Page } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn } from "./helpers";

// Issue 11 on the demo data (prisma/seed.ts: 30 days of call history). The two projects may run at
// the same time on one database: each signs in as the supervisor of another site, so neither sends
// back an escalation the other is looking at.

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("a supervisor sees this week's coverage, drills into one Mentor Mother's day, sends an escalation back", async ({ page }, testInfo) => {
  const supervisor = testInfo.project.name === "phone" ? DEMO_USERS.supervisors[1]! : DEMO_USERS.supervisors[0]!;
  await signIn(page, supervisor);
  await expect(page).toHaveURL(/\/supervision$/, { timeout: 15_000 });
  await expect(page.getByRole("heading", { name: "Today at a glance" })).toBeVisible();

  await page.goto("/supervision/coverage");
  await expect(page.getByRole("heading", { level: 1, name: "Call coverage" })).toBeVisible();
  await expect(page.getByLabel("Period")).toHaveValue("thisWeek");
  // Her five Mentor Mothers (more when other specs have added some), worst first, with the
  // per-day table beside the chart.
  const table = page.getByRole("table", { name: /Coverage per row/ });
  await expect(table.getByRole("row").nth(5)).toBeVisible();
  await expect(page.getByRole("table", { name: "The same figures per day" })).toBeVisible();
  await expectNoSidewaysScroll(page);

  // Last 30 days: the history is there, and the Mentor Mother falling behind is first, in red.
  await page.getByLabel("Period").selectOption("last30");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/period=last30/);
  await expect(table.getByRole("row").nth(1)).toHaveClass(/bg-red-50/);
  await expect(table.getByText("below the goal", { exact: false }).first()).toBeAttached();

  // Her day: tasks with status, attempts and calls; the client's first name and reference link to the profile.
  await table.getByRole("row").nth(1).getByRole("link").click();
  await expect(page).toHaveURL(/\/supervision\/coverage\/mentors\/[0-9a-f-]{36}/);
  for (let i = 0; i < 4 && (await page.getByText("No calls were on her list that day.").isVisible()); i++) {
    await page.getByRole("link", { name: "Day before" }).click();
    await expect(page).toHaveURL(/day=\d{4}-\d{2}-\d{2}/);
  }
  const day = page.getByRole("table");
  await expect(day.getByRole("columnheader", { name: "Client" })).toBeVisible();
  await expect(day.getByRole("link", { name: /· ZA-(SOW|KHA)-\d{6}/ }).first()).toBeVisible();

  // Escalations: send the oldest back to her Mentor Mother with a fresh budget; it leaves the list.
  await page.goto("/supervision/escalations");
  await expect(page.getByRole("heading", { level: 1, name: "Escalations" })).toBeVisible();
  const first = page.getByTestId("escalation-row").first();
  const who = (await first.getByRole("link").first().innerText()).trim();
  await first.getByRole("button", { name: "Send back", exact: true }).click();
  await expect(page.getByRole("link", { name: who, exact: true })).toHaveCount(0);
});

// programme managers work on desktops
test("a programme manager sees the country roll-up and drills down with figures only", { tag: "@desktop" }, async ({ page }) => {
  await signIn(page, DEMO_USERS.manager);
  await expect(page).toHaveURL(/\/reports$/, { timeout: 15_000 });
  await page.goto("/supervision/coverage?period=last30");
  const table = page.getByRole("table", { name: /Coverage per row/ });
  await expect(table.getByRole("columnheader", { name: "Country" })).toBeVisible();
  await table.getByRole("link", { name: "South Africa" }).click();
  await expect(table.getByRole("columnheader", { name: "Site" })).toBeVisible();
  await table.getByRole("row").nth(1).getByRole("link").click();
  await expect(table.getByRole("columnheader", { name: "Mentor Mother" })).toBeVisible();
  await table.getByRole("row").nth(1).getByRole("link").click();
  await expect(page).toHaveURL(/\/supervision\/coverage\/mentors\//);
  // No client names or references anywhere on the page.
  await expect(page.getByRole("columnheader", { name: "Client" })).toHaveCount(0);
  expect(await page.locator("main").innerText()).not.toMatch(/ZA-(SOW|KHA)-\d{6}/);
  // Escalations are the supervisor's (identified): not found for her.
  const res = await page.goto("/supervision/escalations");
  expect(res?.status()).toBe(404);
});

// Mentor Mothers work on phones
test("a Mentor Mother gets 404 on the supervision pages and the coverage route", { tag: "@phone" }, async ({ page }) => {
  await signIn(page, DEMO_USERS.mentors[0]!);
  await expect(page).toHaveURL(/\/queue$/, { timeout: 15_000 });
  for (const path of ["/supervision/coverage", "/supervision/escalations", "/supervision/not-reached"]) {
    expect((await page.goto(path))?.status()).toBe(404);
  }
  const api = await page.request.get("/api/supervision/coverage?period=today");
  expect(api.status()).toBe(404);
  expect(await api.text()).not.toContain("figures");
});
