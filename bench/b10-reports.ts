// B10: the report queries for the whole programme and for one country (performance.md).
//
// App: the enrolment report (enrolmentCountsSql, lib/reports/enrolment-sql.ts: every measure, both
// periods, every breakdown in one GROUPING SETS statement) through the app's Prisma client and its
// prepared-statement path, as an administrator (the programme) and as a programme manager of the
// first country. The quarter holding the synthetic anchor date, and the quarter before.
// Baseline: the same figures by one hand-written statement (a CTE of the clients in scope and one
// GROUP BY per breakdown, FILTER per measure), checked to give the same totals.
// Also printed: the programme page's reads (enrolment + the call figures of lib/coverage over every
// site for the quarter and the one before), against the 2 s target. Median of 3 after a warm-up.
import type { Actor } from "@/lib/authz";
import { enrolmentCountsSql } from "@/lib/reports/enrolment-sql";
import { callReport } from "@/lib/reports/queries";
import { resolveFilters } from "@/lib/reports/schemas";
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const B10: Benchmark = {
  id: "B10",
  name: "B10 report queries",
  target: "<= 1.3x; programme page <= 2 s",
  async run(ctx) {
    const db = await ctx.prisma();
    const country = (await ctx.pool.query<{ id: string }>("SELECT id::text FROM countries ORDER BY code LIMIT 1")).rows[0]!.id;
    const base = { sessionId: "bench", name: "bench", siteIds: [], locale: "en" };
    const admin: Actor = { ...base, userId: "00000000-0000-4000-8000-000000000000", role: "ADMIN", countryId: null };
    const manager: Actor = { ...base, userId: "00000000-0000-4000-8000-000000000001", role: "PROGRAMME_MANAGER", countryId: country };
    const anchor = ctx.plan.anchor;
    const quarter = `${anchor.slice(0, 4)}-Q${Math.floor((Number(anchor.slice(5, 7)) - 1) / 3) + 1}`;
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

    const runs = async (f1: () => Promise<unknown>) => {
      await f1();
      const t: number[] = [];
      for (let i = 0; i < 3; i++) t.push(await timed(f1));
      return median(t);
    };
    const appProgramme = await runs(() => enrolmentCountsSql(db, admin, f));
    const baseProgramme = await runs(() => ctx.pool.query(BASELINE_SQL, params(null)));
    const appCountry = await runs(() => enrolmentCountsSql(db, manager, f));
    const baseCountry = await runs(() => ctx.pool.query(BASELINE_SQL, params(country)));
    const page = await runs(() => Promise.all([enrolmentCountsSql(db, admin, f), callReport(db, admin, f)]));
    const ratio = Math.max(appProgramme / baseProgramme, appCountry / baseCountry);
    return {
      app: appProgramme,
      baseline: baseProgramme,
      ratio,
      show: {
        app: `enrolment programme ${formatMs(appProgramme)}, country ${formatMs(appCountry)}; programme page (enrolment + calls) ${formatMs(page)}`,
        baseline: `programme ${formatMs(baseProgramme)}, country ${formatMs(baseCountry)}`,
      },
    };
  },
};
