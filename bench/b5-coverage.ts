// B5: call coverage (issue 11, performance.md) for one site (its 10 Mentor Mothers) and for one
// country (its 1,000 Mentor Mothers at 1M clients), 30 days each, on the bench data with 30 days of
// call history.
//
// Fill (bench/calls-day.ts ensureCallHistory, shared with B3, B4 and B4H; its own step, printed,
// not timed in any result, not part of S0): 30 calendar days of history - on each Monday-to-Friday
// day about one client in ten of every Mentor Mother is on her list (about 100,000 tasks a day at
// 1M clients) with 1-3 calls each (60 % one, 25 % two, 15 % three: about 155,000 calls a day);
// most reached on the last call, else escalated after three calls or carried over. All finished
// (none open), no callbacks, no client row touched, and the 30 days end 8 days before B1's day (B1
// needs no tasks in the week before its day; B3 and B4 work on B1's day), so the other benchmarks
// see the database as before. Kept between runs: the fill runs when the history is missing.
//
// App: runCoverage (lib/coverage/sql.ts), the statement the coverage page runs, with the levels the
// page asks for - the site as a supervisor sees it (per Mentor Mother, per Mentor Mother and day,
// per day, total), the country as a programme manager sees it (per site, per day, total).
// Baseline: the equivalent GROUP BY over call_tasks and call_attempts - tasks per Mentor Mother and
// day with their calls (due, attempted, reached), calls per Mentor Mother and day - without the
// corrections' lookup, the site-local day of each call, the grouping sets or the dispositions.
// Each is run 5 times after one warm-up; the median counts.
import type pg from "pg";
import { COVERAGE_SETTINGS, coverageSql, type CoverageLevel, type SiteRange } from "@/lib/coverage/sql";
import { ROLLUP_LOCK, finaliseSql } from "@/lib/coverage/rollup";
import { ensureCallHistory, historyRange } from "./calls-day";
import { formatMs, timed, type Benchmark, type BenchContext } from "./lib";

/** The roll-up of the history's days (lib/coverage/rollup.ts), as the scheduled finalisation
 * writes it day after day: written here at once when missing, its time printed, not counted. */
async function finaliseHistory(ctx: BenchContext, range: { from: string; to: string }): Promise<void> {
  const started = performance.now();
  const { rows: sites } = await ctx.pool.query<{ id: string }>("SELECT id FROM sites ORDER BY id");
  const sql = finaliseSql(sites.map((s) => ({ siteId: s.id, ...range })));
  const c = await ctx.pool.connect();
  let written = 0;
  try {
    await c.query("BEGIN");
    await c.query(COVERAGE_SETTINGS);
    await c.query("SELECT pg_advisory_xact_lock($1::bigint)", [ROLLUP_LOCK]);
    written = (await c.query(sql.text, sql.values as unknown[])).rowCount ?? 0;
    await c.query("COMMIT");
  } catch (e) {
    await c.query("ROLLBACK");
    throw e;
  } finally {
    c.release();
  }
  if (written > 0) {
    await ctx.pool.query("VACUUM (ANALYZE) coverage_days");
    ctx.log(`B5 roll-up: ${written} Mentor Mother x day rows over ${range.from}..${range.to} in ${formatMs(performance.now() - started)} (not counted)`);
  }
}

/** The equivalent plain GROUP BY (see the header). */
function baselineSql(): string {
  return `
    WITH mm AS (SELECT us.user_id FROM user_sites us JOIN users u ON u.id = us.user_id AND u.role = 'MENTOR_MOTHER' WHERE us.site_id = ANY($1::uuid[])),
    tk AS (
      SELECT t.mentor_id, t.task_date, count(*) AS due, count(*) FILTER (WHERE x.n > 0) AS attempted, count(*) FILTER (WHERE x.reached) AS reached
      FROM call_tasks t
      LEFT JOIN LATERAL (SELECT count(*) AS n, bool_or(a.disposition = 'REACHED') AS reached FROM call_attempts a WHERE a.task_id = t.id) x ON true
      WHERE t.mentor_id IN (SELECT user_id FROM mm) AND t.task_date BETWEEN $2::date AND $3::date
      GROUP BY t.mentor_id, t.task_date
    ),
    cl AS (
      SELECT a.mentor_id, count(*) AS calls FROM call_attempts a
      WHERE a.mentor_id IN (SELECT user_id FROM mm) AND a.created_at >= $2::date AND a.created_at < $3::date + 1
      GROUP BY a.mentor_id
    )
    SELECT (SELECT count(*) FROM tk) AS rows, (SELECT sum(due) FROM tk) AS due, (SELECT sum(calls) FROM cl) AS calls`;
}

