// Claiming a task before calling (issue 5): two Mentor Mothers sharing a caseload during cover must
// never ring the same client at once. A claim is a row lock plus claimed_by_id/claimed_at; a claim
// older than CLAIM_TTL_MINUTES counts as abandoned (a closed browser, a dead phone) and may be taken.
import { z } from "zod";
import { command, type Tx } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { conflict, notFound } from "@/lib/errors";
import { dateOnly, localDate } from "@/lib/dates";
import { hasSafePhoneNowSql } from "@/lib/calls/queue-sql";
import { minuteOfDay } from "@/lib/calls/queue-rules";

export const CLAIM_TTL_MINUTES = 15;

export type ClaimResult = { taskId: string; version: number } | null;

/** Her site-local today and the minute after local midnight now. */
async function siteToday(tx: Tx, actor: Actor, now: Date): Promise<{ day: string; minute: number } | null> {
  const site = await tx.site.findFirst({ where: { id: { in: actor.siteIds } }, select: { timeZone: true }, orderBy: { id: "asc" } });
  return site ? { day: localDate(site.timeZone, now), minute: minuteOfDay(site.timeZone, now) } : null;
}

function abandonedBefore(now: Date): Date {
  return new Date(now.getTime() - CLAIM_TTL_MINUTES * 60_000);
}

async function markClaimed(tx: Tx, actor: Actor, task: { id: string; version: number }, now: Date): Promise<{ taskId: string; version: number }> {
  const { count } = await tx.callTask.updateMany({
    where: { id: task.id, version: task.version },
    data: { status: "CLAIMED", claimedById: actor.userId, claimedAt: now, version: { increment: 1 } },
  });
  if (count === 0) throw conflict();
  return { taskId: task.id, version: task.version + 1 };
}

/** Her next task for her site-local today, in queue order (lib/calls/queue.ts): her own live claim
 * first (a reload after a dropped connection gets the same task back), then open tasks whose retry
 * time has come and that have a working phone inside its safe hours now. Tasks a colleague is
 * claiming right now are skipped, not waited for. null = nothing to call now. */
export const claimNextTaskCommand = command({
  name: "calls.claimNext",
  permission: "queue.work",
  schema: z.object({}).strict(),
  run: async ({ tx, actor }) => {
    const now = new Date();
    const today = await siteToday(tx, actor, now);
    if (!today) return { data: null as ClaimResult, audit: [] };
    const rows = await tx.$queryRaw<{ id: string; version: number }[]>`
      SELECT t.id, t.version
      FROM call_tasks t
      JOIN clients c ON c.id = t.client_id
      WHERE t.mentor_id = ${actor.userId}::uuid
        AND t.task_date = ${dateOnly(today.day)}::date
        AND (t.status IN ('PENDING', 'RETRY_LATER')
             OR (t.status = 'CLAIMED' AND (t.claimed_by_id = ${actor.userId}::uuid OR t.claimed_at IS NULL OR t.claimed_at < ${abandonedBefore(now)})))
        AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= ${now})
        AND ${hasSafePhoneNowSql(today.minute)}
      ORDER BY (t.claimed_by_id IS NOT DISTINCT FROM ${actor.userId}::uuid AND t.status = 'CLAIMED') DESC,
               t.priority ASC, c.last_reached_at ASC NULLS FIRST, c.id ASC
      LIMIT 1
      FOR UPDATE OF t SKIP LOCKED`;
    const task = rows[0];
    if (!task) return { data: null as ClaimResult, audit: [] };
    const data: ClaimResult = await markClaimed(tx, actor, task, now);
    return { data, audit: { action: "call.claimed", entityType: "call_task", entityId: task.id, meta: { next: true } } };
  },
});

/** One chosen task. Hers, or - for cover - a task of a Mentor Mother of her site who is on leave
 * today. A live claim by someone else answers CONFLICT. */
export const claimTaskCommand = command({
  name: "calls.claim",
  permission: "queue.work",
  schema: z.object({ taskId: z.uuid() }),
  run: async ({ tx, actor, input }) => {
    const now = new Date();
    const rows = await tx.$queryRaw<
      { id: string; version: number; status: string; mentor_id: string; claimed_by_id: string | null; claimed_at: Date | null; site_id: string; time_zone: string }[]
    >`
      SELECT t.id, t.version, t.status::text AS status, t.mentor_id, t.claimed_by_id, t.claimed_at, c.site_id, s.time_zone
      FROM call_tasks t
      JOIN clients c ON c.id = t.client_id
      JOIN sites s ON s.id = c.site_id
      WHERE t.id = ${input.taskId}::uuid
      FOR UPDATE OF t`;
    const task = rows[0];
    if (!task) throw notFound();
    if (task.mentor_id !== actor.userId) {
      const today = localDate(task.time_zone, now);
      const covering =
        actor.siteIds.includes(task.site_id) &&
        (await tx.userSite.count({ where: { userId: task.mentor_id, siteId: task.site_id } })) > 0 &&
        (await tx.mentorLeave.count({
          where: { userId: task.mentor_id, startDate: { lte: dateOnly(today) }, endDate: { gte: dateOnly(today) } },
        })) > 0;
      if (!covering) throw notFound();
    }
    if (!["PENDING", "RETRY_LATER", "CLAIMED"].includes(task.status)) throw conflict();
    if (task.status === "CLAIMED" && task.claimed_by_id && task.claimed_at && task.claimed_at >= abandonedBefore(now)) {
      if (task.claimed_by_id === actor.userId) return { data: { taskId: task.id, version: task.version } as ClaimResult, audit: [] };
      throw conflict();
    }
    const data: ClaimResult = await markClaimed(tx, actor, task, now);
    return { data, audit: { action: "call.claimed", entityType: "call_task", entityId: task.id, meta: { next: false } } };
  },
});
