import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn, sql } from "./helpers";

// supervisor1 and mentor01 work at ZA-SOW (prisma/seed.ts).
const SUPERVISOR = DEMO_USERS.supervisors[0]!;
const MENTOR = DEMO_USERS.mentors[0]!;


/**
 * Two clients of mentor01 with a visit yesterday (site-local) that nobody recorded, each with
 * today's "did you make it to your visit?" call on her list - whatever the weekday the suite runs.
 */
async function unrecordedVisitsYesterday(): Promise<{ ref: string; taskId: string; day: string }[]> {
  return sql<{ ref: string; taskId: string; day: string }>(
    `WITH picked AS (
       SELECT c.id, c.ref, c.mentor_id, (now() AT TIME ZONE s.time_zone)::date AS today
       FROM clients c JOIN users u ON u.id = c.mentor_id JOIN sites s ON s.id = c.site_id
       WHERE u.username = $1 AND c.status = 'ACTIVE' AND c.consent_calls
         AND EXISTS (SELECT 1 FROM client_phones p WHERE p.client_id = c.id AND p.status = 'OK')
         AND NOT EXISTS (SELECT 1 FROM call_tasks t WHERE t.client_id = c.id AND t.task_date = (now() AT TIME ZONE s.time_zone)::date)
       ORDER BY c.ref DESC LIMIT 2
     ), appts AS (
       INSERT INTO appointments (client_id, date, kind, updated_at)
       SELECT id, today - 1, 'ART_REFILL', now() FROM picked
     ), tasks AS (
       INSERT INTO call_tasks (client_id, mentor_id, task_date, reasons, priority, first_due_date, updated_at)
       SELECT id, mentor_id, today, ARRAY['visit_check'], 4, today, now() FROM picked
       RETURNING id, client_id
     )
     SELECT p.ref, t.id::text AS "taskId", (p.today - 1)::text AS day FROM picked p JOIN tasks t ON t.client_id = p.id`,
    [MENTOR],
  );
}

// Facility data are sent from a desktop.
test("a supervisor downloads a visit list, sends it back marked, and her Mentor Mother's visit-check calls close", { tag: "@desktop" }, async ({ page, browser }, testInfo) => {
  const visits = await unrecordedVisitsYesterday();
  expect(visits).toHaveLength(2);
  const day = visits[0]!.day;

  await signIn(page, SUPERVISOR);
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/facility");
  await expect(page.getByRole("heading", { level: 1, name: "Facility data" })).toBeVisible();
  await page.getByLabel("Day").fill(day);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("visits-csv").click()]);
  expect(download.suggestedFilename()).toBe(`visits-ZA-SOW-${day}.csv`);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  const lines = csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  expect(lines[0]).toBe("client_ref,facility_number,first_name,appointment_date,appointment_kind,attended");
  // Mark our two clients as attended; everyone else on the list is left unanswered.
  const ours = new Set(visits.map((v) => v.ref));
  const marked = [lines[0], ...lines.slice(1).map((l) => (ours.has(l.split(",")[0]!) ? l.replace(/,$/, ",yes") : l))].join("\n");
  expect(marked.split("\n").filter((l) => l.endsWith(",yes"))).toHaveLength(2);
  const file = testInfo.outputPath("visits-marked.csv");
  fs.writeFileSync(file, marked);

  await page.getByTestId("facility-file").setInputFiles(file);
  await page.getByTestId("facility-send").click();
  await expect(page.getByTestId("facility-applied")).toContainText("Applied: 2 rows");
  await expect(page.getByTestId("effect-appointment_recorded")).toContainText("2");

  // Her Mentor Mother's list: both calls are closed, nothing left to ask.
  const mm = await browser.newContext();
  const mmPage = await mm.newPage();
  await signIn(mmPage, MENTOR);
  await expect(mmPage).toHaveURL(/\/queue/);
  for (const v of visits) {
    await expect(mmPage.locator(`[data-testid="queue-task"]:has(a[href="/queue/${v.taskId}"])`)).toHaveAttribute("data-status", "CANCELLED");
  }
  await mm.close();
});
