import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn, sql } from "./helpers";

// Issue 11 on the demo data (prisma/seed.ts draws back-checks over the call history; the last full
// week's are due). The two projects may run at the same time on one database: each signs in as the
// supervisor of another site.

test("a supervisor records a back-check call from her home", async ({ page }, testInfo) => {
  const supervisor = testInfo.project.name === "phone" ? DEMO_USERS.supervisors[1]! : DEMO_USERS.supervisors[0]!;
  await signIn(page, supervisor);
  await expect(page).toHaveURL(/\/supervision$/, { timeout: 15_000 });
  const due = Number(await page.getByTestId("backchecks-due").innerText());
  expect(due).toBeGreaterThan(0);

  await page.getByRole("link", { name: "Back-check calls" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Back-check calls" })).toBeVisible();
  await expect(page.getByTestId("backcheck-due")).toHaveCount(due);

  // One she can call now: the number the call screen dials (the back-check's own, else her first
  // number - lib/back-checks/commands.ts loadBackCheck) has no safe-hours window (the demo sets
  // some) and no call today to that number from anyone (a shared phone counts for all its clients).
  const [row] = await sql<{ id: string }>(
    `SELECT b.id::text FROM back_checks b JOIN clients c ON c.id = b.client_id JOIN user_sites us ON us.site_id = c.site_id
     JOIN users u ON u.id = us.user_id AND u.username = $1
     JOIN LATERAL (SELECT * FROM client_phones q WHERE q.client_id = c.id AND q.status = 'OK'
                   ORDER BY q.id = b.phone_id DESC, q.is_primary DESC, q.id LIMIT 1) p ON true
     WHERE b.status = 'DUE' AND c.status = 'ACTIVE' AND c.consent_calls AND p.safe_from_minute IS NULL
       AND NOT EXISTS (SELECT 1 FROM call_attempts a JOIN client_phones n ON n.id = a.phone_id
                       WHERE n.number = p.number AND a.created_at > now() - interval '1 day')
       AND NOT EXISTS (SELECT 1 FROM back_checks o JOIN client_phones n ON n.id = o.phone_id
                       WHERE n.number = p.number AND o.called_at > now() - interval '1 day')
     ORDER BY b.id LIMIT 1`,
    [supervisor],
  );
  expect(row).toBeTruthy();
  await page.locator(`a[href="/supervision/back-checks/${row!.id}"]`).click();
  await expect(page.getByTestId("backcheck-title")).toBeVisible();
  // A back-check is a call: the number, the "someone else answered" script, then the questions.
  await expect(page.getByTestId("other-script")).toContainText("may I speak to");
  await expect(page.getByTestId("backcheck-script")).toContainText("call you on");
  await expect(page.getByTestId("backcheck-block")).toHaveCount(0);

  await page.getByRole("radio", { name: "Confirmed", exact: true }).check();
  // Her own words for this attempt: a retry of the test on the same data finds its own answer.
  const note = `She remembers the call and could talk (${testInfo.project.name}, ${Date.now().toString(36)}).`;
  await page.getByLabel("Note").fill(note);
  await page.getByRole("button", { name: "Save the answer" }).click();
  await expect(page.getByText("Already recorded: Confirmed.")).toBeVisible();

  await page.getByRole("link", { name: "Back to back-checks" }).click();
  await expect(page.getByTestId("backcheck-due")).toHaveCount(due - 1);
  await expect(page.getByTestId("backcheck-recorded").filter({ hasText: note })).toHaveCount(1);
});
