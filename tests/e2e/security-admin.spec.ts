// Issue 13: the pages the security work added - the administrators' review of possible cross-site
// duplicates, the supervisor's one-time password for her own Mentor Mother, and the audit viewer
// (a client looked up by reference: the address carries her id, never the reference).
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn, sql } from "./helpers";

const tag = () => randomUUID().slice(0, 8);

/** A client of her own (no calls, no Mentor Mother), so nothing another test counts changes. */
async function newClient(siteId: string, lastName: string) {
  const [row] = await sql<{ id: string; ref: string }>(
    `INSERT INTO clients (ref, site_id, first_name, last_name, date_of_birth, category, enrolment_date, preferred_language, consent_calls, updated_at)
     VALUES ($1, $2, 'Dup', $3, DATE '1990-04-04', 'OTHER', DATE '2026-02-02', 'en', false, now()) RETURNING id, ref`,
    [`E2E-${tag()}`, siteId, lastName],
  );
  return row!;
}

test("an administrator links one possible cross-site duplicate and dismisses another", { tag: "@desktop" }, async ({ page }) => {
  const sites = await sql<{ id: string }>("SELECT id FROM sites WHERE active ORDER BY code LIMIT 2");
  const name = `Pair${tag()}`;
  const [a, b, c, d] = [await newClient(sites[0]!.id, name), await newClient(sites[1]!.id, name), await newClient(sites[0]!.id, `${name}x`), await newClient(sites[1]!.id, `${name}x`)];
  for (const [x, y] of [[a, b], [c, d]] as const) {
    const [lo, hi] = [x.id, y.id].sort();
    await sql("INSERT INTO possible_duplicates (client_a_id, client_b_id) VALUES ($1, $2)", [lo, hi]);
  }
  await signIn(page, DEMO_USERS.admin);
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/admin/duplicates");
  await expect(page.getByRole("heading", { level: 1, name: "Possible duplicates" })).toBeVisible();
  // Walk the pages (oldest pair first) until the pair appears.
  const find = async (ref: string) => {
    for (let i = 0; i < 20; i++) {
      const item = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: new RegExp(ref) }) });
      if (await item.count()) return item;
      await page.getByRole("link", { name: "Next pairs" }).click();
    }
    throw new Error(`pair ${ref} not listed`);
  };

  const first = await find(a.ref);
  await expect(first.getByRole("region", { name: `Record ${a.ref}` })).toBeVisible();
  await expect(first.getByRole("region", { name: `Record ${b.ref}` })).toBeVisible();
  await first.getByRole("radio", { name: new RegExp(`Keep ${a.ref}`) }).check();
  await first.getByRole("button", { name: "Link as one person" }).click();
  await first.getByRole("button", { name: "Yes, link them" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(a.ref) })).toHaveCount(0);
  expect(await sql("SELECT status::text, status_reason_code FROM clients WHERE id = $1", [b.id])).toEqual([{ status: "EXITED", status_reason_code: "DUPLICATE" }]);
  expect(await sql("SELECT status::text FROM clients WHERE id = $1", [a.id])).toEqual([{ status: "ACTIVE" }]);

  await page.goto("/admin/duplicates");
  const second = await find(c.ref);
  await second.getByRole("button", { name: "Different people" }).click();
  await second.getByRole("button", { name: "Yes, they are different people" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(c.ref) })).toHaveCount(0);
  expect(await sql("SELECT status::text FROM possible_duplicates WHERE client_a_id = ANY($1::uuid[])", [[c.id, d.id]])).toEqual([{ status: "DISMISSED" }]);
  expect(page.url()).not.toContain(a.ref);
});

test("a supervisor gives her own Mentor Mother a one-time password, which must be changed at sign-in", { tag: "@desktop" }, async ({ page, browser }) => {
  const [site] = await sql<{ id: string }>(
    "SELECT us.site_id AS id FROM user_sites us JOIN users u ON u.id = us.user_id WHERE u.username = $1 ORDER BY us.site_id LIMIT 1",
    [DEMO_USERS.supervisors[0]],
  );
  const username = `mm-reset-${tag()}`;
  const name = `Reset Test ${tag()}`;
  // A Mentor Mother of her own for this test: no caseload place and no working day, so no other
  // test's assignment or cover changes; she is deactivated again at the end.
  const [mm] = await sql<{ id: string }>(
    `INSERT INTO users (username, name, password_hash, role, updated_at)
     SELECT $1, $2, password_hash, 'MENTOR_MOTHER', now() FROM users WHERE username = $3 RETURNING id`,
    [username, name, DEMO_USERS.mentors[0]],
  );
  await sql("INSERT INTO user_sites (user_id, site_id) VALUES ($1, $2)", [mm!.id, site!.id]);
  await sql("INSERT INTO mentor_profiles (user_id, languages, daily_capacity, caseload_cap, working_days) VALUES ($1, '{en}', 0, 0, '{}')", [mm!.id]);
  try {
    await signIn(page, DEMO_USERS.supervisors[0]);
    await expect(page).not.toHaveURL(/\/login/);
    await page.goto(`/supervision/caseloads?site=${site!.id}`);
    const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name }) });
    await card.getByText("Forgotten password").click();
    await card.getByRole("button", { name: "Make a one-time password" }).click();
    await card.getByRole("button", { name: `Yes, reset ${name}'s password` }).click();
    const shown = card.getByRole("status").locator("output");
    await expect(shown).toHaveText(/^\w{5}-\w{5}-\w{5}-\w{5}$/);
    const password = (await shown.textContent())!;

    const theirs = await browser.newPage();
    await signIn(theirs, username, password);
    await expect(theirs).toHaveURL(/\/change-password$/);
    await theirs.close();
    expect(await sql("SELECT action FROM audit_events WHERE entity_id = $1 AND action = 'user.password_reset'", [mm!.id])).toHaveLength(1);
  } finally {
    await sql("UPDATE users SET active = false, deactivated_at = now() WHERE id = $1", [mm!.id]);
  }
});

test("a supervisor reads who viewed her site's client: looked up by reference, the address holds the id only", async ({ page }) => {
  const [client] = await sql<{ id: string; ref: string }>(
    `SELECT c.id, c.ref FROM clients c JOIN user_sites us ON us.site_id = c.site_id JOIN users u ON u.id = us.user_id
     WHERE u.username = $1 AND c.status = 'ACTIVE' ORDER BY c.ref LIMIT 1`,
    [DEMO_USERS.supervisors[1]],
  );
  await signIn(page, DEMO_USERS.supervisors[1]);
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto(`/clients/${client!.id}`);
  await page.goto("/supervision/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit trail" })).toBeVisible();
  await page.getByLabel("Client reference").fill(client!.ref);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`client=${client!.id}`));
  expect(page.url()).not.toContain(client!.ref);
  await expect(page.getByText(`Showing client ${client!.ref}.`)).toBeVisible();
  const table = page.getByRole("region", { name: "Audit trail, newest first" });
  await expect(table.getByRole("row").filter({ hasText: "client.viewed" }).first()).toBeVisible();
  // A reference she may not see is "nothing you may see", and the address does not change.
  await page.getByLabel("Client reference").fill("XX-NONE-000000");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("Nothing you may see has this.")).toBeVisible();
});
