// B10: the report queries for the whole programme and for one country (performance.md), and the
// programme's page.
//
// Statements (computed from the tables, no roll-up): the enrolment report (enrolmentCountsSql,
// lib/reports/enrolment-sql.ts: every measure, both periods, every breakdown in one GROUPING SETS
// statement) and the viral-load figures (viralLoadFiguresSql, lib/reports/outcome-sql.ts) through
// the app's Prisma client and its prepared-statement path, as an administrator (the programme) and
// as a programme manager of the first country; the quarter holding the synthetic anchor date, and
// the quarter before. Baselines: the same figures by one hand-written statement each (enrolment: a
// CTE of the clients in scope and one GROUP BY per breakdown, FILTER per measure; viral load: the
// eligible clients and DISTINCT ON for the latest result), checked to give the same totals. The
// ratio is the worst of the four. The client-level call figures (call-sql.ts) and the programme
// figures (programme-sql.ts) are timed too, for the programme (no baseline).
//
// The page: the five report functions the page runs (lib/reports/queries.ts, in parallel as the
// page does), for the whole programme: a finished quarter (the one before the anchor's) the first
// time (computed and kept in the roll-up, lib/reports/rollup.ts) and then from the roll-up - the 2 s
// target; and the open quarter and the open month, whose current period is
// computed live; and the page's default view, the last complete month (decision 044), first read
// and from the roll-up. Median of 3 after a warm-up.
import type { Actor } from "@/lib/authz";
import { enrolmentCountsSql } from "@/lib/reports/enrolment-sql";
import { viralLoadFiguresSql } from "@/lib/reports/outcome-sql";
import { callClientFiguresSql } from "@/lib/reports/call-sql";
import { programmeFiguresSql } from "@/lib/reports/programme-sql";
import { callClientReport, callReport, enrolmentReport, messageReport, outcomeReport, programmeReport } from "@/lib/reports/queries";
import { quarterOf, resolveFilters, type ResolvedFilters } from "@/lib/reports/schemas";
import type { PrismaClient } from "@/lib/prisma-client";
import { formatMs, timed, type Benchmark } from "./lib";

const band = (dob: string, on: string) => `(CASE WHEN date_part('year', age(${on}, ${dob})) < 15 THEN '<15'
  WHEN date_part('year', age(${on}, ${dob})) >= 50 THEN '50+'
  ELSE (floor(date_part('year', age(${on}, ${dob})) / 5) * 5)::int || '-' || ((floor(date_part('year', age(${on}, ${dob})) / 5) * 5)::int + 4) END)`;

const NEW = (f: string, t: string) => `enrolment_date BETWEEN ${f} AND ${t}`;
const ACTIVE = (t: string) => `enrolment_date <= ${t} AND NOT coalesce(xd <= ${t}, false)`;
const EXIT = (f: string, t: string) => `xd BETWEEN ${f} AND ${t}`;
const MEASURES = `count(*) FILTER (WHERE ${NEW("$1", "$2")})::int AS new_c, count(*) FILTER (WHERE ${NEW("$3", "$4")})::int AS new_p,
  count(*) FILTER (WHERE ${ACTIVE("$2")})::int AS act_c, count(*) FILTER (WHERE ${ACTIVE("$4")})::int AS act_p,
  count(*) FILTER (WHERE ${EXIT("$1", "$2")})::int AS ex_c, count(*) FILTER (WHERE ${EXIT("$3", "$4")})::int AS ex_p`;

export const BASELINE_SQL = `
WITH c AS MATERIALIZED (
  SELECT s.country_id, c.site_id, c.category::text AS category, c.sex::text AS sex, c.date_of_birth AS dob, c.enrolment_date,
         coalesce(c.status_reason_code, 'NOT_CODED') AS reason,
         CASE WHEN c.status = 'ACTIVE' THEN NULL ELSE coalesce(c.status_date, c.enrolment_date) END AS xd
  FROM clients c JOIN sites s ON s.id = c.site_id
  WHERE $5::uuid IS NULL OR s.country_id = $5::uuid
)
SELECT 'total' AS dim, NULL AS key, ${MEASURES} FROM c
UNION ALL SELECT 'country', country_id::text, ${MEASURES} FROM c GROUP BY country_id
UNION ALL SELECT 'site', site_id::text, ${MEASURES} FROM c GROUP BY site_id
UNION ALL SELECT 'category', category, ${MEASURES} FROM c GROUP BY category
UNION ALL SELECT 'sex', sex, ${MEASURES} FROM c GROUP BY sex
UNION ALL SELECT 'exitReason', reason, 0, 0, 0, 0, count(*) FILTER (WHERE ${EXIT("$1", "$2")})::int, count(*) FILTER (WHERE ${EXIT("$3", "$4")})::int FROM c GROUP BY reason
UNION ALL SELECT 'ageBand/new', b, count(*) FILTER (WHERE p = 1)::int, count(*) FILTER (WHERE p = 2)::int, 0, 0, 0, 0 FROM (
  SELECT ${band("dob", "enrolment_date")} AS b, CASE WHEN ${NEW("$1", "$2")} THEN 1 WHEN ${NEW("$3", "$4")} THEN 2 END AS p FROM c
  WHERE ${NEW("$3", "$2")}) n GROUP BY b
UNION ALL SELECT 'ageBand/active', ${band("dob", "$2")}, 0, 0, count(*)::int, 0, 0, 0 FROM c WHERE ${ACTIVE("$2")} GROUP BY 2
UNION ALL SELECT 'ageBand/active', ${band("dob", "$4")}, 0, 0, 0, count(*)::int, 0, 0 FROM c WHERE ${ACTIVE("$4")} GROUP BY 2
UNION ALL SELECT 'ageBand/exits', ${band("dob", "xd")}, 0, 0, 0, 0, count(*) FILTER (WHERE ${EXIT("$1", "$2")})::int, count(*) FILTER (WHERE ${EXIT("$3", "$4")})::int
  FROM c WHERE ${EXIT("$3", "$2")} GROUP BY 2`;

