// The reports' call and programme figures (issue 12) and the interruption-in-treatment flag
// (issue 11): a programme manager sees the client-level call figures, tracing outcomes, infant
// testing, interruption by time on ART and returns after tracing, each with its definition; the
// interruption total matches the register and the coverage page; the finer MER age bands are a
// URL option; the reminder message figures and attendance after a reminder (issue 17), with the
// messages table as a file.
import { expect, test, type Page } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn, sql } from "./helpers";

const number = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).replace(/[^\d]/g, ""));
const lastMonth = () => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};
const MER = ["<1", "1-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65+"];

test("a programme manager sees the call and programme figures with their definitions", async ({ page }) => {
  await signIn(page, DEMO_USERS.manager);
  await expect(page).toHaveURL(/\/reports$/);
  // The page opens on the last complete month; this test reads the current one, through the URL.
  await expect(page.getByLabel("Month", { exact: true })).toHaveValue(lastMonth());
  await page.goto(`/reports?period=month&month=${new Date().toISOString().slice(0, 7)}`);
  for (const name of ["Clients called", "After a missed appointment", "Tracing outcomes (WHO DE24-DE29)", "Infant testing", "Interruption in treatment by time on ART", "Returned to care after tracing"]) {
    await expect(page.getByRole("heading", { level: 3, name })).toBeVisible();
  }
  // The demo has calls this month: clients due, some reached.
  expect(await number(page, "callClients-clientsDue")).toBeGreaterThan(0);
  expect(await number(page, "callClients-clientsReached")).toBeLessThanOrEqual(await number(page, "callClients-clientsDue"));
  // A definition one tap away.
  const row = page.getByRole("row", { name: /Clients reached at least once/ });
  await row.locator("summary").click();
  await expect(row.getByText(/reached at least once on a due task of the period/)).toBeVisible();

  // Interruption in treatment (this month, whole programme): the register's active clients with the
  // flag - the demo seed set it as the daily run would - and the coverage page's count.
  const shown = await number(page, "programmeFigures-interrupted_TOTAL");
  const n = (await sql<{ n: number }>("SELECT count(*)::int AS n FROM clients WHERE status = 'ACTIVE' AND interruption_since IS NOT NULL"))[0]!.n;
  expect(shown).toBe(n);
  expect(shown).toBeGreaterThan(0);
  await page.goto("/supervision/coverage");
  await expect(page.getByRole("heading", { level: 2, name: "Clients in interruption in treatment" })).toBeVisible();
  expect(await number(page, "interruption-total")).toBe(n);
  // One row per country (the manager's level), figures only.
  await expect(page.getByTestId("interruption-row").first()).toBeVisible();
});

test("the enrolment report's finer MER age bands travel in the URL", { tag: "@desktop" }, async ({ page }) => {
  await signIn(page, DEMO_USERS.manager);
  await page.getByLabel("Age bands").selectOption("mer");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/bands=mer/);
  const table = page.getByRole("table", { name: "By age band" });
  await expect(table).toBeVisible();
  const bands = (await table.locator("tbody tr td:first-child").allInnerTexts()).map((s) => s.trim());
  expect(bands.length).toBeGreaterThan(2);
  for (const b of bands) expect(MER).toContain(b);
  await expect(page.getByText(/finer MER bands: under 1, 1-4, 5-9/)).toBeAttached();
});

test("the reminder message figures and attendance after a reminder, each with its definition, and the messages table as a file", { tag: "@desktop" }, async ({ page }) => {
  await signIn(page, DEMO_USERS.manager);
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole("heading", { level: 2, name: "Reminder messages" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Attendance after a reminder message" })).toBeVisible();
  for (const k of ["sent", "delivered", "failed", "unknown", "replies", "optOuts"]) await expect(page.getByTestId(`messageFigures-${k}`)).toBeVisible();
  await expect(page.getByTestId("programmeFigures-remindedRate")).toBeVisible();
  const row = page.getByRole("row", { name: /Outcome unknown/ });
  await row.locator("summary").click();
  await expect(row.getByText(/never sent again automatically/)).toBeVisible();
  const res = await page.request.get("/api/reports/messages?format=csv&period=month");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-disposition"]).toMatch(/messages-report_/);
  const body = (await res.text()).replace(/^\uFEFF/, "");
  for (const k of ["sent", "delivered", "optOuts", "deliveryRate"]) expect(body).toContain(k);
});
