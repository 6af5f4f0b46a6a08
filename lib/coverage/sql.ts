// The coverage figures of lib/coverage/definitions.ts as one set-based statement over call_tasks and
// call_attempts (and, for finished days, the roll-up coverage_days it wrote itself:
// lib/coverage/rollup.ts) - what the supervision pages run, and what the reports reuse. Never counted in
// JavaScript (performance.md): the statement returns the sums at the levels asked for (Mentor Mother
// and day, Mentor Mother, site, country, day, total) with GROUPING SETS. The twin test
// (tests/integration/coverage.test.ts) compares its Mentor Mother x day rows with
// coverageByMentorDay on random call histories.
//
// Scope: the caller passes the sites (already limited to the actor's scope by the caller, e.g.
// lib/coverage/queries.ts); the statement takes the Mentor Mothers of those sites (user_sites) and
// their tasks and calls. A Mentor Mother of two sites counts once, under the first of them (by id)
// among the sites asked for.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/action";
import type { Disposition } from "@/lib/calls/state-machine";
import { COVERAGE_DISPOSITIONS, emptyFigures, type CoverageFigures } from "@/lib/coverage/definitions";

/** The effective disposition of the call (original row) `a`: that of its latest correction, else
 * its own (definitions.ts effectiveCalls). A LATERAL join; the partial index
 * call_attempts_corrects_id_idx makes each probe one index lookup. Use as
 * `LEFT JOIN LATERAL (${EFFECTIVE_FIX_SQL("a")}) fx ON true` and read coalesce(fx.disposition, a.disposition). */
export function EFFECTIVE_FIX_SQL(a: string): Prisma.Sql {
  return Prisma.raw(
    `SELECT c.disposition FROM call_attempts c WHERE c.corrects_id = ${a}.id ORDER BY c.created_at DESC, c.id DESC LIMIT 1`,
  );
}

/** A task `t` whose number of calls is `calls` counts as due (definitions.ts isDueTask). */
export function DUE_TASK_SQL(t: string, calls: string): Prisma.Sql {
  return Prisma.raw(`(${t}.status <> 'CANCELLED' OR coalesce(${calls}, 0) > 0)`);
}

/** The levels the statement can sum at. */
export const COVERAGE_LEVELS = ["mentorDay", "mentor", "siteDay", "site", "countryDay", "country", "day", "total"] as const;
export type CoverageLevel = (typeof COVERAGE_LEVELS)[number];

// GROUPING(mentor_id, site_id, country_id, day): a bit set for each column summed over.
const LEVEL_SETS: Record<CoverageLevel, { set: string; grouping: number }> = {
  mentorDay: { set: "(f.mentor_id, mm.site_id, mm.country_id, f.day)", grouping: 0 },
  mentor: { set: "(f.mentor_id, mm.site_id, mm.country_id)", grouping: 1 },
  siteDay: { set: "(mm.site_id, mm.country_id, f.day)", grouping: 8 },
  site: { set: "(mm.site_id, mm.country_id)", grouping: 9 },
  countryDay: { set: "(mm.country_id, f.day)", grouping: 12 },
  country: { set: "(mm.country_id)", grouping: 13 },
  day: { set: "(f.day)", grouping: 14 },
  total: { set: "()", grouping: 15 },
};
const LEVEL_OF = new Map(Object.entries(LEVEL_SETS).map(([level, v]) => [v.grouping, level as CoverageLevel]));

/** One site and the days asked for there (its own local days). */
export type SiteRange = { siteId: string; from: string; to: string };

export type CoverageQuery = {
  sites: readonly SiteRange[];
  /** Only this Mentor Mother (her drill-down). */
  mentorId?: string;
  levels: readonly CoverageLevel[];
};

export type CoverageRow = {
  level: CoverageLevel;
  /** Set at the levels that keep them (mentorDay and mentor keep all three ids). */
  mentorId: string | null;
  siteId: string | null;
  countryId: string | null;
  day: string | null;
  figures: CoverageFigures;
};

const DISPOSITION_COLUMN = (d: Disposition) => `d_${d.toLowerCase()}`;

/** The per-disposition columns of the statement and of coverage_days, in COVERAGE_DISPOSITIONS order. */
export const DISPOSITION_COLUMNS = COVERAGE_DISPOSITIONS.map(DISPOSITION_COLUMN);

