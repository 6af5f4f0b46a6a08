// The weekly draw of back-check calls (issue 11): the SQL twin of drawSample (lib/back-checks/rules.ts),
// one statement for any number of sites and weeks, and the scheduled tick that runs it once per
// site and week (back_check_draws). Drawing is idempotent: a second run of the same site and week
// adds nothing (the week is full), and never removes or reorders what was drawn.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/action";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { readCountrySettings } from "@/lib/settings/schemas";
import { EFFECTIVE_FIX_SQL } from "@/lib/coverage/sql";
import { weekToDraw } from "@/lib/back-checks/rules";

/** One site's week to draw (week = its Monday, site-local) and the country's count per Mentor Mother. */
export type DrawRequest = { siteId: string; week: string; perWeek: number };

/**
 * Draws the back-checks of these sites' weeks in `tx`: per Mentor Mother of the site and week, her
 * reached calls (effective disposition, original rows) of the week in the site's local days whose
 * client is still active, not drawn yet, ordered by md5(week:call id), as many as the week lacks.
 * Returns how many rows it added per site. Serialised (one draw at a time) so two ticks cannot
 * over-fill a week.
 */
export async function drawBackChecks(tx: Pick<Tx, "$queryRaw" | "$executeRaw">, requests: readonly DrawRequest[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const list = requests.filter((r) => r.perWeek > 0);
  if (list.length === 0) return out;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('back-checks:draw'))`;
  const rows = await tx.$queryRaw<{ site_id: string; n: number }[]>`
    WITH rng AS (
      SELECT * FROM unnest(${list.map((r) => r.siteId)}::uuid[], ${list.map((r) => r.week)}::date[], ${list.map((r) => r.perWeek)}::int[])
        AS r(site_id, week, per_week)
    ),
    mm AS (
      SELECT DISTINCT ON (us.user_id, r.week) us.user_id AS mentor_id, r.site_id, r.week, r.per_week, s.time_zone AS tz
      FROM rng r
      JOIN user_sites us ON us.site_id = r.site_id
      JOIN users u ON u.id = us.user_id AND u.role = 'MENTOR_MOTHER'
      JOIN sites s ON s.id = r.site_id
      ORDER BY us.user_id, r.week, r.site_id
    ),
    cand AS (
      SELECT a.id AS attempt_id, a.client_id, a.mentor_id, a.phone_id, mm.site_id, mm.week, mm.per_week,
             (a.created_at AT TIME ZONE mm.tz)::date AS call_day,
             row_number() OVER (PARTITION BY a.mentor_id, mm.week ORDER BY md5(mm.week::text || ':' || a.id::text), a.id) AS k
      FROM mm
      JOIN call_attempts a ON a.mentor_id = mm.mentor_id AND a.corrects_id IS NULL
        AND a.created_at >= (mm.week::timestamp AT TIME ZONE mm.tz) AND a.created_at < ((mm.week + 7)::timestamp AT TIME ZONE mm.tz)
      JOIN clients c ON c.id = a.client_id AND c.status = 'ACTIVE'
      LEFT JOIN LATERAL (${EFFECTIVE_FIX_SQL("a")}) fx ON true
      WHERE coalesce(fx.disposition, a.disposition) = 'REACHED'
        AND NOT EXISTS (SELECT 1 FROM back_checks b WHERE b.attempt_id = a.id)
    ),
    have AS (
      SELECT b.mentor_id, b.week, count(*)::int AS n FROM back_checks b
      WHERE b.week = ANY(${list.map((r) => r.week)}::date[]) GROUP BY b.mentor_id, b.week
    ),
    ins AS (
      INSERT INTO back_checks (attempt_id, client_id, mentor_id, phone_id, week, call_day)
      SELECT cand.attempt_id, cand.client_id, cand.mentor_id, cand.phone_id, cand.week, cand.call_day
      FROM cand LEFT JOIN have h ON h.mentor_id = cand.mentor_id AND h.week = cand.week
      WHERE cand.k <= cand.per_week - coalesce(h.n, 0)
      ON CONFLICT (attempt_id) DO NOTHING
      RETURNING attempt_id
    )
    SELECT cand.site_id::text, count(*)::int AS n FROM ins JOIN cand ON cand.attempt_id = ins.attempt_id GROUP BY cand.site_id`;
  for (const r of rows) out.set(r.site_id, r.n);
  await tx.$executeRaw`
    INSERT INTO back_check_draws (site_id, week, drawn)
    SELECT * FROM unnest(${list.map((r) => r.siteId)}::uuid[], ${list.map((r) => r.week)}::date[], ${list.map((r) => out.get(r.siteId) ?? 0)}::int[])
    ON CONFLICT (site_id, week) DO UPDATE SET drawn = back_check_draws.drawn + EXCLUDED.drawn, drawn_at = now()`;
  return out;
}

/** The scheduled tick (scripts/worker.ts, with the call lists): every active site whose last full
 * week has not been drawn yet is drawn now. Returns the sites drawn. */
export async function runScheduledBackChecks(db: PrismaClient, now: Date, opts: { siteIds?: string[] } = {}): Promise<DrawRequest[]> {
  const sites = await db.site.findMany({
    where: { active: true, ...(opts.siteIds ? { id: { in: opts.siteIds } } : {}) },
    select: { id: true, timeZone: true, country: { select: { settings: true } } },
  });
  const wanted = sites.map((s) => ({ siteId: s.id, week: weekToDraw(localDay(s.timeZone, now)), perWeek: readCountrySettings(s.country.settings).backChecksPerWeek }));
  if (wanted.length === 0) return [];
  const done = await db.backCheckDraw.findMany({
    where: { OR: wanted.map((w) => ({ siteId: w.siteId, week: dateOnly(w.week) })) },
    select: { siteId: true },
  });
  const doneIds = new Set(done.map((d) => d.siteId));
  const todo = wanted.filter((w) => !doneIds.has(w.siteId));
  if (todo.length === 0) return [];
  await db.$transaction((tx) => drawBackChecks(tx, todo), { timeout: 120_000 });
  return todo;
}
