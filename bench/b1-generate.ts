// B1: one day's call lists for every site (performance.md): 1M clients, 10,000 Mentor Mothers.
//
// App: generateDay (lib/calls/generate.ts) for all sites on a fixed working day - its real code
// path: one transaction per country, advisory locks, the generation statement with the carry-over,
// the call_list_runs rows - with every transaction rolled back (dryRun), so the bench database is
// left as it was.
// Baseline: ONE hand-written INSERT ... SELECT producing the same rows - the reasons of
// lib/calls/rules.ts written as a UNION of reason rows merged per client, ranked per Mentor Mother
// and cut at capacity, over all sites at once, with the default settings the synthetic countries
// have written in as constants (the simplification performance.md allows) - also rolled back.
// Both run with the same session settings (STATEMENT_SETTINGS) and after a VACUUM of call_tasks,
// so neither pays for the other's dead rows. The two must agree on the number of tasks and on the
// count per reason, or the benchmark fails.
import type pg from "pg";
import { generateDay, STATEMENT_SETTINGS } from "@/lib/calls/generate";
import { REASON_KINDS, type ReasonKind } from "@/lib/calls/rules";
import { addDaysIso, isoWeekday } from "@/lib/calls/calendar";
import { countrySettingsSchema } from "@/lib/settings/schemas";
import { timed, type Benchmark } from "./lib";

/** The first Monday-to-Friday day from the anchor on (synthetic countries rest on Saturday and
 * Sunday; a public holiday there just means that country gets no list, in both paths). */
export function b1Day(anchor: string): string {
  let d = anchor;
  while (isoWeekday(d) > 5) d = addDaysIso(d, 1);
  return d;
}