/** The Mentor Mothers of the sites asked for (once each, under the first of her sites by id), with
 * the time zone of their calls' days and their site's period: the `mm` of the statement. */
function mentorsSql(q: Pick<CoverageQuery, "sites" | "mentorId">): Prisma.Sql {
  return Prisma.sql`
rng AS (
  SELECT * FROM unnest(${q.sites.map((s) => s.siteId)}::uuid[], ${q.sites.map((s) => s.from)}::date[], ${q.sites.map((s) => s.to)}::date[])
    AS r(site_id, d_from, d_to)
),
mm AS MATERIALIZED (
  SELECT DISTINCT ON (us.user_id) us.user_id AS mentor_id, r.site_id, s.country_id, s.time_zone AS tz, r.d_from, r.d_to
  FROM rng r
  JOIN user_sites us ON us.site_id = r.site_id
  JOIN users u ON u.id = us.user_id AND u.role = 'MENTOR_MOTHER'
  JOIN sites s ON s.id = r.site_id
  WHERE ${q.mentorId ?? null}::uuid IS NULL OR us.user_id = ${q.mentorId ?? null}::uuid
  ORDER BY us.user_id, r.site_id
)`;
}

/**
 * The statement (exported for EXPLAIN and the benchmark). A Mentor Mother's finished days come from
 * the roll-up (coverage_days, lib/coverage/rollup.ts) when it holds them for her time zone; the
 * other days of her period - today, a day not finalised yet, a day a late change touched (the
 * triggers of call_tasks and call_attempts delete its row) - are computed from the tasks and calls.
 * Both give the same figures: the roll-up rows are this statement's own Mentor Mother x day rows.
 * `missingOnly` leaves the roll-up's days out (what the finalisation fills the roll-up from).
 */