/** The viral-load figures at $1 (the period's last day), the clients of country $2 (or all). */
export const VL_BASELINE_SQL = `
WITH e AS MATERIALIZED (
  SELECT c.id, CASE WHEN c.category = 'PREGNANT' THEN 'PREGNANT' WHEN c.category = 'POSTNATAL' OR c.breastfeeding THEN 'BREASTFEEDING' ELSE 'OTHER' END AS grp
  FROM clients c JOIN sites s ON s.id = c.site_id
  WHERE ($2::uuid IS NULL OR s.country_id = $2::uuid) AND c.enrolment_date <= $1::date
    AND (c.status = 'ACTIVE' OR coalesce(c.status_date, c.enrolment_date) > $1::date)
    AND c.art_start_date <= ($1::date - interval '6 months')::date
),
v AS (
  SELECT DISTINCT ON (r.client_id) r.client_id, r.copies FROM viral_load_results r JOIN e ON e.id = r.client_id
  WHERE r.sample_date > ($1::date - interval '12 months')::date AND r.sample_date <= $1::date AND r.result_date <= $1::date
  ORDER BY r.client_id, r.sample_date DESC, r.result_date DESC, r.id DESC
)
SELECT coalesce(grp, 'TOTAL') AS grp, count(*)::int AS eligible, count(v.copies)::int AS with_result,
       count(*) FILTER (WHERE v.copies < 1000)::int AS s1000, count(*) FILTER (WHERE v.copies < 50)::int AS s50
FROM e LEFT JOIN v ON v.client_id = e.id GROUP BY ROLLUP (grp)`;