// The default settings (countrySettingsSchema) as constants: months 3 (weekly adherence), 14/30
// days (intensive/stable), viral load 50/1000, EAC every 14 days, tests at 6 and 12 months then
// every 12, repeat after 3, overdue after 28 days, reminders 2 days before, infant tests at 6, 39
// and 78 weeks and 6 weeks after breastfeeding, weekends Saturday and Sunday.
export const BASELINE_SQL = `
INSERT INTO call_tasks (client_id, mentor_id, task_date, reasons, priority, first_due_date, updated_at)
WITH
cal AS (
  SELECT co.id AS country_id, g.day,
         max(g.day) FILTER (WHERE extract(isodow FROM g.day) < 6 AND h.date IS NULL)
           OVER (PARTITION BY co.id ORDER BY g.day) AS prev_working
  FROM countries co
  CROSS JOIN (SELECT d::date AS day FROM generate_series($1::date - 60, $1::date + 60, interval '1 day') AS d) AS g
  LEFT JOIN public_holidays h ON h.country_id = co.id AND h.date = g.day
),
cl AS (
  SELECT c.*, s.country_id, (c.last_reached_at AT TIME ZONE s.time_zone)::date AS lr
  FROM clients c JOIN sites s ON s.id = c.site_id AND s.active
  WHERE c.status = 'ACTIVE' AND c.consent_calls AND c.mentor_id IS NOT NULL
    AND EXISTS (SELECT 1 FROM client_phones p WHERE p.client_id = c.id AND p.status = 'OK')
    AND extract(isodow FROM $1::date) < 6
    AND NOT EXISTS (SELECT 1 FROM public_holidays h WHERE h.country_id = s.country_id AND h.date = $1::date)
),
r AS (
  SELECT id AS client_id, 'welcome' AS kind, 5 AS prio, enrolment_date AS start FROM cl
  WHERE enrolment_date <= $1::date AND (lr IS NULL OR lr < enrolment_date)
  UNION ALL
  SELECT id, 'adherence', CASE WHEN nw THEN 5 ELSE 8 END, st FROM (
    SELECT id, nw, coalesce(lr, enrolment_date) +
             CASE WHEN nw THEN 7 WHEN category = 'PREGNANT' OR breastfeeding OR last_vl_copies >= 50 THEN 14 ELSE 30 END AS st
    FROM (SELECT cl.*, $1::date < (art_start_date + interval '3 months')::date AS nw FROM cl WHERE art_start_date IS NOT NULL) AS x
  ) AS a WHERE st <= $1::date
  UNION ALL
  SELECT id, CASE WHEN last_vl_copies > 1000 THEN 'eac_high' ELSE 'eac_low' END, CASE WHEN last_vl_copies > 1000 THEN 2 ELSE 3 END, st
  FROM (
    SELECT id, last_vl_copies, CASE WHEN lr IS NULL OR lr < rr THEN rr ELSE lr + 14 END AS st
    FROM (SELECT cl.*, coalesce((SELECT v.result_date FROM viral_load_results v WHERE v.client_id = cl.id
                                 ORDER BY v.sample_date DESC, v.result_date DESC LIMIT 1), last_vl_date) AS rr
          FROM cl WHERE last_vl_copies >= 50 OFFSET 0) AS x
    WHERE rr IS NOT NULL
  ) AS e WHERE st <= $1::date
  UNION ALL
  SELECT id, 'vl_due', 8, t - 7 FROM (
    SELECT id, lr, last_vl_date, CASE
      WHEN last_vl_copies >= 50 THEN (last_vl_date + interval '3 months')::date
      WHEN last_vl_date IS NULL OR last_vl_date < (art_start_date + interval '6 months')::date - 30 THEN (art_start_date + interval '6 months')::date
      WHEN last_vl_date < (art_start_date + interval '12 months')::date - 30 THEN (art_start_date + interval '12 months')::date
      ELSE (last_vl_date + interval '12 months')::date END AS t
    FROM cl WHERE art_start_date IS NOT NULL
  ) AS v
  WHERE t - 7 <= $1::date AND $1::date <= t + 28 AND (lr IS NULL OR lr < t - 7) AND (last_vl_date IS NULL OR last_vl_date < t - 30)
  UNION ALL
  SELECT cl.id, 'appointment', 4, cal.prev_working
  FROM appointments a JOIN cl ON cl.id = a.client_id
  JOIN cal ON cal.country_id = cl.country_id AND cal.day = a.date - 2
  WHERE a.status = 'SCHEDULED' AND a.date > $1::date AND a.date <= $1::date + 30
    AND cal.prev_working <= $1::date AND (cl.lr IS NULL OR cl.lr < cal.prev_working)
  UNION ALL
  SELECT cl.id, 'missed', 1, a.date + 1
  FROM appointments a JOIN cl ON cl.id = a.client_id
  WHERE a.date < $1::date AND (a.status = 'MISSED' OR (a.status = 'SCHEDULED' AND a.date < $1::date - 1))
    AND (cl.lr IS NULL OR cl.lr < a.date + 1)
    AND NOT EXISTS (SELECT 1 FROM appointments b WHERE b.client_id = a.client_id AND b.status = 'ATTENDED' AND b.date > a.date)
  UNION ALL
  SELECT cl.id, 'infant_test', 6, it.t - 7
  FROM (
    SELECT i.client_id, i.date_of_birth + w * 7 AS t FROM unnest(ARRAY[6, 39, 78]) AS w
    JOIN infants i ON i.date_of_birth BETWEEN $1::date - 28 - w * 7 AND $1::date + 7 - w * 7
    UNION ALL
    SELECT cl.id, cl.breastfeeding_end_date + 42 FROM cl
    WHERE cl.breastfeeding_end_date BETWEEN $1::date - 70 AND $1::date - 35 AND EXISTS (SELECT 1 FROM infants i WHERE i.client_id = cl.id)
  ) AS it JOIN cl ON cl.id = it.client_id
  WHERE (cl.lr IS NULL OR cl.lr < it.t - 7)
    AND NOT EXISTS (SELECT 1 FROM appointments b WHERE b.client_id = it.client_id AND b.kind = 'INFANT_TEST'
                      AND b.status = 'ATTENDED' AND b.date >= it.t - 14)
  UNION ALL
  SELECT cl.id, 'callback', 7, (ca.callback_at AT TIME ZONE s.time_zone)::date
  FROM call_attempts ca JOIN cl ON cl.id = ca.client_id JOIN sites s ON s.id = cl.site_id
  WHERE ca.callback_at IS NOT NULL AND (ca.callback_at AT TIME ZONE s.time_zone)::date <= $1::date
    AND (cl.lr IS NULL OR cl.lr < (ca.callback_at AT TIME ZONE s.time_zone)::date)
),
k AS (SELECT client_id, kind, min(prio) AS prio, min(start) AS start FROM r GROUP BY client_id, kind),
m AS (
  SELECT client_id, array_agg(kind ORDER BY prio, kind COLLATE "C") AS reasons, min(prio) AS priority, min(start) AS first_due
  FROM k GROUP BY client_id
),
ranked AS (
  SELECT m.*, cl.mentor_id, mp.daily_capacity,
         row_number() OVER (PARTITION BY cl.mentor_id ORDER BY m.priority, cl.lr NULLS FIRST, m.client_id) AS rn
  FROM m JOIN cl ON cl.id = m.client_id
  JOIN mentor_profiles mp ON mp.user_id = cl.mentor_id
  JOIN users u ON u.id = cl.mentor_id AND u.active
  WHERE extract(isodow FROM $1::date)::int = ANY(mp.working_days)
    AND NOT EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = cl.mentor_id AND $1::date BETWEEN l.start_date AND l.end_date)
)
SELECT client_id, mentor_id, $1::date, reasons, priority, first_due, now()
FROM ranked WHERE rn <= daily_capacity`;

