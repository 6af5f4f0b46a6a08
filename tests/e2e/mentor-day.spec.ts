import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn, sql } from "./helpers";

// Issue 16 on a 360 px phone. mentor10 (ZA-KHA) is signed in by no other spec. The test gives her
// tasks for the site's today itself (the generation makes no list on a weekend or holiday) and
// shapes a few of her clients: four called Amahle, a male partner.
const MENTOR = DEMO_USERS.mentors[9]!;

/** Her first `n` callable clients (fixed order), each with a task for today; returns ids in order. */
async function clientsWithTasks(n: number): Promise<{ client: string; task: string }[]> {
  const clients = await sql<{ id: string }>(
    `SELECT c.id FROM clients c JOIN users u ON u.id = c.mentor_id
     WHERE u.username = $1 AND c.status = 'ACTIVE' AND c.consent_calls
       AND EXISTS (SELECT 1 FROM client_phones p WHERE p.client_id = c.id AND p.status = 'OK')
     ORDER BY c.id LIMIT $2`,
    [MENTOR, n],
  );
  expect(clients).toHaveLength(n);
  const out: { client: string; task: string }[] = [];
  for (const c of clients) {
    await sql("UPDATE client_phones SET safe_from_minute = NULL, safe_to_minute = NULL WHERE client_id = $1", [c.id]);
    const [t] = await sql<{ id: string }>(
      `INSERT INTO call_tasks (client_id, mentor_id, task_date, reasons, priority, first_due_date, updated_at)
       SELECT c.id, c.mentor_id, (now() AT TIME ZONE s.time_zone)::date, ARRAY['adherence'], 8, (now() AT TIME ZONE s.time_zone)::date, now()
       FROM clients c JOIN sites s ON s.id = c.site_id WHERE c.id = $1
       ON CONFLICT (client_id, task_date) DO UPDATE SET status = 'PENDING', attempts = 0, next_attempt_at = NULL, claimed_by_id = NULL, claimed_at = NULL, updated_at = now()
       RETURNING id::text`,
      [c.id],
    );
    out.push({ client: c.id, task: t!.id });
  }
  return out;
}

// Mentor Mothers work on phones: every test here is tagged @phone (the desktop project leaves them out).

test.describe.configure({ mode: "serial" });

