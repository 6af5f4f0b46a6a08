// The security suite over HTTP against the built app (`next start`), driven by the build's own list
// of pages, route handlers and server actions (tests/security/pages.ts): a page or action added
// later is covered without anyone remembering to. Security brief tests 1, 4, 5, 6, 8 and 15 at the
// HTTP level; the command-level half is tests/security/*.test.ts (jest).
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/demo-accounts";
import { allPages, allRoutes, allServerActions, fillPattern, PUBLIC_PAGES, PUBLIC_ROUTES } from "./pages";

const port = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://localhost:${port}`;
const FOREIGN = "https://evil.example";

async function signedIn(username: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL });
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, username, password: DEMO_PASSWORD, json: "true" },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(res.status(), `sign-in of ${username}`).toBeLessThan(400);
  const me = await ctx.get("/api/auth/session");
  expect(Object.keys((await me.json()) as object)).toContain("expires");
  return ctx;
}

type Ids = { otherMentorsClient: string; otherMentorsTask: string; otherSiteClient: string; ownClient: string };
let ids: Ids;
/** Names, refs and phone numbers of the out-of-scope clients: none may appear in any answer. */
let secrets: string[] = [];

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const one = async (sql: string, args: unknown[]) => ((await db.query<{ id: string }>(sql, args)).rows[0]?.id ?? "");
    const [m1, m2, m6] = [DEMO_USERS.mentors[0], DEMO_USERS.mentors[1], DEMO_USERS.mentors[5]];
    ids = {
      ownClient: await one("SELECT c.id FROM clients c JOIN users u ON u.id = c.mentor_id WHERE u.username = $1 LIMIT 1", [m1]),
      otherMentorsClient: await one("SELECT c.id FROM clients c JOIN users u ON u.id = c.mentor_id WHERE u.username = $1 LIMIT 1", [m2]),
      // A task of hers long past (the seed makes none; an old date stays out of every queue).
      otherMentorsTask: await one(
        `INSERT INTO call_tasks (client_id, mentor_id, task_date, reasons, priority, status, first_due_date, updated_at)
         SELECT c.id, c.mentor_id, DATE '2000-01-03', ARRAY['adherence'], 8, 'CARRIED_OVER', DATE '2000-01-03', now()
         FROM clients c JOIN users u ON u.id = c.mentor_id WHERE u.username = $1 ORDER BY c.id LIMIT 1
         ON CONFLICT (client_id, task_date) DO UPDATE SET updated_at = now() RETURNING id`,
        [m2],
      ),
      otherSiteClient: await one("SELECT c.id FROM clients c JOIN users u ON u.id = c.mentor_id WHERE u.username = $1 LIMIT 1", [m6]),
    };
    const { rows } = await db.query<{ v: string }>(
      `SELECT unnest(ARRAY[c.ref, c.last_name]) AS v FROM clients c WHERE c.id = ANY($1::uuid[])
       UNION SELECT p.number FROM client_phones p WHERE p.client_id = ANY($1::uuid[])`,
      [[ids.otherMentorsClient, ids.otherSiteClient]],
    );
    secrets = rows.map((r) => r.v);
  } finally {
    await db.end();
  }
  expect(Object.values(ids).every(Boolean), "the demo seed has the clients this suite needs").toBe(true);
});

test("the build lists pages, routes and actions to check", () => {
  expect(allPages().length).toBeGreaterThan(10);
  expect(allRoutes().length).toBeGreaterThan(5);
  expect(allServerActions().length).toBeGreaterThan(10);
});