export function coverageSql(q: CoverageQuery & { missingOnly?: boolean }): Prisma.Sql {
  if (q.levels.length === 0) throw new Error("coverageSql: no level asked for");
  const sets = [...new Set(q.levels)].map((l) => LEVEL_SETS[l].set);
  // GROUPING() only takes columns some set groups by; a column no set uses is summed over in all.
  const columns = [["f.mentor_id", 8], ["mm.site_id", 4], ["mm.country_id", 2], ["f.day", 1]] as const;
  const used = columns.map(([c, bit]) => ({ c, bit, used: sets.some((x) => x.includes(c)) }));
  const grouping = used.map((u) => (u.used ? `GROUPING(${u.c}) * ${u.bit}` : String(u.bit))).join(" + ");
  const pick = (c: string, alias: string, cast: string) => (used.find((u) => u.c === c)!.used ? `${c}::${cast} AS ${alias}` : `NULL::${cast} AS ${alias}`);
  const keys = [pick("f.mentor_id", "mentor_id", "text"), pick("mm.site_id", "site_id", "text"), pick("mm.country_id", "country_id", "text"), pick("f.day", "day", "text")].join(", ");
  const cols = DISPOSITION_COLUMNS;
  const zeros = cols.map((c) => `0 AS ${c}`).join(", ");
  const perCall = COVERAGE_DISPOSITIONS.map((d, i) => `(cl.d = '${d}')::int AS ${cols[i]}`).join(", ");
  const fromRollup = cols.map((c) => `ru.${c}`).join(", ");
  const sums = cols.map((c) => `sum(f.${c})::int AS ${c}`).join(",\n       ");
  return Prisma.sql`
WITH ${mentorsSql(q)},
-- Her finished days the roll-up holds (for the time zone her calls' days are counted in here).
ru AS MATERIALIZED (
  SELECT r.* FROM mm JOIN coverage_days r ON r.mentor_id = mm.mentor_id AND r.day BETWEEN mm.d_from AND mm.d_to AND r.tz = mm.tz
),
-- The other days of her period, computed below.
md AS MATERIALIZED (
  SELECT mm.mentor_id, mm.tz, g.day::date AS day
  FROM mm CROSS JOIN LATERAL generate_series(mm.d_from::timestamp, mm.d_to::timestamp, interval '1 day') AS g(day)
  WHERE NOT EXISTS (SELECT 1 FROM ru WHERE ru.mentor_id = mm.mentor_id AND ru.day = g.day::date)
),
-- Per Mentor Mother, the span of those days: one range read of her tasks and calls (index
-- call_tasks (mentor_id, task_date, ...), call_attempts (mentor_id, created_at)), as without a
-- roll-up; with her finished days rolled up, the span is today alone.
mr AS MATERIALIZED (
  SELECT md.mentor_id, md.tz, min(md.day) AS lo, max(md.day) AS hi FROM md GROUP BY md.mentor_id, md.tz
),
tk AS MATERIALIZED (
  SELECT t.id, t.mentor_id, t.task_date AS day, t.status
  FROM mr JOIN call_tasks t ON t.mentor_id = mr.mentor_id AND t.task_date BETWEEN mr.lo AND mr.hi
  WHERE NOT EXISTS (SELECT 1 FROM ru WHERE ru.mentor_id = t.mentor_id AND ru.day = t.task_date)
),
-- Calls on those tasks, whoever made them: how many, and whether one reached her (per task
-- through call_attempts (task_id)).
ta AS (
  SELECT tk.id AS task_id, x.n, x.reached
  FROM tk
  CROSS JOIN LATERAL (
    SELECT count(*) AS n, bool_or(coalesce(fx.disposition, a.disposition) = 'REACHED') AS reached
    FROM call_attempts a
    LEFT JOIN LATERAL (${EFFECTIVE_FIX_SQL("a")}) fx ON true
    WHERE a.task_id = tk.id AND a.corrects_id IS NULL
  ) AS x
),
-- Calls they made on those days (index call_attempts (mentor_id, created_at)).
cl AS (
  SELECT a.mentor_id, (a.created_at AT TIME ZONE mr.tz)::date AS day, coalesce(fx.disposition, a.disposition)::text AS d
  FROM mr
  JOIN call_attempts a ON a.mentor_id = mr.mentor_id AND a.corrects_id IS NULL
    AND a.created_at >= (mr.lo::timestamp AT TIME ZONE mr.tz) AND a.created_at < ((mr.hi + 1)::timestamp AT TIME ZONE mr.tz)
  LEFT JOIN LATERAL (${EFFECTIVE_FIX_SQL("a")}) fx ON true
  WHERE NOT EXISTS (SELECT 1 FROM ru WHERE ru.mentor_id = a.mentor_id AND ru.day = (a.created_at AT TIME ZONE mr.tz)::date)
),
f AS (
  SELECT tk.mentor_id, tk.day, 1 AS due, (ta.n > 0)::int AS attempted, coalesce(ta.reached, false)::int AS reached,
         (tk.status = 'CARRIED_OVER')::int AS carried, (tk.status = 'ESCALATED')::int AS escalated, 0 AS calls, 0 AS opt_outs, 0 AS wrong_numbers,
         ${Prisma.raw(zeros)}
  FROM tk LEFT JOIN ta ON ta.task_id = tk.id
  WHERE ${DUE_TASK_SQL("tk", "ta.n")}
  UNION ALL
  SELECT cl.mentor_id, cl.day, 0, 0, 0, 0, 0, 1, (cl.d = 'OPTED_OUT')::int, (cl.d IN ('WRONG_NUMBER', 'NOT_IN_SERVICE'))::int, ${Prisma.raw(perCall)}
  FROM cl
  UNION ALL
  SELECT ru.mentor_id, ru.day, ru.due, ru.attempted, ru.reached, ru.carried_over, ru.escalated, ru.calls, ru.opt_outs, ru.wrong_numbers, ${Prisma.raw(fromRollup)}
  FROM ru WHERE (ru.due > 0 OR ru.calls > 0) AND NOT ${q.missingOnly ?? false}::boolean
)
SELECT (${Prisma.raw(grouping)}) AS g, ${Prisma.raw(keys)},
       sum(f.due)::int AS due, sum(f.attempted)::int AS attempted, sum(f.reached)::int AS reached,
       sum(f.carried)::int AS carried_over, sum(f.escalated)::int AS escalated, sum(f.calls)::int AS calls,
       sum(f.opt_outs)::int AS opt_outs, sum(f.wrong_numbers)::int AS wrong_numbers,
       ${Prisma.raw(sums)}
FROM f JOIN mm ON mm.mentor_id = f.mentor_id
GROUP BY GROUPING SETS (${Prisma.raw(sets.join(", "))})`;
}

