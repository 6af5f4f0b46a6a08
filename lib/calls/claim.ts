// Claiming a task as she starts the call: two Mentor Mothers sharing a caseload during cover must
// never ring the same client at once. A claim is made on a POST only - "Next call", or tapping one
// of the client's numbers on the call screen - never by opening a page (architecture.md,
// convention 15). The tapped number is kept on the claim: the outcome is recorded against it.
// The state change itself belongs to the task owner (lib/calls/tasks.ts).
import { z } from "zod";
import { command, type Tx } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { conflict, fieldError, notFound } from "@/lib/errors";
import { siteClock } from "@/lib/site-clock";
import { taskScopeSql } from "@/lib/scope-sql";
import { hasSafePhoneNowSql } from "@/lib/calls/queue-sql";
import { isOpenTask, type TaskStatus } from "@/lib/calls/task-status";
import { abandonedBefore, claimTask, setDialledPhone } from "@/lib/calls/tasks";

export type ClaimResult = { taskId: string; version: number } | null;

/** Her site-local today and minute at `now` (her first site, as the generator). */
export async function actorClock(tx: Pick<Tx, "site">, actor: Actor, now: Date): Promise<{ day: string; minute: number } | null> {
  const site = await tx.site.findFirst({ where: { id: { in: actor.siteIds } }, select: { timeZone: true }, orderBy: { id: "asc" } });
  return site ? siteClock(site.timeZone, now) : null;
}

/** Her next task for her site-local today, in queue order (lib/calls/queue.ts): her own live claim
 * first (a reload after a dropped connection gets the same task back), then open tasks whose retry
 * time has come and that have a working phone inside its safe hours now. Tasks a colleague is
 * claiming right now are skipped, not waited for. null = nothing to call now. */
export const claimNextTaskCommand = command({
  name: "calls.claimNext",
  permission: "queue.work",
  schema: z.object({}).strict(),
  run: async ({ tx, actor, now }) => {
    const today = await actorClock(tx, actor, now);
    if (!today) return { data: null as ClaimResult, audit: [] };
    const rows = await tx.$queryRaw<{ id: string; version: number }[]>`
      SELECT t.id, t.version
      FROM call_tasks t
      JOIN clients c ON c.id = t.client_id
      WHERE t.mentor_id = ${actor.userId}::uuid
        AND ${taskScopeSql(actor, today.day)}
        AND t.task_date = ${today.day}::date
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
    const data: ClaimResult = await claimTask(tx, task, actor.userId, now);
    return { data, audit: { action: "call.claimed", entityType: "call_task", entityId: task.id, meta: { next: true } } };
  },
});

type LockedTask = { id: string; version: number; status: TaskStatus; client_id: string; claimed_by_id: string | null; claimed_at: Date | null };

/** One chosen task, as she taps one of the client's numbers (`phoneId`). Hers, or a task she covers
 * today (lib/authz.ts taskScope). A live claim by someone else answers CONFLICT; her own live claim
 * just takes the newly tapped number. */
export const claimTaskCommand = command({
  name: "calls.claim",
  permission: "queue.work",
  schema: z.object({ taskId: z.uuid(), phoneId: z.uuid().optional() }).strict(),
  run: async ({ tx, actor, input, now }) => {
    const today = await actorClock(tx, actor, now);
    const rows = await tx.$queryRaw<LockedTask[]>`
      SELECT t.id, t.version, t.status::text AS status, t.client_id, t.claimed_by_id, t.claimed_at
      FROM call_tasks t
      JOIN clients c ON c.id = t.client_id
      WHERE t.id = ${input.taskId}::uuid AND ${taskScopeSql(actor, today?.day ?? null)}
      FOR UPDATE OF t`;
    const task = rows[0];
    if (!task) throw notFound();
    if (!isOpenTask(task.status)) throw conflict();
    let phoneId: string | null = null;
    if (input.phoneId) {
      const phone = await tx.clientPhone.findFirst({ where: { id: input.phoneId, clientId: task.client_id, status: "OK" }, select: { id: true } });
      if (!phone) throw fieldError("phoneId", "invalidValue");
      phoneId = phone.id;
    }
    const live = task.status === "CLAIMED" && task.claimed_by_id !== null && task.claimed_at !== null && task.claimed_at >= abandonedBefore(now);
    if (live && task.claimed_by_id !== actor.userId) throw conflict();
    if (live) {
      if (phoneId) await setDialledPhone(tx, task.id, phoneId);
      return { data: { taskId: task.id, version: task.version } as ClaimResult, audit: [] };
    }
    const data: ClaimResult = await claimTask(tx, task, actor.userId, now, phoneId);
    return {
      data,
      audit: { action: "call.claimed", entityType: "call_task", entityId: task.id, meta: { next: false, ...(phoneId ? { phoneId } : {}) } },
    };
  },
});

