// The one owner of a call task's life (architecture.md, convention 12): every change of a task's
// status, holder or claim goes through a function here. Screens, commands and jobs call them;
// nobody else writes those columns. Set-based statements that create or carry over tasks in bulk
// (lib/calls/generate.ts) use the SQL forms exported here.
//
//   create ........ generation (generate.ts, INSERT ... SELECT), PENDING
//   claim ......... PENDING | RETRY_LATER | CLAIMED (abandoned) -> CLAIMED, on a POST (Next call, a tapped number)
//   finish ........ open -> DONE | RETRY_LATER | ESCALATED | CANCELLED, after a recorded call (state-machine.ts decides)
//   carry over .... open (earlier day) -> CARRIED_OVER, by generation; CANCELLED when no reason is left
//   cancel ........ open -> CANCELLED (opt-out, exit, a Mentor Mother leaving with nobody to cover)
//   move .......... open tasks change holder with their client (reassignment) or for a day (leave cover)
//   withdraw ...... untouched open tasks of a day -> CARRIED_OVER, before that day is generated again
//   escalate ...... finish -> ESCALATED opens one escalation per client and cause (openEscalation)
//   send back ..... an escalation resolved by a fresh task with a new attempt budget (createFreshTask)
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/action";
import { conflict } from "@/lib/errors";
import { runSql, type SqlConnection } from "@/lib/sql";
import { recordAttempt as recordAttemptStatement, type Disposition } from "@/lib/calls/tasks.queries";
import { OPEN_STATUSES_SQL, OPEN_TASK_STATUSES, type TaskStatus } from "@/lib/calls/task-status";
import type { EscalationCause } from "@/lib/escalations/rules";

/** A claim older than this counts as abandoned (a closed browser, a dead phone) and may be taken. */
export const CLAIM_TTL_MINUTES = 15;

export function abandonedBefore(now: Date): Date {
  return new Date(now.getTime() - CLAIM_TTL_MINUTES * 60_000);
}

const OPEN = [...OPEN_TASK_STATUSES];

/** The task (at the version read under its row lock) is now claimed by `userId`, with the number
 * she is about to dial (null = not chosen yet). */
export async function claimTask(
  tx: Tx,
  task: { id: string; version: number },
  userId: string,
  now: Date,
  phoneId: string | null = null,
): Promise<{ taskId: string; version: number }> {
  const { count } = await tx.callTask.updateMany({
    where: { id: task.id, version: task.version, status: { in: OPEN } },
    data: { status: "CLAIMED", claimedById: userId, claimedAt: now, claimedPhoneId: phoneId, version: { increment: 1 } },
  });
  if (count === 0) throw conflict();
  return { taskId: task.id, version: task.version + 1 };
}

/** Her claim stays; only the number she is about to dial changes (a second number tapped). */
export async function setDialledPhone(tx: Tx, taskId: string, phoneId: string | null): Promise<void> {
  await tx.callTask.updateMany({ where: { id: taskId, status: "CLAIMED" }, data: { claimedPhoneId: phoneId } });
}

/** What an escalated task opens: one escalation for the client and cause (lib/escalations). */
export type EscalationOpening = { clientId: string; cause: EscalationCause; reasons: readonly string[]; day: string; now: Date };

/** The call row that finishes an attempt (lib/calls/record.ts builds it; rows are append-only). */
export type AttemptRow = {
  mentorId: string;
  phoneId: string | null;
  disposition: Disposition;
  /** JSON text of what was learned. */
  details: string;
  callbackAt: Date | null;
  key: string;
  correctsId: string | null;
  /** Set the client's last_reached_at / flag the number called (the raw path; the Prisma path does
   * these itself, after the correction's own phone fix). */
  reached: boolean;
  flagPhone: "WRONG_NUMBER" | "NOT_IN_SERVICE" | null;
};