async function median(runs: number, f: () => Promise<unknown>): Promise<number> {
  await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timed(f));
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** `text` in a read transaction with the coverage page's session settings (COVERAGE_SETTINGS: no
 * JIT, work_mem): the same for the app and the baseline. */
async function inTx<R extends pg.QueryResultRow>(pool: pg.Pool, text: string, values: unknown[]): Promise<R[]> {
  const c = await pool.connect();
  try {
    await c.query("BEGIN READ ONLY");
    await c.query(COVERAGE_SETTINGS);
    const { rows } = await c.query<R>(text, values);
    await c.query("COMMIT");
    return rows;
  } finally {
    c.release();
  }
}

async function coverageOnce(pool: pg.Pool, sites: SiteRange[], levels: CoverageLevel[]): Promise<{ due: number; calls: number }> {
  const sql = coverageSql({ sites, levels });
  const rows = await inTx<{ g: number; due: number; calls: number }>(pool, sql.text, sql.values as unknown[]);
  const total = rows.find((r) => Number(r.g) === 15);
  return { due: Number(total?.due ?? 0), calls: Number(total?.calls ?? 0) };
}

const baseline = (pool: pg.Pool, sites: SiteRange[], range: { from: string; to: string }) =>
  inTx<{ due: string; calls: string }>(pool, baselineSql(), [sites.map((s) => s.siteId), range.from, range.to]);

export const B5: Benchmark = {
  id: "B5",
  name: "B5 coverage (site; country)",
  target: "<= 1.3x the GROUP BY baseline, site <= 300 ms, country <= 2 s",
  async run(ctx) {
    const range = historyRange(ctx.plan.anchor);
    await ensureCallHistory(ctx);
    await finaliseHistory(ctx, range);
    const { rows: siteRows } = await ctx.pool.query<{ id: string; country_id: string }>(
      "SELECT s.id, s.country_id FROM sites s JOIN countries c ON c.id = s.country_id WHERE c.code = $1 ORDER BY s.code", [ctx.plan.countries[0]!.code]);
    if (siteRows.length === 0) throw new Error("no synthetic sites");
    const site: SiteRange[] = [{ siteId: siteRows[0]!.id, ...range }];
    const country: SiteRange[] = siteRows.map((s) => ({ siteId: s.id, ...range }));

    // Same answers first: the figures both count the same way on this history (no corrections).
    const [a, b] = [await coverageOnce(ctx.pool, site, ["total"]), (await baseline(ctx.pool, site, range))[0]!];
    if (a.due !== Number(b.due) || a.due === 0) throw new Error(`coverage and baseline disagree on the site's tasks: ${a.due} vs ${b.due}`);

    const appSite = await median(5, () => coverageOnce(ctx.pool, site, ["mentor", "mentorDay", "day", "total"]));
    const baseSite = await median(5, () => baseline(ctx.pool, site, range));
    const appCountry = await median(5, () => coverageOnce(ctx.pool, country, ["site", "day", "total"]));
    const baseCountry = await median(5, () => baseline(ctx.pool, country, range));
    ctx.log(`  B5 site (one site): ${formatMs(appSite)} vs ${formatMs(baseSite)}; country (${country.length} sites): ${formatMs(appCountry)} vs ${formatMs(baseCountry)}`);
    const ratio = Math.max(appSite / baseSite, appCountry / baseCountry);
    return {
      app: appSite + appCountry,
      baseline: baseSite + baseCountry,
      ratio,
      show: { app: `site ${formatMs(appSite)}, country ${formatMs(appCountry)}`, baseline: `site ${formatMs(baseSite)}, country ${formatMs(baseCountry)}` },
    };
  },
};
