// The client-level call figures of lib/reports/call-rules.ts (which holds the definitions) as one
// statement over the clients in scope: due and reached per client from her tasks of the period (the
// coverage definitions' SQL fragments, lib/coverage/sql.ts), per missed appointment the first call
// and first reached call after its date (index call_attempts (client_id, created_at)), the tracing
// outcomes and the opt-outs - each summed over the whole scope, medians by percentile_cont.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";
import { preparedQuery } from "@/lib/prisma-client";
import { DUE_TASK_SQL, EFFECTIVE_FIX_SQL } from "@/lib/coverage/sql";
import { scopedClientsSql } from "@/lib/reports/enrolment-sql";
import { emptyCallClientFigures, TRACING_OUTCOMES, type CallClientFigures } from "@/lib/reports/call-rules";
import type { Period } from "@/lib/reports/enrolment-rules";

export type CallQuery = { period: Period; countryId: string | null; siteId: string | null };

export function callClientSql(actor: Actor, q: CallQuery): Prisma.Sql {
  const [F, T] = [Prisma.sql`${q.period.from}::date`, Prisma.sql`${q.period.to}::date`];
  const effective = Prisma.sql`coalesce(fx.disposition, a.disposition)`;
  // The first call (or reached call) to her on a site-local day after the missed appointment's date.
  const first = (reachedOnly: boolean) => Prisma.sql`(
    SELECT min((a.created_at AT TIME ZONE m.tz)::date) FROM call_attempts a
    ${reachedOnly ? Prisma.sql`LEFT JOIN LATERAL (${EFFECTIVE_FIX_SQL("a")}) fx ON true` : Prisma.empty}
    WHERE a.client_id = m.client_id AND a.corrects_id IS NULL AND a.created_at >= ((m.date + 1)::timestamp AT TIME ZONE m.tz)
    ${reachedOnly ? Prisma.sql`AND ${effective} = 'REACHED'` : Prisma.empty})`;
  return Prisma.sql`
    WITH sc AS MATERIALIZED (
      SELECT c.id, c.status, c.status_date, s.time_zone AS tz ${scopedClientsSql(actor, q)}
    ),
    task AS (
      SELECT t.client_id, t.status, count(a.id) AS n, coalesce(bool_or(${effective} = 'REACHED'), false) AS reached
      FROM call_tasks t JOIN sc ON sc.id = t.client_id
      LEFT JOIN call_attempts a ON a.task_id = t.id AND a.corrects_id IS NULL
      LEFT JOIN LATERAL (${EFFECTIVE_FIX_SQL("a")}) fx ON true
      WHERE t.task_date BETWEEN ${F} AND ${T}
      GROUP BY t.id
    ),
    due AS (
      SELECT client_id, bool_or(reached) AS reached FROM task WHERE ${DUE_TASK_SQL("task", "task.n")} GROUP BY client_id
    ),
    missed AS (
      SELECT ap.client_id, ap.date, sc.tz FROM appointments ap JOIN sc ON sc.id = ap.client_id
      WHERE ap.status = 'MISSED' AND ap.date BETWEEN ${F} AND ${T}
    ),
    delay AS (
      SELECT ${first(false)} - m.date AS to_attempt, ${first(true)} - m.date AS to_reach FROM missed m
    )
    SELECT
      (SELECT count(*)::int FROM due) AS clients_due,
      (SELECT count(*) FILTER (WHERE reached)::int FROM due) AS clients_reached,
      (SELECT count(*)::int FROM delay) AS missed,
      (SELECT count(to_attempt)::int FROM delay) AS attempted,
      (SELECT count(to_reach)::int FROM delay) AS reached,
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY to_attempt) FROM delay) AS median_attempt,
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY to_reach) FROM delay) AS median_reach,
      (SELECT json_object_agg(outcome, n) FROM (
         SELECT o.outcome, count(*)::int AS n FROM tracing_outcomes o JOIN sc ON sc.id = o.client_id
         WHERE (o.recorded_at AT TIME ZONE sc.tz)::date BETWEEN ${F} AND ${T} GROUP BY o.outcome) x) AS tracing,
      (SELECT count(*)::int FROM sc WHERE sc.status = 'OPTED_OUT' AND sc.status_date BETWEEN ${F} AND ${T}) AS opted_out`;
}

type Row = {
  clients_due: number; clients_reached: number; missed: number; attempted: number; reached: number;
  median_attempt: number | null; median_reach: number | null; tracing: Record<string, number> | null; opted_out: number;
};

export async function callClientFiguresSql(db: object, actor: Actor, q: CallQuery): Promise<CallClientFigures> {
  const [r] = await preparedQuery<Row>(db, "reports.call_clients", callClientSql(actor, q));
  const out = emptyCallClientFigures();
  if (!r) return out;
  Object.assign(out, {
    clientsDue: r.clients_due, clientsReached: r.clients_reached, missed: r.missed,
    attemptedAfterMissed: r.attempted, reachedAfterMissed: r.reached, optedOut: r.opted_out,
    medianDaysToAttempt: r.median_attempt === null ? null : Number(r.median_attempt),
    medianDaysToReach: r.median_reach === null ? null : Number(r.median_reach),
  });
  for (const o of TRACING_OUTCOMES) out.tracing[o] = Number(r.tracing?.[o] ?? 0);
  return out;
}
