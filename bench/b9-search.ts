// B9: client search over the 1M synthetic clients (performance.md), for the programme's
// administrator (every client) and for a supervisor (her site).
//
// App: listClients(db, actor, { q }) (lib/clients/queries.ts: the clients page's first page of 25)
// with B9_QUERIES queries of each kind, one after the other (each query both ways in turn):
//   name     a surname alone, "first last", "last first" (word order), and the surname with an
//            accent the client's record does not have (accents ignored)
//   phone    one of her numbers written with spaces ("+277 26 308 642")
//   ref      her client reference
// The names, numbers and refs are those of clients in the actor's scope, chosen by --seed.
// Baseline: the same page by one hand-written SQL statement per query (scope, match, order, the
// page's columns with site and Mentor Mother) on a pg pool, same queries.
// The line: the worst kind's p95 each way (every kind shown); the ratio is the largest of the
// kinds' app p95 / hand p95.
import type { Actor } from "@/lib/authz";
import { listClients } from "@/lib/clients/queries";
import { nameSearchWords } from "@/lib/clients/search";
import { formatMs, hash32, type Benchmark, type BenchContext } from "./lib";
import { percentile } from "./calls-day";

/** Queries of each kind: a ref or phone search takes about 1 ms, so a p95 of 40 was two slow
 * samples (a GC pause) away from doubling - the same code read 1.08x, 1.23x and 2.30x in three runs
 * (docs/bench.md, decision 048); 200 make it the 10th slowest. */
export const B9_QUERIES = 200;
const PAGE = 25;

type Kind = "name" | "phone" | "ref";
/** `q` as typed in the search box; `exact`: what the hand-written statement looks up (E.164 for a phone). */
type Query = { kind: Kind; q: string; exact?: string };

const COLUMNS = `c.id, c.ref, c.first_name, c.last_name, c.category, c.status, c.preferred_language,
  s.id AS site_id, s.name AS site_name, s.code AS site_code, u.id AS mentor_id, u.name AS mentor_name`;
const FROM = `clients c JOIN sites s ON s.id = c.site_id LEFT JOIN users u ON u.id = c.mentor_id`;

/** The hand-written statement for one query: $1 = site ids (null: every client), then the match. */
function handQuery(query: Query, bySite: boolean): { text: string; values: unknown[] } {
  const scope = bySite ? "c.site_id = ANY($1::uuid[])" : "$1::uuid[] IS NULL";
  if (query.kind === "ref") {
    return { text: `SELECT ${COLUMNS} FROM ${FROM} WHERE ${scope} AND c.ref = $2 ORDER BY c.last_name, c.first_name, c.id LIMIT ${PAGE + 1}`, values: [query.q] };
  }
  if (query.kind === "phone") {
    return {
      text: `SELECT ${COLUMNS} FROM ${FROM} WHERE ${scope} AND c.id IN (SELECT p.client_id FROM client_phones p WHERE p.number = $2)
             ORDER BY c.last_name, c.first_name, c.id LIMIT ${PAGE + 1}`,
      values: [query.exact ?? query.q],
    };
  }
  const words = nameSearchWords(query.q);
  const match = words.map((_, i) => `c.search_name LIKE $${i + 2}`).join(" AND ");
  return {
    text: `WITH m AS MATERIALIZED (SELECT c.id, c.last_name, c.first_name FROM clients c WHERE ${scope} AND ${match}),
           page AS (SELECT * FROM m ORDER BY m.last_name, m.first_name, m.id LIMIT ${PAGE + 1})
           SELECT ${COLUMNS} FROM page JOIN ${FROM} ON c.id = page.id ORDER BY page.last_name, page.first_name, page.id`,
    values: words.map((w) => `%${w}%`),
  };
}

/** An accent on the first vowel that has one. */
function accented(s: string): string {
  const map: Record<string, string> = { a: "á", e: "é", i: "í", o: "ó", u: "ú" };
  const i = [...s].findIndex((ch) => map[ch]);
  return i < 0 ? s : s.slice(0, i) + map[s[i]!]! + s.slice(i + 1);
}

async function queriesFor(ctx: BenchContext, siteIds: string[] | null, salt: number): Promise<Query[]> {
  const { rows } = await ctx.pool.query<{ first_name: string; last_name: string; ref: string; number: string | null; code: string }>(
    `SELECT c.first_name, c.last_name, c.ref, p.number, co.code
     FROM clients c
     JOIN sites s ON s.id = c.site_id JOIN countries co ON co.id = s.country_id
     LEFT JOIN LATERAL (SELECT number FROM client_phones WHERE client_id = c.id ORDER BY is_primary DESC, id LIMIT 1) p ON TRUE
     WHERE ($1::uuid[] IS NULL OR c.site_id = ANY($1::uuid[])) AND c.ref LIKE 'SYN-%'
     ORDER BY hashint4(hashtext(c.ref) # $2)
     LIMIT $3`,
    [siteIds, ctx.plan.seed + salt, B9_QUERIES]);
  const out: Query[] = [];
  rows.forEach((r, i) => {
    const names = [r.last_name, `${r.first_name} ${r.last_name}`, `${r.last_name} ${r.first_name}`, accented(r.last_name)];
    out.push({ kind: "name", q: names[hash32(i, 9, ctx.plan.seed) % names.length]! });
    out.push({ kind: "ref", q: r.ref });
    // Written with spaces, as read off a phone's screen.
    if (r.number) out.push({ kind: "phone", q: r.number.replace(/^(\+\d{3})(\d{2})(\d{3})/, "$1 $2 $3 "), exact: r.number });
  });
  return out;
}