test("test 4/5: no session -> every page sends to sign-in, every route answers 401; x-middleware-subrequest changes nothing", async () => {
  const ctx = await playwrightRequest.newContext({ baseURL });
  const variants: Record<string, string>[] = [{}, { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" }];
  for (const extra of variants) {
    for (const p of allPages().filter((e) => !PUBLIC_PAGES.has(e.pattern))) {
      const res = await ctx.get(fillPattern(p.pattern), { headers: extra, maxRedirects: 0 });
      const where = `${p.pattern} ${JSON.stringify(extra)}`;
      if (res.status() === 404) continue;
      expect([303, 307, 308], where).toContain(res.status());
      expect(res.headers()["location"] ?? "", where).toMatch(/\/login/);
    }
    // Files such as /favicon.ico and /icon.svg are routes too, and public.
    for (const r of allRoutes().filter((e) => !PUBLIC_ROUTES.has(e.pattern) && !e.pattern.includes("."))) {
      const url = fillPattern(r.pattern);
      const get = await ctx.get(url, { headers: extra });
      expect([401, 404, 405], `GET ${r.pattern}`).toContain(get.status());
      const post = await ctx.post(url, { headers: { ...extra, Origin: baseURL }, data: "x" });
      expect([401, 404, 405], `POST ${r.pattern}`).toContain(post.status());
    }
  }
  await ctx.dispose();
});

test("test 6: cross-site posts to every server action and to sign-in are refused before anything runs", async () => {
  const ctx = await signedIn(DEMO_USERS.admin);
  const variants: Record<string, Record<string, string>> = {
    "foreign Origin": { Origin: FOREIGN },
    "Origin null": { Origin: "null" },
    "no Origin": {},
    "no Origin, foreign Referer": { Referer: `${FOREIGN}/attack` },
    "no Origin, cross-site fetch": { "Sec-Fetch-Site": "cross-site" },
  };
  for (const action of allServerActions()) {
    const page = fillPattern(action.pages[0] ?? "/");
    for (const [name, headers] of Object.entries(variants)) {
      const res = await ctx.post(page, {
        headers: { ...headers, "Next-Action": action.id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
        data: "[]",
        maxRedirects: 0,
      });
      expect(res.status(), `${action.file}#${action.name} with ${name}`).toBe(403);
    }
  }
  // The locale action did not run: no cookie came back.
  const locale = allServerActions().find((a) => a.name === "setLocaleAction");
  expect(locale).toBeDefined();
  const res = await ctx.post("/account", { headers: { "Next-Action": locale!.id, "Content-Type": "text/plain;charset=UTF-8" }, data: '["pt"]' });
  expect(res.headers()["set-cookie"] ?? "").not.toContain("NEXT_LOCALE");
  // Sign-in from another site.
  const anon = await playwrightRequest.newContext({ baseURL });
  const signIn = await anon.post("/api/auth/callback/credentials", { form: { username: "admin", password: DEMO_PASSWORD }, headers: { Origin: FOREIGN }, maxRedirects: 0 });
  expect(signIn.status()).toBe(403);
  // The API routes are not behind the proxy (decision 048): the route wrapper refuses a foreign
  // origin itself - the streamed upload and the call screen's outcome, each with every variant.
  for (const [name, headers] of Object.entries(variants)) {
    const upload = await ctx.post("/api/imports/upload", { headers, data: "a,b\n" });
    expect(upload.status(), `upload with ${name}`).toBe(404);
    const outcome = await ctx.post("/api/queue/outcomes", { headers: { ...headers, "Content-Type": "application/json" }, data: "{}" });
    expect(outcome.status(), `outcome with ${name}`).toBe(404);
  }
  await Promise.all([ctx.dispose(), anon.dispose()]);
});

test("test 1/4: a Mentor Mother gets 404 with no data on other people's records and on other roles' pages", async () => {
  const ctx = await signedIn(DEMO_USERS.mentors[0]!);
  const own = await ctx.get(`/clients/${ids.ownClient}`);
  expect(own.status()).toBe(200);
  // Her own client's payload is served whole, with its status (the hold changes nothing there).
  const ownRsc = await ctx.get(`/clients/${ids.ownClient}`, { headers: { RSC: "1" } });
  expect(ownRsc.status()).toBe(200);
  expect(await ownRsc.text()).toContain(ids.ownClient);
  for (const url of [`/clients/${ids.otherMentorsClient}`, `/clients/${ids.otherSiteClient}`, `/queue/${ids.otherMentorsTask}`]) {
    const page = await ctx.get(url);
    expect(page.status(), url).toBe(404);
    // The React Server Component payload of the same address (a client-side navigation) answers
    // 404 too, and carries none of her data either (lib/observability/rsc-status.ts).
    const rsc = await ctx.get(url, { headers: { RSC: "1" } });
    expect(rsc.status(), `${url} (RSC)`).toBe(404);
    for (const body of [await page.text(), await rsc.text()]) {
      for (const secret of secrets) expect(body, url).not.toContain(secret);
    }
  }
  const why = await ctx.get(`/api/queue/${ids.otherMentorsTask}/why`);
  expect(why.status()).toBe(404);
  expect(await why.json()).toEqual({ error: { code: "NOT_FOUND", message: "NOT_FOUND" } });
  for (const p of allPages().filter((e) => /^\/(admin|supervision|reports|facility)/.test(e.pattern))) {
    const res = await ctx.get(fillPattern(p.pattern), { maxRedirects: 0 });
    expect(res.status(), p.pattern).toBe(404);
    // (Next.js first redirects an RSC request to its `?_rsc` address; the answer there counts.)
    const rsc = await ctx.get(fillPattern(p.pattern), { headers: { RSC: "1" } });
    expect(rsc.status(), `${p.pattern} (RSC)`).toBe(404);
  }
  await ctx.dispose();
});

test("test 8/15: cookies, headers and caching; the session endpoint gives page scripts nothing to steal", async () => {
  const ctx = await signedIn(DEMO_USERS.supervisors[0]);
  const state = await ctx.storageState();
  const session = state.cookies.find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  const body = (await (await ctx.get("/api/auth/session")).json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(["expires"]);
  for (const url of ["/clients", `/clients/${ids.ownClient}`, "/supervision"]) {
    const res = await ctx.get(url);
    const h = res.headers();
    expect(h["cache-control"], url).toContain("no-store");
    expect(h["content-security-policy"], url).toContain("frame-ancestors 'none'");
    expect(h["x-content-type-options"], url).toBe("nosniff");
    expect(h["referrer-policy"], url).toBe("same-origin");
  }
  // API answers set their own headers (the proxy does not see them, decision 048).
  for (const url of ["/api/queue", "/api/reports/calls?format=csv", "/api/nothing-here"]) {
    const api = await ctx.get(url);
    const h = api.headers();
    expect(h["cache-control"] ?? "", url).toContain("no-store");
    expect(h["x-content-type-options"], url).toBe("nosniff");
    expect(h["x-request-id"] ?? "", url).toMatch(/^[0-9a-f-]{36}$/);
  }
  await ctx.dispose();
});
