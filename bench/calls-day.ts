// The day of call lists that B3 (queue read) and B4 (recording outcomes) work on: the lists of the
// first few synthetic sites for one working day, made by the app's own generator (generateDay of
// lib/calls/generate.ts, committed), and Mentor Mothers signed in as the app signs them in (a
// user_sessions row, then loadActor of lib/auth/actor.ts). Everything is removed again afterwards
// (tasks, runs, attempts, audit rows, sessions; clients' last_reached_at put back) and the touched
// tables vacuumed, so the bench database is left as it was found (docs/bench.md) and B1 still finds
// no tasks around its day.
import type pg from "pg";
import type { PrismaClient } from "@/lib/prisma-client";
import type { Actor } from "@/lib/authz";
import { generateDay } from "@/lib/calls/generate";
import { loadActor } from "@/lib/auth/actor";
import { syntheticSiteCode } from "@/scripts/seed-synthetic";
import { b1Day } from "./b1-generate";
import { addDaysIso, isoWeekday } from "@/lib/calls/calendar";
import { formatMs, type BenchContext } from "./lib";

export type CallDay = {
  day: string;
  siteIds: string[];
  tasks: number;
  /** A signed-in Mentor Mother: her actor (from loadActor) and the session id it came from. */
  signIn: (userId: string) => Promise<Actor>;
};

/** Idempotency keys of the history's calls. */
const KEY = "b5-";

/** The 30 days of history: they end 8 days before B1's day. */
export function historyRange(anchor: string): { from: string; to: string } {
  const to = addDaysIso(b1Day(anchor), -8);
  return { from: addDaysIso(to, -29), to };
}

/**
 * The call history of a database in use (B5's 30 days, see b5-coverage.ts): filled once, when
 * missing, and kept. B5 reads it; B3, B4 and B4H run on top of it, because the tables a recorded
 * call reads (call_attempts, call_tasks) are never empty in a running programme: on empty tables
 * PostgreSQL plans the prepared statements with sequential scans, which then grow with every call
 * the benchmark records (decision 048).
 */
export async function ensureCallHistory(ctx: BenchContext): Promise<void> {
  const range = historyRange(ctx.plan.anchor);
  // Filled already (the synthetic data never hold tasks before B1's day otherwise).
  const present = await ctx.pool.query("SELECT 1 FROM call_tasks WHERE task_date BETWEEN $1::date AND $2::date LIMIT 1", [range.from, range.to]);
  if (present.rowCount) return;
  const started = performance.now();
  let tasks = 0;
  let calls = 0;
  for (let d = range.from; d <= range.to; d = addDaysIso(d, 1)) {
    if (isoWeekday(d) > 5) continue;
    // One statement a day: the tasks (about 1 client in 10) and their 1-3 calls, hour by hour from
    // 08:00 at the site. h: a per-client-and-day hash that decides everything.
    const { rows: [r] } = await ctx.pool.query<{ tasks: string; calls: string }>(`
      WITH pick AS (
        SELECT c.id AS client_id, c.mentor_id, s.time_zone AS tz, abs(hashtext(c.id::text || $1)) AS h
        FROM clients c JOIN sites s ON s.id = c.site_id
        WHERE c.status = 'ACTIVE' AND c.mentor_id IS NOT NULL AND abs(hashtext(c.id::text || $1)) % 10 = 0
      ),
      shaped AS (
        SELECT pick.*, x.n, CASE WHEN x.n < 3 THEN (h / 200) % 10 < 9 ELSE (h / 200) % 10 < 4 END AS reached
        FROM pick CROSS JOIN LATERAL (SELECT CASE WHEN (h / 10) % 20 < 12 THEN 1 WHEN (h / 10) % 20 < 17 THEN 2 ELSE 3 END AS n) AS x
      ),
      t AS (
        INSERT INTO call_tasks (client_id, mentor_id, task_date, reasons, priority, status, attempts, first_due_date, created_at, updated_at)
        SELECT client_id, mentor_id, $1::date, ARRAY['adherence'], 8,
               (CASE WHEN reached THEN 'DONE' WHEN n = 3 THEN 'ESCALATED' ELSE 'CARRIED_OVER' END)::"TaskStatus",
               n, $1::date, ($1::date + time '06:00') AT TIME ZONE tz, ($1::date + time '17:00') AT TIME ZONE tz
        FROM shaped
        RETURNING id, client_id, mentor_id, attempts, status
      ),
      a AS (
        INSERT INTO call_attempts (task_id, client_id, mentor_id, disposition, idempotency_key, created_at)
        SELECT t.id, t.client_id, t.mentor_id,
               (CASE WHEN k = t.attempts AND t.status = 'DONE' THEN 'REACHED' WHEN k % 2 = 0 THEN 'BUSY' ELSE 'NO_ANSWER' END)::"Disposition",
               '${KEY}' || t.id::text || '-' || k, ($1::date + time '08:00' + make_interval(hours => 2 * (k - 1))) AT TIME ZONE shaped.tz
        FROM t JOIN shaped ON shaped.client_id = t.client_id
        CROSS JOIN generate_series(1, t.attempts) AS k
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM t) AS tasks, (SELECT count(*) FROM a) AS calls`, [d]);
    tasks += Number(r?.tasks);
    calls += Number(r?.calls);
    ctx.log(`  B5 fill ${d}: ${r?.tasks} tasks, ${r?.calls} calls`);
  }
  await ctx.pool.query("VACUUM (ANALYZE) call_tasks");
  await ctx.pool.query("VACUUM (ANALYZE) call_attempts");
  ctx.log(`B5 fill: ${tasks} tasks, ${calls} calls over ${range.from}..${range.to} in ${formatMs(performance.now() - started)} (not counted)`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Runs `workers` loops at once, each taking the next index until `count` are done; returns each
 * call's latency in ms (sorted) and the wall time. */
export async function loadTest(workers: number, count: number, f: (i: number, worker: number) => Promise<void>): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const t = performance.now();
        await f(i, w);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const wallMs = performance.now() - t0;
  return { latencies: latencies.sort((a, b) => a - b), wallMs };
}

/** Superuser sessions may delete append-only rows with the triggers off (as the synthetic reset does). */
export async function withTriggersOff(pool: pg.Pool, f: (c: pg.PoolClient) => Promise<void>): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    await c.query("SET LOCAL session_replication_role = replica");
    await f(c);
    await c.query("COMMIT");
  } catch (err) {
    await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}

