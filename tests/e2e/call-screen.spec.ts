import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn, sql } from "./helpers";

// mentor07 works at ZA-KHA, mentor08 too (prisma/seed.ts): two Mentor Mothers of one site, so a
// task of the other one is a real, existing task she must not see.
const MENTOR = DEMO_USERS.mentors[6]!;
const OTHER = DEMO_USERS.mentors[7]!;

/**
 * Today's calls do not depend on the weekday the suite runs on: the daily generation makes no list
 * on a weekend or holiday, so the test gives both Mentor Mothers a few tasks for the site's today
 * itself (npm test passes the test database in DATABASE_URL). Existing tasks are left alone.
 */
async function giveTasksForToday(): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO call_tasks (client_id, mentor_id, task_date, reasons, priority, first_due_date, updated_at)
       SELECT c.id, c.mentor_id, (now() AT TIME ZONE s.time_zone)::date, ARRAY['adherence'], 8, (now() AT TIME ZONE s.time_zone)::date, now()
       FROM (
         SELECT c.*, row_number() OVER (PARTITION BY c.mentor_id ORDER BY c.id) AS n
         FROM clients c JOIN users u ON u.id = c.mentor_id
         WHERE u.username = ANY($1) AND c.status = 'ACTIVE' AND c.consent_calls
           AND EXISTS (SELECT 1 FROM client_phones p WHERE p.client_id = c.id AND p.status = 'OK')
       ) c JOIN sites s ON s.id = c.site_id
       WHERE c.n <= 6
       ON CONFLICT (client_id, task_date) DO NOTHING`,
      [[MENTOR, OTHER]],
    );
  } finally {
    await client.end();
  }
}

function isoInDays(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}


const taskIdOf = (href: string) => href.split("/").pop()!;

/** The first task on the list with this status, or null. */
async function firstTaskWithStatus(page: Page, status: string): Promise<string | null> {
  const link = page.locator(`[data-testid="queue-task"][data-status="${status}"] [data-testid="queue-task-link"]`).first();
  if ((await link.count()) === 0) return null;
  return link.getAttribute("href");
}

function taskItem(page: Page, href: string) {
  return page.locator('[data-testid="queue-task"]').filter({ has: page.locator(`a[href="${href}"]`) });
}

// The call screen is worked on a phone.
test("a Mentor Mother works three calls from her phone and cannot open a colleague's task", { tag: "@phone" }, async ({ page, browser }) => {
  test.setTimeout(90_000);

  await giveTasksForToday();
  await signIn(page, MENTOR);
  await expect(page).not.toHaveURL(/\/login/);
  // Someone else's or a made-up task id is a plain 404, whatever her list holds.
  expect((await page.goto("/queue/00000000-0000-4000-8000-000000000000"))?.status()).toBe(404);
  await page.goto("/queue");

  // 1. No answer: one tap, back on the list, marked for a retry later.
  const first = await firstTaskWithStatus(page, "PENDING");
  expect(first).not.toBeNull();
  await page.goto(first!);
  await expect(page.getByTestId("other-script")).toBeVisible();
  // Opening the screen claims nothing; tapping her number claims the task with that number.
  const [before] = await sql<{ status: string }>("SELECT status::text FROM call_tasks WHERE id = $1", [taskIdOf(first!)]);
  expect(before!.status).toBe("PENDING");
  const tel = page.getByTestId("tel-link").first();
  const phoneId = await tel.getAttribute("data-phone-id");
  // The dialler itself is the phone's: keep the page here and only let the tap's claim through.
  await tel.evaluate((a) => a.addEventListener("click", (e) => e.preventDefault()));
  await tel.click();
  await expect(tel).toHaveAttribute("aria-current", "true");
  await expect
    .poll(async () => (await sql<{ status: string; claimed_phone_id: string }>("SELECT status::text, claimed_phone_id::text FROM call_tasks WHERE id = $1", [taskIdOf(first!)]))[0])
    .toEqual({ status: "CLAIMED", claimed_phone_id: phoneId });
  // On a phone the outcome buttons are below the summary: the link at the top jumps to them.
  await page.getByTestId("to-outcome").click();
  await expect(page.getByRole("button", { name: "No answer" })).toBeInViewport();
  await page.getByRole("button", { name: "No answer" }).click();
  await expect(page).toHaveURL(/\/queue$/);
  await expect(taskItem(page, first!)).toHaveAttribute("data-status", "RETRY_LATER");

  // 2. Reached: adherence answers and a new date for the appointment she names, then done.
  const second = await firstTaskWithStatus(page, "PENDING");
  expect(second).not.toBeNull();
  const [appt] = await sql<{ id: string }>(
    `INSERT INTO appointments (client_id, date, kind, updated_at)
     SELECT client_id, $2::date, 'ART_REFILL', now() FROM call_tasks WHERE id = $1 RETURNING id::text`,
    [taskIdOf(second!), isoInDays(5)],
  );
  await page.goto(second!);
  await page.getByRole("button", { name: "Reached" }).click();
  await page.getByLabel("Doses missed in the last 7 days").selectOption("0");
  const answer = page.locator(`[data-testid="appointment-answer"][data-appointment-id="${appt!.id}"]`);
  await answer.getByLabel("Her answer").selectOption("reschedule");
  await answer.getByLabel("New appointment date").fill(isoInDays(14));
  await page.getByRole("button", { name: "Save the call" }).click();
  await expect(page).toHaveURL(/\/queue$/);
  await expect(taskItem(page, second!)).toHaveAttribute("data-status", "DONE");
  const moved = await sql<{ status: string }>("SELECT status::text FROM appointments WHERE id = $1", [appt!.id]);
  expect(moved[0]!.status).toBe("RESCHEDULED");

  // 3. Someone else answered: one tap, the task stays to be called again.
  const third = await firstTaskWithStatus(page, "PENDING");
  expect(third).not.toBeNull();
  await page.goto(third!);
  await page.getByRole("button", { name: "Someone else answered" }).click();
  await expect(page).toHaveURL(/\/queue$/);
  await expect(taskItem(page, third!)).toHaveAttribute("data-status", "RETRY_LATER");

  // The client's history has the call: the first client's screen lists the "no answer".
  await page.goto(first!);
  await expect(page.getByTestId("last-call").first()).toContainText("No answer");
  // Merely looking at a "call again later" card leaves it so (it used to flip back to "to do").
  await page.goto("/queue");
  await expect(taskItem(page, first!)).toHaveAttribute("data-status", "RETRY_LATER");

  // A colleague's task, opened by its address: 404.
  const other = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const otherPage = await other.newPage();
  await signIn(otherPage, OTHER);
  await expect(otherPage).not.toHaveURL(/\/login/);
  await otherPage.goto("/queue");
  const href = await otherPage.locator('[data-testid="queue-task-link"]').first().getAttribute("href");
  await other.close();
  expect(href).toMatch(/^\/queue\/[0-9a-f-]{36}$/);
  expect((await page.goto(href!))?.status()).toBe(404);
});