type Counts = { tasks: number; kinds: Record<ReasonKind, number> };

async function countsOfDay(c: pg.ClientBase, day: string): Promise<Counts> {
  const { rows } = await c.query<{ kind: string; n: string }>(
    "SELECT k AS kind, count(*) AS n FROM call_tasks, unnest(reasons) AS k WHERE task_date = $1::date GROUP BY k", [day]);
  const { rows: [total] } = await c.query<{ n: string }>("SELECT count(*) AS n FROM call_tasks WHERE task_date = $1::date", [day]);
  const kinds = Object.fromEntries(REASON_KINDS.map((k) => [k, 0])) as Record<ReasonKind, number>;
  for (const r of rows) kinds[r.kind as ReasonKind] = Number(r.n);
  return { tasks: Number(total?.n ?? 0), kinds };
}

/** VACUUM call_tasks: a rolled-back run leaves its rows dead in the table and its indexes, which
 * the next run would wade through (and the bench database must be left as it was found). */
async function vacuumTasks(pool: pg.Pool): Promise<void> {
  await pool.query("VACUUM call_tasks");
}

export const B1: Benchmark = {
  id: "B1",
  name: "B1 generate call lists",
  target: "<= 1.5x, and under 10 s",
  async run(ctx) {
    const day = b1Day(ctx.plan.anchor);
    const defaults = JSON.stringify(countrySettingsSchema.parse({}));
    const { rows: countries } = await ctx.pool.query<{ settings: unknown }>("SELECT settings FROM countries");
    if (countries.some((c) => JSON.stringify(countrySettingsSchema.parse(c.settings ?? {})) !== defaults)) {
      throw new Error("the baseline assumes every country has the default settings");
    }
    const before = await ctx.pool.query<{ n: string }>("SELECT count(*) AS n FROM call_tasks WHERE task_date >= $1::date - 7", [day]);
    if (Number(before.rows[0]?.n) > 0) throw new Error(`call_tasks already holds tasks around ${day}: B1 needs a database without them`);

    const db = await ctx.prisma();
    await vacuumTasks(ctx.pool);
    ctx.log(`  B1 day ${day}: generateDay for every site, rolled back ...`);
    let appResult: Awaited<ReturnType<typeof generateDay>> | undefined;
    const app = await timed(async () => {
      appResult = await generateDay(db, { day, dryRun: true });
    });
    ctx.log(`  app: ${appResult!.tasks} tasks in ${(app / 1000).toFixed(2)} s (${appResult!.sites.length} sites)`);
    await vacuumTasks(ctx.pool);

    ctx.log("  baseline: one INSERT ... SELECT, rolled back ...");
    const c = await ctx.pool.connect();
    let base: Counts;
    let baseline: number;
    try {
      await c.query("BEGIN");
      await c.query(STATEMENT_SETTINGS);
      baseline = await timed(() => c.query(BASELINE_SQL, [day]));
      base = await countsOfDay(c, day); // not timed
      await c.query("ROLLBACK");
    } catch (err) {
      await c.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      c.release();
    }
    ctx.log(`  baseline: ${base.tasks} tasks in ${(baseline / 1000).toFixed(2)} s`);
    await vacuumTasks(ctx.pool);

    const a = appResult!;
    const differ = REASON_KINDS.filter((k) => a.created[k] !== base.kinds[k]);
    if (a.tasks !== base.tasks || differ.length) {
      throw new Error(`app and baseline differ: ${a.tasks} vs ${base.tasks} tasks` +
        (differ.length ? `; ${differ.map((k) => `${k} ${a.created[k]} vs ${base.kinds[k]}`).join(", ")}` : ""));
    }
    return { app, baseline };
  },
};