/** After a recorded call: the call row (`ON CONFLICT (idempotency_key) DO NOTHING`) and, when it
 * went in, the state the retry/escalation rules chose (lib/calls/state-machine.ts). The claim ends
 * with the call. A task that escalates opens the escalation `escalation` describes; a task that no
 * longer is escalated (its call was corrected) closes the one it opened. One statement (lib/calls/
 * tasks.sql RecordAttempt: one round trip on the raw path, decision 047), the same on the Prisma
 * path (through prismaSql) and on the raw path. `attemptId` null: the key was taken by another
 * submission (nothing was written); a task whose version moved answers CONFLICT. */
export async function recordAttemptSql(
  sql: SqlConnection,
  task: { id: string; version: number },
  attempt: AttemptRow,
  next: { status: TaskStatus; attempts: number; nextAttemptAt: Date | null },
  escalation: EscalationOpening,
): Promise<{ attemptId: string | null; escalationOpened: string | null }> {
  const rows = await runSql(
    recordAttemptStatement,
    {
      taskId: task.id, version: task.version, clientId: escalation.clientId, mentorId: attempt.mentorId, phoneId: attempt.phoneId,
      disposition: attempt.disposition, details: attempt.details, callbackAt: attempt.callbackAt, key: attempt.key,
      correctsId: attempt.correctsId, now: escalation.now, reached: attempt.reached, flagPhone: attempt.flagPhone,
      status: next.status, attempts: next.attempts, nextAttemptAt: next.nextAttemptAt,
      cause: escalation.cause, reasons: [...escalation.reasons], day: escalation.day,
    },
    sql,
  );
  const row = rows[0];
  if (!row) return { attemptId: null, escalationOpened: null };
  if (!row.task_id) throw conflict();
  return { attemptId: row.id, escalationOpened: row.escalation_id ?? null };
}

/**
 * An escalation sent back to a Mentor Mother: a fresh task (attempts 0, a new attempt budget: the
 * retry rules count the attempts of a task and of the carried-over tasks it descends from, and an
 * escalated task ends that chain) for the client on `day`, held by `mentorId`, with the reasons the
 * escalated task had. The caller picks a day the client has no task on.
 */
