import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn } from "./helpers";

// mentor15 works at MW-LIL (Africa/Blantyre); no other spec signs in as her. The daily generation
// makes no list on a weekend or holiday, so the test gives her six tasks for the site's today in
// known states (on a working day they join the list made when she opened her queue), and sets the
// safe hours of those six clients' phones. The other tasks of her list are left alone; the expected
// progress is counted from the database, not assumed.
const MENTOR = DEMO_USERS.mentors[14]!;

type Kind = "fresh" | "retryDue" | "retryLater" | "callback" | "outside" | "done";
const KINDS: Kind[] = ["fresh", "retryDue", "retryLater", "callback", "outside", "done"];

async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Six tasks in known states; returns their ids by kind and the progress the page should show. */
async function setUpDay(): Promise<{ ids: Record<Kind, string>; progress: { done: number; toDo: number; retryLater: number } }> {
  return withDb(async (db) => {
    const { rows: clients } = await db.query<{ id: string; site_id: string; time_zone: string; mentor_id: string }>(
      `SELECT c.id, c.site_id, s.time_zone, c.mentor_id
       FROM clients c JOIN users u ON u.id = c.mentor_id JOIN sites s ON s.id = c.site_id
       WHERE u.username = $1 AND c.status = 'ACTIVE' AND c.consent_calls
         AND EXISTS (SELECT 1 FROM client_phones p WHERE p.client_id = c.id AND p.status = 'OK')
       ORDER BY c.id LIMIT 6`,
      [MENTOR],
    );
    expect(clients).toHaveLength(6);
    const ids = {} as Record<Kind, string>;
    for (const [i, kind] of KINDS.entries()) {
      const c = clients[i]!;
      // Safe at any time, except "outside": a window that starts in two hours and lasts one.
      await db.query(
        kind === "outside"
          ? `UPDATE client_phones SET
               safe_from_minute = ((extract(hour FROM now() AT TIME ZONE $2) * 60 + extract(minute FROM now() AT TIME ZONE $2))::int + 120) % 1440,
               safe_to_minute = ((extract(hour FROM now() AT TIME ZONE $2) * 60 + extract(minute FROM now() AT TIME ZONE $2))::int + 180) % 1440
             WHERE client_id = $1`
          : `UPDATE client_phones SET safe_from_minute = NULL, safe_to_minute = NULL WHERE client_id = $1 AND $2::text IS NOT NULL`,
        [c.id, c.time_zone],
      );
      const state: Record<Kind, { status: string; attempts: number; next: string | null; reasons: string[] }> = {
        fresh: { status: "PENDING", attempts: 0, next: null, reasons: ["adherence"] },
        retryDue: { status: "RETRY_LATER", attempts: 1, next: "now() - interval '10 minutes'", reasons: ["adherence"] },
        retryLater: { status: "RETRY_LATER", attempts: 1, next: "now() + interval '2 hours'", reasons: ["adherence"] },
        callback: { status: "PENDING", attempts: 0, next: null, reasons: ["callback"] },
        outside: { status: "PENDING", attempts: 0, next: null, reasons: ["adherence"] },
        done: { status: "DONE", attempts: 1, next: null, reasons: ["adherence"] },
      };
      const s = state[kind];
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO call_tasks (client_id, mentor_id, task_date, reasons, priority, status, attempts, next_attempt_at, first_due_date, updated_at)
         VALUES ($1, $2, (now() AT TIME ZONE $3)::date, $4, 1, $5::"TaskStatus", $6, ${s.next ?? "NULL"}, (now() AT TIME ZONE $3)::date, now())
         ON CONFLICT (client_id, task_date) DO UPDATE SET reasons = EXCLUDED.reasons, priority = 1, status = EXCLUDED.status,
           attempts = EXCLUDED.attempts, next_attempt_at = EXCLUDED.next_attempt_at, claimed_by_id = NULL, claimed_at = NULL, updated_at = now()
         RETURNING id`,
        [c.id, c.mentor_id, c.time_zone, s.reasons, s.status, s.attempts],
      );
      ids[kind] = rows[0]!.id;
    }
    const { rows } = await db.query<{ done: string; to_do: string; retry: string }>(
      `SELECT count(*) FILTER (WHERE t.status IN ('DONE', 'ESCALATED', 'CANCELLED')) AS done,
              count(*) FILTER (WHERE t.status IN ('PENDING', 'CLAIMED')) AS to_do,
              count(*) FILTER (WHERE t.status = 'RETRY_LATER') AS retry
       FROM call_tasks t JOIN users u ON u.id = t.mentor_id JOIN clients c ON c.id = t.client_id JOIN sites s ON s.id = c.site_id
       WHERE u.username = $1 AND t.task_date = (now() AT TIME ZONE s.time_zone)::date`,
      [MENTOR],
    );
    const r = rows[0]!;
    return { ids, progress: { done: Number(r.done), toDo: Number(r.to_do), retryLater: Number(r.retry) } };
  });
}

const card = (page: Page, id: string) => page.getByTestId("queue-task").filter({ has: page.locator(`a[href="/queue/${id}"]`) });
const filterButton = (page: Page, name: string) => page.getByRole("group", { name: "Show" }).getByRole("button", { name: new RegExp(`^${name}`) });

// Mentor Mothers work on phones
test("a Mentor Mother sees her day's progress, filters her queue and why a call must wait", { tag: "@phone" }, async ({ page, context }) => {
  test.setTimeout(60_000);

  await signIn(page, MENTOR);
  await expect(page).toHaveURL(/\/queue$/);
  // After her list for today exists (made when she opened the queue on a working day).
  const { ids, progress } = await setUpDay();
  await page.reload();

  await expect(page.getByTestId("queue-progress")).toHaveText(
    `${progress.done} done · ${progress.toDo} to do · ${progress.retryLater} to call again later`,
  );
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // Each card: name link, reasons, language, safe hours, status and attempts; why a call waits.
  const fresh = card(page, ids.fresh);
  await expect(fresh).toHaveAttribute("data-callable", "true");
  await expect(fresh).toContainText("Safe to call at any time");
  await expect(fresh).toContainText(/Language: \S+/);
  await expect(fresh).toContainText("To call · Not called yet");
  await expect(card(page, ids.callback).getByRole("list", { name: "Reasons" })).toContainText("Callback");
  const outside = card(page, ids.outside);
  await expect(outside).toHaveAttribute("data-callable", "false");
  await expect(outside.getByTestId("queue-wait")).toHaveText("Outside safe hours");
  await expect(outside).toContainText(/Safe to call \d\d:\d\d–\d\d:\d\d/);
  await expect(card(page, ids.retryLater).getByTestId("queue-wait")).toHaveText(/^Retry (after \d\d:\d\d|on a later day)$/);
  await expect(card(page, ids.retryLater)).toContainText("Call again later · 1 attempt");
  await expect(card(page, ids.done)).toHaveAttribute("data-status", "DONE");
  await expect(card(page, ids.done).getByTestId("queue-wait")).toHaveCount(0);

  // Callable now first, then waiting, then finished.
  const order = await page.getByTestId("queue-task-link").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  const pos = (id: string) => order.indexOf(`/queue/${id}`);
  expect(pos(ids.fresh)).toBeLessThan(pos(ids.outside));
  expect(pos(ids.retryDue)).toBeLessThan(pos(ids.retryLater));
  expect(pos(ids.outside)).toBeLessThan(pos(ids.done));
  expect(pos(ids.retryLater)).toBeLessThan(pos(ids.done));

  // Filters: toggle buttons, used from the keyboard.
  const all = filterButton(page, "All");
  await expect(all).toHaveAttribute("aria-pressed", "true");
  const notCalled = filterButton(page, "Not yet called");
  await notCalled.focus();
  await page.keyboard.press("Enter");
  await expect(notCalled).toHaveAttribute("aria-pressed", "true");
  await expect(all).toHaveAttribute("aria-pressed", "false");
  for (const k of ["fresh", "callback", "outside"] as const) await expect(card(page, ids[k])).toBeVisible();
  for (const k of ["retryDue", "retryLater", "done"] as const) await expect(card(page, ids[k])).toHaveCount(0);

  const retryDue = filterButton(page, "Retry due now");
  await retryDue.focus();
  await page.keyboard.press("Space");
  await expect(retryDue).toHaveAttribute("aria-pressed", "true");
  await expect(card(page, ids.retryDue)).toBeVisible();
  for (const k of ["fresh", "retryLater", "callback", "done"] as const) await expect(card(page, ids[k])).toHaveCount(0);

  await filterButton(page, "Callbacks").click();
  await expect(card(page, ids.callback)).toBeVisible();
  for (const k of ["fresh", "retryDue", "retryLater", "outside", "done"] as const) await expect(card(page, ids[k])).toHaveCount(0);
  // The progress is the day's, whatever the filter.
  await expect(page.getByTestId("queue-progress")).toHaveText(
    `${progress.done} done · ${progress.toDo} to do · ${progress.retryLater} to call again later`,
  );

  // "Why is she on my list?" is fetched when opened.
  await all.click();
  await fresh.getByText("Why is she on my list?").click();
  await expect(fresh.getByTestId("queue-why")).toBeVisible();

  // The background refresh's answer: her queue, never cached.
  const res = await page.request.get("/api/queue");
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toContain("no-store");
  const body = (await res.json()) as { items: { id: string }[] };
  expect(body.items.map((i) => i.id)).toEqual(expect.arrayContaining(Object.values(ids)));

  // Offline: the last list stays, with when it is from and a retry.
  await context.setOffline(true);
  const alert = page.getByTestId("queue-refresh-failed");
  await expect(alert).toContainText(/You are offline - showing the list from \d\d:\d\d\./);
  await expect(alert.getByRole("button", { name: "Retry" })).toBeVisible();
  await expect(card(page, ids.fresh)).toBeVisible();
  // Retry while offline waits for the network; back online, the server fails: the list stays.
  await page.route("**/api/queue", (route) => route.fulfill({ status: 503, json: { error: { code: "UNAVAILABLE", message: "UNAVAILABLE" } } }));
  await alert.getByRole("button", { name: "Retry" }).click();
  await context.setOffline(false);
  // (The query client retries twice before it reports the failure.)
  await expect(alert).toContainText(/Could not refresh - showing the list from \d\d:\d\d\./, { timeout: 15_000 });
  await expect(card(page, ids.fresh)).toBeVisible();
  await expect(page.getByTestId("queue-progress")).toBeVisible();
  // The server is back: Retry refreshes and the alert goes.
  await page.unroute("**/api/queue");
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(alert).toHaveCount(0);
  await expect(card(page, ids.fresh)).toBeVisible();
});

// one project is enough
test("the queue's data answers 401 when signed out", { tag: "@phone" }, async ({ request }) => {
  const res = await request.get("/api/queue");
  expect(res.status()).toBe(401);
  expect(res.headers()["cache-control"]).toContain("no-store");
  expect(await res.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "UNAUTHENTICATED" } });
  expect((await request.get("/api/queue/00000000-0000-4000-8000-000000000000/why")).status()).toBe(401);
});
