import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn, sql } from "./helpers";

// mentor12 works at MW-LIL (prisma/seed.ts); no other spec signs in as her, so her tasks for today
// are this spec's own. Her clients speak Chichewa (no script in the app's languages) or English.
const MENTOR = DEMO_USERS.mentors[11]!;

type Task = { id: string; language: string };

/**
 * Gives her fresh tasks for the site's today (the daily generation makes no list on a weekend or a
 * holiday), one per client that has no task today yet, and answers their ids. Each test takes its
 * own tasks, so the two phone tests may run in any order.
 */
async function newTasksForToday(n: number, language?: string): Promise<Task[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const res = await client.query<{ id: string; language: string }>(
      `WITH picked AS (
         SELECT c.id, c.mentor_id, c.preferred_language, s.time_zone
         FROM clients c
         JOIN users u ON u.id = c.mentor_id
         JOIN sites s ON s.id = c.site_id
         WHERE u.username = $1 AND c.status = 'ACTIVE' AND c.consent_calls
           AND ($3::text IS NULL OR c.preferred_language = $3)
           AND EXISTS (SELECT 1 FROM client_phones p WHERE p.client_id = c.id AND p.status = 'OK')
           AND NOT EXISTS (SELECT 1 FROM call_tasks t WHERE t.client_id = c.id AND t.task_date = (now() AT TIME ZONE s.time_zone)::date)
         ORDER BY c.id
         LIMIT $2
       )
       INSERT INTO call_tasks (client_id, mentor_id, task_date, reasons, priority, first_due_date, updated_at)
       SELECT id, mentor_id, (now() AT TIME ZONE time_zone)::date, ARRAY['adherence'], 8, (now() AT TIME ZONE time_zone)::date, now()
       FROM picked
       ON CONFLICT (client_id, task_date) DO NOTHING
       RETURNING id, (SELECT preferred_language FROM clients WHERE clients.id = call_tasks.client_id) AS language`,
      [MENTOR, n, language ?? null],
    );
    return res.rows;
  } finally {
    await client.end();
  }
}

async function attemptsOf(taskId: string): Promise<{ id: string; disposition: string; corrects_id: string | null }[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const res = await client.query(`SELECT id, disposition::text, corrects_id FROM call_attempts WHERE task_id = $1 ORDER BY created_at, id`, [taskId]);
    return res.rows;
  } finally {
    await client.end();
  }
}

function taskItem(page: Page, taskId: string) {
  return page.locator('[data-testid="queue-task"]').filter({ has: page.locator(`a[href="/queue/${taskId}"]`) });
}

/** The outcome form posts the call to this route (app/api/queue/outcomes/route.ts). */
const OUTCOMES = "**/api/queue/outcomes";

// The call screen is worked on a phone.
test("a dropped connection in the middle of a submission, then offline before the tap: each call is stored once", { tag: "@phone" }, async ({ page, context }) => {
  test.setTimeout(90_000);
  const [cutTask, offlineTask] = await newTasksForToday(2);
  expect(offlineTask).toBeDefined();

  await signIn(page, MENTOR);
  await expect(page).not.toHaveURL(/\/login/);

  // 1. The request reaches the server (which stores the call) but the answer never comes back.
  let cut = true;
  await page.route(OUTCOMES, async (route) => {
    const req = route.request();
    if (!cut || req.method() !== "POST" || !(req.postData() ?? "").includes(cutTask!.id)) return route.continue();
    await route.fetch();
    await route.abort("internetdisconnected");
  });
  await page.goto(`/queue/${cutTask!.id}`);
  await expect(page.getByTestId("call-first-name")).toBeVisible();
  await page.getByTestId("disposition-NO_ANSWER").click();
  // The error state with Retry; what she chose is still on screen.
  await expect(page.getByTestId("outcome-error")).toBeVisible();
  await expect(page.getByTestId("disposition-NO_ANSWER")).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(new RegExp(`/queue/${cutTask!.id}$`));
  // The server did store the call (and the automatic retry with the same key stored nothing more).
  expect(await attemptsOf(cutTask!.id)).toHaveLength(1);
  // The network is back: Retry sends the same key, the server answers with the call it stored.
  cut = false;
  await page.getByTestId("outcome-retry").click();
  await expect(page).toHaveURL(/\/queue$/);
  await expect(taskItem(page, cutTask!.id)).toHaveAttribute("data-status", "RETRY_LATER");
  const stored = await attemptsOf(cutTask!.id);
  expect(stored).toHaveLength(1);
  expect(stored[0]!.disposition).toBe("NO_ANSWER");

  // 2. Offline before the tap: the outcome waits in memory and is sent once the connection is back.
  await page.goto(`/queue/${offlineTask!.id}`);
  await expect(page.getByTestId("call-first-name")).toBeVisible();
  await context.setOffline(true);
  await page.getByTestId("disposition-BUSY").click();
  await expect(page.getByTestId("outcome-offline")).toContainText("You are offline");
  expect(await attemptsOf(offlineTask!.id)).toHaveLength(0);
  await context.setOffline(false);
  await expect(page).toHaveURL(/\/queue$/);
  await expect(taskItem(page, offlineTask!.id)).toHaveAttribute("data-status", "RETRY_LATER");
  const sent = await attemptsOf(offlineTask!.id);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.disposition).toBe("BUSY");
});