/** The Mentor Mother x day rows of `sites`' periods the roll-up does not hold yet, computed from
 * the tasks and calls, with zeros for her days with nothing, and the time zone they were counted
 * in: what coverage_days keeps (lib/coverage/rollup.ts inserts them; it leaves out the days the
 * roll-up holds, which come out as zeros here). */
export function rollupRowsSql(sites: readonly SiteRange[]): Prisma.Sql {
  const cols = ["due", "attempted", "reached", "carried_over", "escalated", "calls", "opt_outs", "wrong_numbers", ...DISPOSITION_COLUMNS];
  return Prisma.sql`
WITH ${mentorsSql({ sites })},
c AS (${coverageSql({ sites, levels: ["mentorDay"], missingOnly: true })})
SELECT mm.mentor_id, g.day::date AS day, mm.tz, ${Prisma.raw(cols.map((x) => `coalesce(c.${x}, 0) AS ${x}`).join(", "))}
FROM mm CROSS JOIN LATERAL generate_series(mm.d_from::timestamp, mm.d_to::timestamp, interval '1 day') AS g(day)
LEFT JOIN c ON c.mentor_id = mm.mentor_id::text AND c.day = g.day::date::text`;
}

export const ROLLUP_COLUMNS = ["mentor_id", "day", "tz", "due", "attempted", "reached", "carried_over", "escalated", "calls", "opt_outs", "wrong_numbers", ...DISPOSITION_COLUMNS];

type RawRow = {
  g: number;
  mentor_id: string | null;
  site_id: string | null;
  country_id: string | null;
  day: string | null;
  due: number;
  attempted: number;
  reached: number;
  carried_over: number;
  escalated: number;
  calls: number;
  opt_outs: number;
  wrong_numbers: number;
} & Record<string, number | string | null>;

export function toCoverageRow(r: RawRow): CoverageRow {
  const figures = emptyFigures();
  figures.due = r.due;
  figures.attempted = r.attempted;
  figures.reached = r.reached;
  figures.carriedOver = r.carried_over;
  figures.escalated = r.escalated;
  figures.calls = r.calls;
  figures.optOuts = r.opt_outs;
  figures.wrongNumbers = r.wrong_numbers;
  for (const d of COVERAGE_DISPOSITIONS) figures.byDisposition[d] = Number(r[DISPOSITION_COLUMN(d)] ?? 0);
  const level = LEVEL_OF.get(Number(r.g));
  if (!level) throw new Error(`coverage: unexpected grouping ${r.g}`);
  return { level, mentorId: r.mentor_id, siteId: r.site_id, countryId: r.country_id, day: r.day, figures };
}

/** Session settings for the statement, in its transaction: no JIT (compiling it costs about 2 s on
 * a country's figures, more than running it), and room to sort and hash in memory. */
export const COVERAGE_SETTINGS = "SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)";

/**
 * Runs the statement. Levels with no figure at all give no row (a Mentor Mother with no task and no
 * call in the period is absent: the caller lists her with zeros). Scope is the caller's: pass only
 * sites the actor may see.
 */
export async function runCoverage(db: Pick<Tx, "$queryRaw">, q: CoverageQuery): Promise<CoverageRow[]> {
  if (q.sites.length === 0) return [];
  const rows = await db.$queryRaw<RawRow[]>(coverageSql(q));
  return rows.map(toCoverageRow);
}

/**
 * "Not reached in N days" for the clients row `c` (definitions.ts notReachedFor): `since` is the
 * SQL date today - N at her site, `tz` her site's time zone. Written so the comparison of
 * last_reached_at stays a plain range on the column.
 */
export function NOT_REACHED_SQL(c: string, since: Prisma.Sql, tz: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(${Prisma.raw(c)}.status = 'ACTIVE' AND ${Prisma.raw(c)}.mentor_id IS NOT NULL AND ${Prisma.raw(c)}.enrolment_date <= ${since}
    AND (${Prisma.raw(c)}.last_reached_at IS NULL OR ${Prisma.raw(c)}.last_reached_at < (${since})::timestamp AT TIME ZONE ${tz}))`;
}
