import { expect, test, type Page } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn } from "./helpers";

// mentor05 works at ZA-SOW (Africa/Johannesburg), Monday to Friday (prisma/seed.ts). Her list for
// today is generated when she opens her queue if the scheduled job has not run (it does not run in
// tests). Every demo client is still waiting for her welcome call, so on a working day her list is
// full; on a weekend or a public holiday it is empty and says why.
const MENTOR = DEMO_USERS.mentors[4]!;
const SITE_TZ = "Africa/Johannesburg";

/** ISO weekday (1 = Monday) of today at the site. */
function siteWeekday(now = new Date()): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: SITE_TZ, weekday: "short" }).format(now);
  return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(name) + 1;
}

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

// Mentor Mothers work on phones
test("a Mentor Mother opens her queue and sees today's list with the reasons and why", { tag: "@phone" }, async ({ page }) => {
  await signIn(page, MENTOR);
  await expect(page).toHaveURL(/\/queue$/);
  await expect(page.getByRole("heading", { level: 1, name: "Today's calls" })).toBeVisible();
  await expectNoSidewaysScroll(page);

  const weekend = siteWeekday() >= 6;
  const tasks = page.getByTestId("queue-task");
  const empty = page.getByTestId("queue-empty");
  await expect(tasks.first().or(empty)).toBeVisible();

  if (weekend) {
    await expect(empty).toHaveText("Today is not a working day at your site (weekend or public holiday).");
    await expect(tasks).toHaveCount(0);
    return;
  }
  if (await empty.isVisible()) {
    // A weekday with no list can only be one of the country's public holidays.
    await expect(empty).toHaveText("Today is not a working day at your site (weekend or public holiday).");
    return;
  }
  // A working day: her capacity's worth of calls, the most urgent first.
  await expect(page.getByText(/^\d+ calls? today/)).toBeVisible();
  const n = await tasks.count();
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThanOrEqual(40);
  for (const i of [0, n - 1]) {
    const task = tasks.nth(i);
    await expect(task.getByRole("heading", { level: 2 })).not.toBeEmpty();
    // At least one reason badge besides the priority.
    expect(await task.getByRole("list", { name: "Reasons" }).getByRole("listitem").count()).toBeGreaterThanOrEqual(2);
    await task.getByText("Why is she on my list?").click();
    const why = task.getByTestId("queue-why");
    await expect(why).toBeVisible();
    expect(await why.getByRole("listitem").count()).toBeGreaterThanOrEqual(1);
  }
  // Reloading does not make a second list.
  await page.reload();
  await expect(tasks).toHaveCount(n);
});

// administration is done on a desktop
test("an administrator previews a working day's lists at a site without saving anything", { tag: "@desktop" }, async ({ page }) => {
  await signIn(page, DEMO_USERS.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/call-lists");
  await expect(page.getByRole("heading", { level: 1, name: "Call-list preview" })).toBeVisible();

  // The next Wednesday (should it be a public holiday, the result says so; the Mentor Mothers are
  // listed either way).
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + ((3 - d.getUTCDay() + 7) % 7 || 7));
  const day = d.toISOString().slice(0, 10);
  await page.getByLabel("Site", { exact: true }).selectOption({ label: "South Africa · Zola Community Health Centre, Soweto (ZA-SOW)" });
  await page.getByLabel("Day", { exact: true }).fill(day);
  // One setting changed for the preview only.
  await page.getByText("Try other settings (optional)").click();
  await page.getByLabel("Appointment reminder (days before)").fill("3");
  await page.getByRole("button", { name: "Show the preview" }).click();

  const result = page.getByTestId("preview-result");
  await expect(result).toBeVisible({ timeout: 20_000 });
  await expect(result.getByRole("heading", { level: 2 })).toContainText("Zola Community Health Centre, Soweto");
  await expect(result).toContainText("Changed for this preview: Appointment reminder (days before).");
  // The site's five seeded Mentor Mothers (and any another spec added meanwhile), each counted.
  await expect(result.getByRole("table").first().locator("tbody tr").nth(4)).toBeVisible();

  // The same preview again gives the same lists; a value the settings would refuse is refused.
  const total = await result.getByText(/calls? in total|No calls in total/).innerText();
  await page.getByRole("button", { name: "Show the preview" }).click();
  await expect(result.getByText(/calls? in total|No calls in total/)).toHaveText(total);
  await page.getByLabel("Appointment reminder (days before)").fill("99");
  await page.getByRole("button", { name: "Show the preview" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields." })).toBeVisible();
});

// Mentor Mothers work on phones
test("the demo call centre that works every day has a queue on any day, weekends and holidays included", { tag: "@phone" }, async ({ page }) => {
  // mentor21 works at XZ-DAILY (prisma/seed.ts): seven working days, no public holidays.
  await signIn(page, DEMO_USERS.mentors[20]!);
  await expect(page).toHaveURL(/\/queue$/);
  await expect(page.getByText(/^\d+ calls? today/)).toBeVisible();
  await expect(page.getByTestId("queue-task").first()).toBeVisible();
  await expect(page.getByTestId("queue-empty")).toHaveCount(0);
});