type KindStats = Record<Kind, number>;

type Runner = (q: Query) => Promise<number>;

/** Each query both ways, one after the other, the order alternating (so that neither way always
 * finds the pages the other just read in the cache); p95 per kind each way. */
async function measure(queries: Query[], app: Runner, hand: Runner): Promise<{ app: KindStats; hand: KindStats }> {
  const lat = { app: { name: [], phone: [], ref: [] } as Record<Kind, number[]>, hand: { name: [], phone: [], ref: [] } as Record<Kind, number[]> };
  for (const [i, q] of queries.entries()) {
    for (const way of i % 2 ? (["hand", "app"] as const) : (["app", "hand"] as const)) {
      const t = performance.now();
      const n = await (way === "app" ? app : hand)(q);
      lat[way][q.kind].push(performance.now() - t);
      if (n === 0) throw new Error(`${way}: no client found for the ${q.kind} query "${q.q}"`);
    }
  }
  const p95 = (a: number[]) => percentile(a.sort((x, y) => x - y), 95);
  const stats = (l: Record<Kind, number[]>): KindStats => ({ name: p95(l.name), phone: p95(l.phone), ref: p95(l.ref) });
  return { app: stats(lat.app), hand: stats(lat.hand) };
}

export const B9: Benchmark = {
  id: "B9",
  name: "B9 client search",
  target: "p95 <= 300 ms at 1M clients, <= 1.5x the hand-written query",
  async run(ctx) {
    const db = await ctx.prisma();
    const { rows: sup } = await ctx.pool.query<{ id: string; name: string; site_ids: string[] }>(
      `SELECT u.id, u.name, ARRAY(SELECT us.site_id FROM user_sites us WHERE us.user_id = u.id ORDER BY us.site_id) AS site_ids
       FROM users u WHERE u.role = 'SUPERVISOR' AND EXISTS (SELECT 1 FROM user_sites us WHERE us.user_id = u.id)
       ORDER BY u.id LIMIT 1`);
    if (!sup[0]) throw new Error("no supervisor in the synthetic data");
    const base = { sessionId: "00000000-0000-4000-8000-000000000000", countryId: null, locale: "en" };
    const admin: Actor = { ...base, userId: "00000000-0000-4000-8000-0000000000ad", name: "B9 admin", role: "ADMIN", siteIds: [] };
    const supervisor: Actor = { ...base, userId: sup[0].id, name: sup[0].name, role: "SUPERVISOR", siteIds: sup[0].site_ids };

    const results: { who: string; app: KindStats; hand: KindStats }[] = [];
    for (const [who, actor, siteIds, salt] of [["admin", admin, null, 1], ["supervisor's site", supervisor, supervisor.siteIds, 2]] as const) {
      const queries = await queriesFor(ctx, siteIds ? [...siteIds] : null, salt);
      // Warm-up: one pass each way (plans, caches), not timed.
      for (const q of queries.slice(0, 6)) {
        await listClients(db, actor, { q: q.q });
        const h = handQuery(q, siteIds !== null);
        await ctx.pool.query(h.text, [siteIds, ...h.values]);
      }
      const { app, hand } = await measure(
        queries,
        async (q) => (await listClients(db, actor, { q: q.q })).items.length,
        async (q) => {
          const h = handQuery(q, siteIds !== null);
          return (await ctx.pool.query(h.text, [siteIds, ...h.values])).rowCount ?? 0;
        },
      );
      ctx.log(`  ${who}: app p95 name ${formatMs(app.name)}, phone ${formatMs(app.phone)}, ref ${formatMs(app.ref)}; ` +
        `hand p95 name ${formatMs(hand.name)}, phone ${formatMs(hand.phone)}, ref ${formatMs(hand.ref)}`);
      results.push({ who, app, hand });
    }
    const worst = (k: "app" | "hand") => Math.max(...results.flatMap((r) => [r[k].name, r[k].phone, r[k].ref]));
    const show = (k: "app" | "hand") =>
      results.map((r) => `${r.who} name ${formatMs(r[k].name)} phone ${formatMs(r[k].phone)} ref ${formatMs(r[k].ref)}`).join("; ");
    // The ratio of the kind that fares worst against its own hand-written query.
    const ratio = Math.max(...results.flatMap((r) => (["name", "phone", "ref"] as const).map((k) => r.app[k] / r.hand[k])));
    return {
      app: worst("app"),
      baseline: worst("hand"),
      ratio,
      show: { app: `p95 ${formatMs(worst("app"))} (${show("app")})`, baseline: `p95 ${formatMs(worst("hand"))} (${show("hand")})` },
    };
  },
};
