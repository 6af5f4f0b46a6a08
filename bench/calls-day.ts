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
import type { BenchContext } from "./lib";

export type CallDay = {
  day: string;
  siteIds: string[];
  tasks: number;
  /** A signed-in Mentor Mother: her actor (from loadActor) and the session id it came from. */
  signIn: (userId: string) => Promise<Actor>;
};

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