export async function createFreshTask(
  tx: Tx,
  t: { clientId: string; mentorId: string; day: string; reasons: readonly string[]; priority: number },
): Promise<string> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO call_tasks (client_id, mentor_id, task_date, reasons, priority, first_due_date, updated_at)
    VALUES (${t.clientId}::uuid, ${t.mentorId}::uuid, ${t.day}::date, ${[...t.reasons]}::text[], ${t.priority}, ${t.day}::date, now())
    ON CONFLICT (client_id, task_date) DO NOTHING
    RETURNING id::text AS id`;
  if (!rows[0]) throw conflict();
  return rows[0].id;
}

/**
 * Open tasks of these clients from `fromDay` on (site-local) are cancelled: an opt-out or an exit
 * is honoured at once. `mentorId` limits it to the tasks she holds; `exceptTaskId` spares the task
 * being finished by the same call. Earlier days stay as the record of what was due.
 */
export async function cancelOpenTasks(
  tx: Tx,
  opts: { clientIds: string[]; fromDay: string; mentorId?: string; exceptTaskId?: string },
): Promise<number> {
  if (opts.clientIds.length === 0) return 0;
  return tx.$executeRaw`
    UPDATE call_tasks
    SET status = 'CANCELLED', claimed_by_id = NULL, claimed_at = NULL, claimed_phone_id = NULL, version = version + 1, updated_at = now()
    WHERE client_id = ANY(${opts.clientIds}::uuid[]) AND task_date >= ${opts.fromDay}::date
      AND status::text = ANY(${OPEN}::text[])
      AND (${opts.mentorId ?? null}::uuid IS NULL OR mentor_id = ${opts.mentorId ?? null}::uuid)
      AND (${opts.exceptTaskId ?? null}::uuid IS NULL OR id <> ${opts.exceptTaskId ?? null}::uuid)`;
}

/** These tasks are cancelled (nobody can take them). */
export async function cancelTasks(tx: Tx, taskIds: string[]): Promise<number> {
  if (taskIds.length === 0) return 0;
  return tx.$executeRaw`
    UPDATE call_tasks
    SET status = 'CANCELLED', claimed_by_id = NULL, claimed_at = NULL, claimed_phone_id = NULL, version = version + 1, updated_at = now()
    WHERE id = ANY(${taskIds}::uuid[]) AND status::text = ANY(${OPEN}::text[])`;
}

/**
 * A fact recorded today took away the reasons of a call (the facility recorded the visit she was
 * to be asked about): these clients' open tasks of `day`, worked on or not, are cancelled when none
 * of their reasons is still due (`stillDue`: each client's due reasons, from the generation
 * statement). A task with a reason left stays as it is.
 */
export async function cancelTasksNoLongerDue(
  tx: Tx,
  opts: { day: string; clientIds: string[]; stillDue: ReadonlyMap<string, readonly string[]> },
): Promise<number> {
  if (opts.clientIds.length === 0) return 0;
  const clients = opts.clientIds;
  const reasons = clients.map((id) => (opts.stillDue.get(id) ?? []).join(","));
  return tx.$executeRaw`
    UPDATE call_tasks t
    SET status = 'CANCELLED', claimed_by_id = NULL, claimed_at = NULL, claimed_phone_id = NULL, version = t.version + 1, updated_at = now()
    FROM unnest(${clients}::uuid[], ${reasons}::text[]) AS d(client_id, reasons)
    WHERE t.client_id = d.client_id AND t.task_date = ${opts.day}::date AND t.status::text = ANY(${OPEN}::text[])
      AND NOT (t.reasons && string_to_array(d.reasons, ','))`;
}

/** A task `t` changing hands (SET clause): the new holder has not started it, so a claim ends and a
 * claimed task goes back to pending. */
function changeHolderSql(mentor: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`mentor_id = ${mentor},
    status = CASE WHEN t.status = 'CLAIMED' THEN 'PENDING'::"TaskStatus" ELSE t.status END,
    claimed_by_id = NULL, claimed_at = NULL, claimed_phone_id = NULL,
    version = t.version + 1, updated_at = now()`;
}

/**
 * The open tasks (from `fromDay` on) of clients that changed holder go with them: only the
 * tasks their previous holder had - a task a colleague covers during a leave stays with her. A
 * claimed task goes back to pending, since the new holder has not started it.
 */
export async function moveOpenTasks(
  tx: Tx,
  moves: { clientId: string; fromMentorId: string | null; toMentorId: string }[],
  fromDay: string,
): Promise<number> {
  const withHolder = moves.filter((m) => m.fromMentorId && m.fromMentorId !== m.toMentorId);
  if (withHolder.length === 0) return 0;
  return tx.$executeRaw`
    UPDATE call_tasks t
    SET ${changeHolderSql(Prisma.sql`m.t`)}
    FROM unnest(${withHolder.map((m) => m.clientId)}::uuid[], ${withHolder.map((m) => m.fromMentorId)}::uuid[],
                ${withHolder.map((m) => m.toMentorId)}::uuid[]) AS m(c, f, t)
    WHERE t.client_id = m.c AND t.mentor_id = m.f AND t.task_date >= ${fromDay}::date
      AND t.status::text = ANY(${OPEN}::text[])`;
}

/** Hands these open tasks to other Mentor Mothers for their day (leave cover); the clients stay
 * with their holder. A claimed task goes back to pending. */
export async function handOverTasks(tx: Tx, moves: { id: string; mentorId: string }[]): Promise<number> {
  if (moves.length === 0) return 0;
  return tx.$executeRaw`
    UPDATE call_tasks t
    SET ${changeHolderSql(Prisma.sql`m.mentor`)}
    FROM unnest(${moves.map((m) => m.id)}::uuid[], ${moves.map((m) => m.mentorId)}::uuid[]) AS m(id, mentor)
    WHERE t.id = m.id AND t.status::text = ANY(${OPEN}::text[])`;
}

/**
 * Before a day is generated again (a holiday, a working day, a leave or a setting changed after its
 * lists were made): the day's untouched tasks - pending, never attempted, never claimed - of these
 * sites are withdrawn (CARRIED_OVER on their own day). Generation then re-opens those still due
 * (UNTOUCHED_REOPEN_SQL) and ranks them again; the rest stay withdrawn, and their reasons come back
 * on the next working day as any carried-over task's do. Done and attempted tasks are never touched.
 */
export async function withdrawUntouchedTasks(tx: Tx, siteIds: string[], day: string): Promise<string[]> {
  if (siteIds.length === 0) return [];
  // Tasks handed to a colleague for a leave (held by someone else than the client's holder) stay
  // with her: the cover is decided by lib/assignment/engine.ts, not by generation. The version is
  // left alone here: a task generation re-opens unchanged keeps it (settleWithdrawn does the rest).
  const rows = await tx.$queryRaw<{ id: string }[]>`
    UPDATE call_tasks t
    SET status = 'CARRIED_OVER'
    FROM clients c
    WHERE c.id = t.client_id AND c.site_id = ANY(${siteIds}::uuid[]) AND t.task_date = ${day}::date
      AND t.mentor_id = c.mentor_id
      AND t.status = 'PENDING' AND t.attempts = 0 AND t.claimed_by_id IS NULL
    RETURNING t.id::text AS id`;
  return rows.map((r) => r.id);
}

/** After a day was generated again: the withdrawn tasks it did not re-open have really moved on
 * (to the next working day, or their reason is gone) - their version and time say so. */
export async function settleWithdrawn(tx: Tx, withdrawn: string[]): Promise<void> {
  if (withdrawn.length === 0) return;
  await tx.$executeRaw`
    UPDATE call_tasks SET version = version + 1, updated_at = now()
    WHERE id = ANY(${withdrawn}::uuid[]) AND status = 'CARRIED_OVER'`;
}

// ------------------------------------------------------------------------------------------------
// SQL forms of the transitions, for the set-based generation statement (lib/calls/generate.ts).

/** The open states, as literals (the partial index call_tasks_open_task_date_idx repeats them). */
export { OPEN_STATUSES_SQL };

/** Carry-over of an older open task `t`: CARRIED_OVER while one of its reasons is still due (the
 * boolean SQL `stillDue`), else CANCELLED. */
export function carryOverStatusSql(stillDue: string): string {
  return `CASE WHEN ${stillDue} THEN 'CARRIED_OVER' ELSE 'CANCELLED' END::"TaskStatus"`;
}

/** In an INSERT ... ON CONFLICT (client_id, task_date) DO UPDATE of generation run again on a day:
 * the condition under which the existing row `call_tasks` may be re-opened with the fresh reasons -
 * withdrawn or cancelled on that day, never attempted, never claimed. */
export const UNTOUCHED_REOPEN_SQL =
  `call_tasks.status IN ('CARRIED_OVER', 'CANCELLED') AND call_tasks.attempts = 0 AND call_tasks.claimed_by_id IS NULL`;

/** In that re-open: true when the row comes back exactly as it was withdrawn (`withdrawn`: the SQL
 * array of the ids withdrawn just before) - then its version and time stay as they were. */
export function reopenedUnchangedSql(withdrawn: string): string {
  return `(call_tasks.id = ANY(${withdrawn}) AND call_tasks.reasons = EXCLUDED.reasons AND call_tasks.priority = EXCLUDED.priority
     AND call_tasks.mentor_id = EXCLUDED.mentor_id AND call_tasks.first_due_date <= EXCLUDED.first_due_date)`;
}

/**
 * An escalation opened by something other than a call (five reminder messages in a row failed on
 * her number: lib/messages/send.ts opens PHONE_UPDATE): one open per client and cause, like the
 * ones a call opens. Returns its id, or null when one was open already.
 */
export async function openEscalationWithoutTask(tx: Pick<Tx, "$queryRaw">, e: EscalationOpening): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO escalations (client_id, cause, reasons, opened_at, opened_day)
    VALUES (${e.clientId}::uuid, ${e.cause}, ${[...e.reasons]}::text[], ${e.now}, ${e.day}::date)
    ON CONFLICT (client_id, cause) WHERE status IN ('OPEN', 'REFERRED') DO NOTHING
    RETURNING id::text AS id`;
  return rows[0]?.id ?? null;
}