test("four clients called Amahle are told apart in the queue; progress and Next call stay in reach", { tag: "@phone" }, async ({ page }) => {
  test.setTimeout(60_000);
  const rows = await clientsWithTasks(14);
  const surnames = ["Dlamini", "Mokoena", "Ndlovu", "Zulu"];
  for (const [i, surname] of surnames.entries()) {
    await sql("UPDATE clients SET first_name = 'Amahle', last_name = $2, date_of_birth = $3::date WHERE id = $1", [rows[i]!.client, surname, `${1990 + i}-03-15`]);
  }
  await signIn(page, MENTOR);
  await expect(page).toHaveURL(/\/queue$/);
  await page.reload();

  const amahles = page.getByTestId("queue-task").filter({ has: page.getByTestId("queue-task-link").filter({ hasText: /^Amahle / }) });
  await expect(amahles).toHaveCount(4);
  const labels = await amahles.evaluateAll((cards) => cards.map((c) => c.querySelector("h2")!.textContent!.replace(/\s+/g, " ").trim()));
  // Four different lines, each "Amahle X. NN years" (the surname's initial and her age): no health detail.
  expect(new Set(labels).size).toBe(4);
  for (const l of labels) expect(l).toMatch(/^Amahle [DMNZ]\. \d+ years( · baby \S+)?$/);

  // A long list: after scrolling to its end, progress and "Next call" are still on screen.
  await page.getByTestId("queue-task").last().scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
  await expect(page.getByTestId("next-call")).toBeInViewport();
  await expect(page.getByTestId("queue-progress")).toBeInViewport();
  // The page never scrolls sideways on a 360 px phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

test("a reached call's barriers and notes appear in the client's profile history", { tag: "@phone" }, async ({ page }) => {
  test.setTimeout(60_000);
  const [row] = (await clientsWithTasks(15)).slice(14);
  await sql("UPDATE clients SET preferred_language = 'en', sex = 'FEMALE' WHERE id = $1", [row!.client]);
  await signIn(page, MENTOR);
  await expect(page).toHaveURL(/\/queue$/);
  await page.goto(`/queue/${row!.task}`);
  await page.getByRole("button", { name: "Reached" }).click();
  await page.getByLabel("Doses missed in the last 7 days").selectOption("2");
  await page.getByLabel("Forgot").check();
  await page.getByLabel("Cost of travel").check();
  await page.getByLabel("Notes").fill("Taxi money short until month end");
  await page.getByRole("button", { name: "Save the call" }).click();
  await expect(page).toHaveURL(/\/queue$/);

  await page.goto(`/clients/${row!.client}`);
  const call = page.getByTestId("profile-call").first();
  await expect(call).toContainText("Reached");
  await expect(call.getByTestId("finding-doses")).toHaveText("2");
  await expect(call.getByTestId("finding-barriers")).toHaveText("Forgot, Cost of travel");
  await expect(call.getByTestId("finding-notes")).toHaveText("Taxi money short until month end");
});

test("a male partner's call screen speaks of him; a client speaking isiZulu gets the draft under its banner", { tag: "@phone" }, async ({ page }) => {
  test.setTimeout(60_000);
  const rows = (await clientsWithTasks(17)).slice(15);
  const [man, zulu] = rows;
  await sql("UPDATE clients SET first_name = 'Sipho', sex = 'MALE', category = 'PARTNER', preferred_language = 'en' WHERE id = $1", [man!.client]);
  await sql("UPDATE clients SET sex = 'FEMALE', preferred_language = 'zu' WHERE id = $1", [zulu!.client]);
  await signIn(page, MENTOR);
  await expect(page).toHaveURL(/\/queue$/);
  await page.reload();
  const card = page.getByTestId("queue-task").filter({ has: page.locator(`a[href="/queue/${man!.task}"]`) });
  await expect(card.getByText("Why is he on my list?")).toBeVisible();

  await page.goto(`/queue/${man!.task}`);
  await expect(page.getByTestId("script-confirm")).toContainText("Sipho himself and that he can talk freely");
  await expect(page.getByTestId("other-script")).toContainText("If he is not there");
  await expect(page.getByRole("heading", { name: "About him" })).toBeVisible();
  await page.getByRole("button", { name: "Reached" }).click();
  await expect(page.getByLabel("His pills ran out")).toBeVisible();
  await expect(page.getByLabel("Call him back (optional)")).toBeVisible();

  await page.goto(`/queue/${zulu!.task}`);
  await expect(page.getByTestId("script-draft-banner")).toContainText("not yet checked by a native speaker");
  await expect(page.getByTestId("script-confirm")).toHaveAttribute("data-source", "draft");
  await expect(page.getByTestId("script-confirm")).toContainText("Sawubona");
  await expect(page.getByTestId("no-script-note")).toHaveCount(0);
});

test("a refused password is cleared; a page answered 'not found' does not keep the page's title", { tag: "@phone" }, async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username or phone number").fill(MENTOR);
  await page.getByLabel("Password").fill("not-her-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not right" })).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expect(page.getByLabel("Password")).toBeFocused();
  await expect(page.getByLabel("Username or phone number")).toHaveValue(MENTOR);

  await signIn(page, MENTOR);
  await expect(page).toHaveURL(/\/queue$/);
  const missing = "00000000-0000-4000-8000-000000000000";
  expect((await page.goto(`/queue/${missing}`))?.status()).toBe(404);
  await expect(page).toHaveTitle(/^Page not found/);
  expect((await page.goto(`/clients/${missing}`))?.status()).toBe(404);
  await expect(page).toHaveTitle(/^Client not found/);
});