/** Removes everything a call day left behind. Safe to run when nothing is there. */
async function cleanup(ctx: BenchContext, day: string, siteIds: string[], sessionIds: string[], reached: Map<string, Date | null>, since: Date): Promise<void> {
  await withTriggersOff(ctx.pool, async (c) => {
    // The rows this run's recordings and generation wrote (audit_events is append-only too).
    await c.query(
      `DELETE FROM audit_events WHERE at >= $1
         AND (actor_id IN (SELECT user_id FROM user_sites WHERE site_id = ANY($2::uuid[]))
              OR (action = 'calls.generate' AND entity_id = ANY($2::text[])))`,
      [since, siteIds]);
    await c.query(
      `DELETE FROM call_attempts WHERE task_id IN (SELECT id FROM call_tasks WHERE task_date = $1::date
         AND client_id IN (SELECT id FROM clients WHERE site_id = ANY($2::uuid[])))`, [day, siteIds]);
    await c.query(`DELETE FROM call_tasks WHERE task_date = $1::date AND client_id IN (SELECT id FROM clients WHERE site_id = ANY($2::uuid[]))`, [day, siteIds]);
    await c.query(`DELETE FROM call_list_runs WHERE day = $1::date AND site_id = ANY($2::uuid[])`, [day, siteIds]);
    if (sessionIds.length) await c.query(`DELETE FROM user_sessions WHERE id = ANY($1::uuid[])`, [sessionIds]);
    for (const [clientId, at] of reached) {
      await c.query(`UPDATE clients SET last_reached_at = $2 WHERE id = $1::uuid`, [clientId, at]);
    }
  });
  await ctx.pool.query("VACUUM call_tasks, call_attempts, call_list_runs, user_sessions, clients, audit_events");
}

/**
 * Generates the lists of the first `sites` synthetic sites for the bench day (the first working day
 * from the anchor, as B1), runs `f`, and removes it all again, even when `f` fails. `f` may note
 * clients whose last_reached_at it changed (by calling `willReach` before the change).
 */
export async function withCallDay<T>(
  ctx: BenchContext,
  sites: number,
  f: (d: CallDay & { willReach: (clientIds: string[]) => Promise<void> }) => Promise<T>,
): Promise<T> {
  const db: PrismaClient = await ctx.prisma();
  const day = b1Day(ctx.plan.anchor);
  const codes = Array.from({ length: Math.min(sites, ctx.plan.sites) }, (_, i) => syntheticSiteCode(i + 1));
  const { rows } = await ctx.pool.query<{ id: string }>("SELECT id FROM sites WHERE code = ANY($1::text[]) ORDER BY code", [codes]);
  const siteIds = rows.map((r) => r.id);
  const sessionIds: string[] = [];
  const reached = new Map<string, Date | null>();
  const since = new Date(Date.now() - 1000);
  // A run that died half-way may have left its day behind.
  await cleanup(ctx, day, siteIds, [], new Map(), new Date(0));
  await ensureCallHistory(ctx);
  try {
    const gen = await generateDay(db, { day, siteIds });
    // A database in use has statistics on its call_tasks; fresh rows in a table that was empty have none.
    await ctx.pool.query("ANALYZE call_tasks");
    ctx.log(`  generated ${gen.tasks} tasks on ${day} for ${siteIds.length} sites`);
    const signIn = async (userId: string): Promise<Actor> => {
      const u = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });
      const s = await db.userSession.create({ data: { userId, sessionVersion: u.sessionVersion } });
      sessionIds.push(s.id);
      const r = await loadActor(db, s.id);
      if (!r.actor) throw new Error(`session of ${userId} is ${r.state}`);
      return r.actor;
    };
    const willReach = async (clientIds: string[]) => {
      const todo = clientIds.filter((id) => !reached.has(id));
      if (!todo.length) return;
      const { rows: cs } = await ctx.pool.query<{ id: string; last_reached_at: Date | null }>(
        "SELECT id, last_reached_at FROM clients WHERE id = ANY($1::uuid[])", [todo]);
      for (const c of cs) reached.set(c.id, c.last_reached_at);
    };
    return await f({ day, siteIds, tasks: gen.tasks, signIn, willReach });
  } finally {
    await cleanup(ctx, day, siteIds, sessionIds, reached, since);
  }
}