// The call screen is worked on a phone.
test("scripts in her language where one exists, history, and a correction within 24 hours", { tag: "@phone" }, async ({ page }) => {
  test.setTimeout(90_000);
  const [chichewa, tumbuka] = await newTasksForToday(2, "ny");
  const [english] = await newTasksForToday(1, "en");
  expect(chichewa).toBeDefined();
  expect(tumbuka).toBeDefined();
  expect(english).toBeDefined();
  // A language nobody wrote a script in yet (the demo has drafts in Chichewa).
  await sql("UPDATE clients SET preferred_language = 'tum' WHERE id = (SELECT client_id FROM call_tasks WHERE id = $1)", [tumbuka!.id]);

  await signIn(page, MENTOR);
  await expect(page).not.toHaveURL(/\/login/);

  // Chichewa: the demo's draft, in Chichewa, under the draft banner; the identity check first.
  await page.goto(`/queue/${chichewa!.id}`);
  await expect(page.getByTestId("script-draft-banner")).toBeVisible();
  await expect(page.getByTestId("script-confirm")).toHaveAttribute("lang", "ny");
  await expect(page.getByTestId("reason-script").first()).toHaveAttribute("data-source", "draft");
  await expect(page.getByTestId("no-script-note")).toHaveCount(0);

  // No script in Tumbuka: the English one, saying so by the language's name; the identity check first.
  await page.goto(`/queue/${tumbuka!.id}`);
  await expect(page.getByTestId("no-script-note")).toContainText("Tumbuka");
  await expect(page.getByTestId("script-confirm")).toHaveAttribute("lang", "en");
  await expect(page.getByTestId("reason-script").first()).toHaveAttribute("data-reason", "adherence");
  await page.getByTestId("disposition-NO_ANSWER").click();
  await expect(page).toHaveURL(/\/queue$/);

  // An English-speaking client: her script, no note. Reached with adherence answers and a note.
  await page.goto(`/queue/${english!.id}`);
  await expect(page.getByTestId("reason-script").first()).toHaveAttribute("lang", "en");
  await expect(page.getByTestId("no-script-note")).toHaveCount(0);
  await page.getByTestId("disposition-REACHED").click();
  await page.getByLabel("Doses missed in the last 7 days").selectOption("2");
  await page.getByLabel("Notes").fill("Takes them after supper");
  await page.getByTestId("save-outcome").click();
  await expect(page).toHaveURL(/\/queue$/);
  await expect(taskItem(page, english!.id)).toHaveAttribute("data-status", "DONE");

  // The finished task shows her attempts: the note, and a link to correct the call.
  await page.goto(`/queue/${english!.id}`);
  await expect(page.getByTestId("claim-conflict")).toBeVisible();
  await expect(page.getByTestId("finding-notes").first()).toContainText("Takes them after supper");
  const original = (await attemptsOf(english!.id))[0]!;
  expect((await page.goto(`/queue/${english!.id}/correct/00000000-0000-4000-8000-000000000000`))?.status()).toBe(404);
  await page.goto(`/queue/${english!.id}`);
  await page.getByTestId("correct-link").first().click();
  await expect(page).toHaveURL(new RegExp(`/queue/${english!.id}/correct/${original.id}$`));
  await expect(page.getByTestId("original-disposition")).toHaveText("Reached");

  // It was really someone else: the correction is a new row pointing to the original.
  await page.getByTestId("disposition-ANSWERED_BY_OTHER").click();
  await page.getByTestId("save-outcome").click();
  await expect(page).toHaveURL(/\/queue$/);
  const rows = await attemptsOf(english!.id);
  expect(rows).toHaveLength(2);
  expect(rows[0]!.id).toBe(original.id);
  expect(rows[1]).toMatchObject({ disposition: "ANSWERED_BY_OTHER", corrects_id: original.id });

  // The corrected call cannot be corrected twice; the screen says so.
  await page.goto(`/queue/${english!.id}/correct/${original.id}`);
  await expect(page.getByTestId("correction-closed")).toBeVisible();
});