/** The programme page's reads (app/(app)/reports/page.tsx), in parallel as the page runs them. */
const pageReads = (db: PrismaClient, actor: Actor, f: ResolvedFilters) =>
  Promise.all([enrolmentReport(db, actor, f), callReport(db, actor, f), outcomeReport(db, actor, f), callClientReport(db, actor, f), programmeReport(db, actor, f), messageReport(db, actor, f)]);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const B10: Benchmark = {
  id: "B10",
  name: "B10 report queries",
  target: "<= 1.3x; programme page <= 2 s (its default view, the last complete month)",
  async run(ctx) {
    const db = await ctx.prisma();
    const country = (await ctx.pool.query<{ id: string }>("SELECT id::text FROM countries ORDER BY code LIMIT 1")).rows[0]!.id;
    const base = { sessionId: "bench", name: "bench", siteIds: [], locale: "en" };
    const admin: Actor = { ...base, userId: "00000000-0000-4000-8000-000000000000", role: "ADMIN", countryId: null };
    const manager: Actor = { ...base, userId: "00000000-0000-4000-8000-000000000001", role: "PROGRAMME_MANAGER", countryId: country };
    const anchor = ctx.plan.anchor;
    const quarter = quarterOf(anchor);
    const f = resolveFilters({ period: "quarter", quarter }, anchor);
    const params = (countryId: string | null) => [f.current.from, f.current.to, f.previous.from, f.previous.to, countryId];

    const check = async (actor: Actor, countryId: string | null) => {
      const app = await enrolmentCountsSql(db, actor, f);
      const total = (period: string, m: string) => app.find((c) => c.dimension === "total" && c.period === period && c.measure === m)?.count ?? 0;
      const row = (await ctx.pool.query("SELECT * FROM (" + BASELINE_SQL + ") b WHERE dim = 'total'", params(countryId))).rows[0];
      const want = [row.new_c, row.new_p, row.act_c, row.act_p, row.ex_c, row.ex_p];
      const got = [total("current", "new"), total("previous", "new"), total("current", "active"), total("previous", "active"), total("current", "exits"), total("previous", "exits")];
      if (JSON.stringify(want) !== JSON.stringify(got)) throw new Error(`B10: app totals ${got} differ from the baseline's ${want}`);
      ctx.log(`  ${countryId ? "country" : "programme"} ${quarter}: new ${got[0]}, active at end ${got[2]}, exits ${got[4]}`);
    };
    await check(admin, null);
    await check(manager, country);
    const vlCheck = async (actor: Actor, countryId: string | null) => {
      const app = await viralLoadFiguresSql(db, actor, { end: f.current.to, countryId: null, siteId: null });
      const row = (await ctx.pool.query(VL_BASELINE_SQL, [f.current.to, countryId])).rows.find((r) => r.grp === "TOTAL");
      const want = [row?.eligible ?? 0, row?.with_result ?? 0, row?.s1000 ?? 0, row?.s50 ?? 0];
      const got = [app.TOTAL.eligible, app.TOTAL.withResult, app.TOTAL.suppressed1000, app.TOTAL.suppressed50];
      if (JSON.stringify(want) !== JSON.stringify(got)) throw new Error(`B10: app viral-load totals ${got} differ from the baseline's ${want}`);
      ctx.log(`  ${countryId ? "country" : "programme"} viral load at ${f.current.to}: on ART 6+ months ${got[0]}, with a result ${got[1]}`);
    };
    await vlCheck(admin, null);
    await vlCheck(manager, country);

    const runs = async (f1: () => Promise<unknown>) => {
      await f1();
      const t: number[] = [];
      for (let i = 0; i < 3; i++) t.push(await timed(f1));
      return median(t);
    };
    const vlApp = (actor: Actor) => viralLoadFiguresSql(db, actor, { end: f.current.to, countryId: null, siteId: null });
    ctx.log("  statements (from the tables)...");
    const appProgramme = await runs(() => enrolmentCountsSql(db, admin, f));
    const baseProgramme = await runs(() => ctx.pool.query(BASELINE_SQL, params(null)));
    const appCountry = await runs(() => enrolmentCountsSql(db, manager, f));
    const baseCountry = await runs(() => ctx.pool.query(BASELINE_SQL, params(country)));
    const vlProgramme = await runs(() => vlApp(admin));
    const vlBaseProgramme = await runs(() => ctx.pool.query(VL_BASELINE_SQL, [f.current.to, null]));
    const vlCountry = await runs(() => vlApp(manager));
    const vlBaseCountry = await runs(() => ctx.pool.query(VL_BASELINE_SQL, [f.current.to, country]));
    const whole = { countryId: null, siteId: null };
    const callProgramme = await runs(() => Promise.all([callClientFiguresSql(db, admin, { period: f.current, ...whole }), callClientFiguresSql(db, admin, { period: f.previous, ...whole })]));
    const progProgramme = await runs(() => Promise.all([programmeFiguresSql(db, admin, { period: f.current, ...whole }), programmeFiguresSql(db, admin, { period: f.previous, ...whole })]));

    // The page. A finished quarter: the first read computes and keeps, the next ones read the roll-up.
    ctx.log("  the programme page...");
    await ctx.pool.query("DELETE FROM report_rollups");
    const prevQuarter = quarterOf(f.previous.from);
    const finished = resolveFilters({ period: "quarter", quarter: prevQuarter }, anchor);
    const pageCold = await timed(() => pageReads(db, admin, finished));
    const kept = (await ctx.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM report_rollups WHERE figures IS NOT NULL")).rows[0]!.n;
    const pageWarm = await runs(() => pageReads(db, admin, finished));
    const pageOpenQuarter = await runs(() => pageReads(db, admin, f));
    const month = resolveFilters({ period: "month", month: anchor.slice(0, 7) }, anchor);
    const pageOpenMonth = await runs(() => pageReads(db, admin, month));
    // The page's default view: the last complete month (kept by the worker after each tick in
    // production, lib/reports/rollup-warm.ts; here the first read keeps it).
    const byDefault = resolveFilters({ period: "month" }, anchor);
    const pageDefaultCold = await timed(() => pageReads(db, admin, byDefault));
    const pageDefault = await runs(() => pageReads(db, admin, byDefault));
    ctx.log(`  roll-up rows kept by the first finished-quarter read: ${kept}`);
    const ratio = Math.max(appProgramme / baseProgramme, appCountry / baseCountry, vlProgramme / vlBaseProgramme, vlCountry / vlBaseCountry);
    return {
      app: appProgramme,
      baseline: baseProgramme,
      ratio,
      show: {
        app: `enrolment programme ${formatMs(appProgramme)}, country ${formatMs(appCountry)}; viral load programme ${formatMs(vlProgramme)}, country ${formatMs(vlCountry)}; ` +
          `call clients (2 periods) ${formatMs(callProgramme)}, programme figures (2 periods) ${formatMs(progProgramme)}; ` +
          `programme page: default view (${byDefault.params.month}) ${formatMs(pageDefault)} (${formatMs(pageDefaultCold)} first), ` +
          `${finished.params.quarter ?? prevQuarter} ${formatMs(pageWarm)} from the roll-up (${formatMs(pageCold)} first), ` +
          `open quarter ${formatMs(pageOpenQuarter)}, open month ${formatMs(pageOpenMonth)}`,
        baseline: `enrolment programme ${formatMs(baseProgramme)}, country ${formatMs(baseCountry)}; viral load programme ${formatMs(vlBaseProgramme)}, country ${formatMs(vlBaseCountry)}`,
      },
    };
  },
};
