// Recording a call: one append-only call_attempts row per call, idempotent on a client-generated
// key, and the task moved on by the retry/escalation state machine in the same transaction, with
// the call's effects on the client - reached, her answers about her appointments, a tracing outcome,
// an opt-out, a phone flagged. The task's state change belongs to its owner (lib/calls/tasks.ts),
// the client's lifecycle effects to theirs (lib/clients/lifecycle.ts): the same functions the
// profile uses, with the same checks, version bump and audit rows.
// A correction within 24 hours is a new row pointing to the original - rows are never updated.
import { command, type Tx } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import type { AuditEntry } from "@/lib/audit";
import { AppError, conflict, fieldError, notFound } from "@/lib/errors";
import { dateOnly, isoDate } from "@/lib/dates";
import { dayStart, localDay } from "@/lib/site-clock";
import { taskScopeSql } from "@/lib/scope-sql";
import { readCountrySettings, type CountrySettings } from "@/lib/settings/schemas";
import { addDaysIso, makeCalendar } from "@/lib/calls/calendar";
import { canCallPhone, nextTaskState, type Disposition } from "@/lib/calls/state-machine";
import { isOpenTask, type TaskStatus } from "@/lib/calls/task-status";
import { recordAttemptSql } from "@/lib/calls/tasks";
import { escalationCause } from "@/lib/escalations/rules";
import { prismaSql, runSql, type SqlConnection } from "@/lib/sql";
import { attemptCounts, lockMentorTask, storedAttempt } from "@/lib/calls/record.queries";
import { actorClock } from "@/lib/calls/claim";
import { correctionSchema, outcomeSchema, type Outcome } from "@/lib/calls/record-schemas";
import { CORRECTION_WINDOW_MS, withinCorrectionWindow } from "@/lib/calls/call-history";
import {
  bumpClient,
  exitClient,
  loadAppointment,
  markAppointment,
  openMissedAppointments,
  recordTracingOutcome,
  rescheduleAppointment,
} from "@/lib/clients/lifecycle";

// The 24-hour rule lives with the call screen's other pure history rules (lib/calls/call-history.ts).
export { CORRECTION_WINDOW_MS };

export type RecordResult = {
  attemptId: string;
  taskId: string;
  disposition: Disposition;
  taskStatus: TaskStatus;
  nextAttemptAt: string | null;
};

type LockedTask = {
  id: string;
  client_id: string;
  mentor_id: string;
  task_date: Date;
  reasons: string[];
  status: TaskStatus;
  version: number;
  claimed_by_id: string | null;
  claimed_phone_id: string | null;
  site_id: string;
  time_zone: string;
  country_id: string;
  enrolment_date: string;
};

/** The result of an attempt already stored: what a retry with the same key answers. */
async function resultOf(tx: Tx, attempt: { id: string; taskId: string; disposition: Disposition }): Promise<RecordResult> {
  const task = await tx.callTask.findUniqueOrThrow({ where: { id: attempt.taskId }, select: { status: true, nextAttemptAt: true } });
  return {
    attemptId: attempt.id,
    taskId: attempt.taskId,
    disposition: attempt.disposition,
    taskStatus: task.status,
    nextAttemptAt: task.nextAttemptAt?.toISOString() ?? null,
  };
}

/** The stored attempt for this key, or null. Another Mentor Mother's key answers not-found (never
 * reveal someone else's call). */
async function existingAttempt(tx: Tx, actor: Actor, key: string) {
  const row = await tx.callAttempt.findUnique({
    where: { idempotencyKey: key },
    select: { id: true, taskId: true, disposition: true, mentorId: true },
  });
  if (row && row.mentorId !== actor.userId) throw notFound();
  return row;
}

/** A task of a client she holds now, or one she covers today (lib/authz.ts taskScope); locked for
 * this transaction so two submissions on one task run one after the other. */
async function lockTask(tx: Tx, actor: Actor, taskId: string, now: Date): Promise<LockedTask> {
  const clock = await actorClock(tx, actor, now);
  const rows = await tx.$queryRaw<LockedTask[]>`
    SELECT t.id, t.client_id, t.mentor_id, t.task_date, t.reasons, t.status::text AS status, t.version, t.claimed_by_id,
           t.claimed_phone_id, c.site_id, s.time_zone, s.country_id, c.enrolment_date::text AS enrolment_date
    FROM call_tasks t
    JOIN clients c ON c.id = t.client_id
    JOIN sites s ON s.id = c.site_id
    WHERE t.id = ${taskId}::uuid AND ${taskScopeSql(actor, clock?.day ?? null)}
    FOR UPDATE OF t`;
  const task = rows[0];
  if (!task) throw notFound();
  return task;
}

async function countryContext(tx: Tx, task: LockedTask, today: string) {
  const country = await tx.country.findUniqueOrThrow({ where: { id: task.country_id }, select: { settings: true } });
  const settings: CountrySettings = readCountrySettings(country.settings);
  const holidays = await tx.publicHoliday.findMany({
    where: { countryId: task.country_id, date: { gte: dateOnly(addDaysIso(today, -60)), lte: dateOnly(addDaysIso(today, 60)) } },
    select: { date: true },
  });
  const calendar = makeCalendar({ weekendDays: settings.weekendDays, holidays: holidays.map((h) => isoDate(h.date)) });
  return { settings, calendar };
}

/**
 * This client's attempts on the task and on the CARRIED_OVER tasks it descends from (same client,
 * earlier days, contiguous), so "3 attempts over 3 working days" spans the days the task was carried.
 * Corrections are not calls; `excludeId` leaves out an attempt being corrected.
 */
async function chainAttempts(tx: Tx, task: LockedTask, excludeId?: string) {
  const earlier = await tx.callTask.findMany({
    where: { clientId: task.client_id, taskDate: { lt: task.task_date } },
    orderBy: { taskDate: "desc" },
    select: { id: true, status: true },
    take: 60,
  });
  const chain = [task.id];
  for (const t of earlier) {
    if (t.status !== "CARRIED_OVER") break;
    chain.push(t.id);
  }
  const rows = await tx.callAttempt.findMany({
    where: { taskId: { in: chain }, correctsId: null, ...(excludeId ? { id: { not: excludeId } } : {}) },
    select: { createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return { count: rows.length, first: rows[0]?.createdAt ?? null };
}

function detailsOf(input: Outcome): Record<string, unknown> {
  // Everything learned except the routing fields; stored as given (already validated).
  const { taskId: _t, idempotencyKey: _k, phoneId: _p, disposition: _d, ...rest } = input as Outcome & Record<string, unknown>;
  delete rest.callbackAt;
  delete rest.correctsId;
  return rest;
}

function callbackOf(input: Outcome): Date | null {
  if (input.disposition === "CALLBACK_REQUESTED") return new Date(input.callbackAt);
  if (input.disposition === "REACHED" && input.callback) return new Date(input.callback);
  return null;
}

/** The number called: the one she chose, else the one she tapped when she claimed the task, else
 * her primary number. */
async function calledPhone(tx: Tx, actor: Actor, task: LockedTask, phoneId: string | undefined) {
  const chosen = phoneId ?? (task.claimed_by_id === actor.userId ? task.claimed_phone_id : null);
  if (chosen) {
    const phone = await tx.clientPhone.findFirst({ where: { id: chosen, clientId: task.client_id }, select: { id: true, number: true } });
    if (!phone && phoneId) throw fieldError("phoneId", "invalidValue");
    if (phone) return phone;
  }
  return tx.clientPhone.findFirst({
    where: { clientId: task.client_id },
    orderBy: [{ isPrimary: "desc" }, { id: "asc" }],
    select: { id: true, number: true },
  });
}

type Original = { id: string; phoneId: string | null; disposition: Disposition };

/** Her answers about her appointments, through the client lifecycle owner. Each names one of
 * her appointments; an answer already in force (a correction repeating it) changes nothing. */
async function applyAppointmentAnswers(
  tx: Tx,
  task: LockedTask,
  answers: Extract<Outcome, { disposition: "REACHED" }>["appointments"],
  today: string,
  now: Date,
): Promise<AuditEntry[]> {
  const audit: AuditEntry[] = [];
  for (const [i, a] of answers.entries()) {
    const field = `appointments.${i}`;
    let appointment;
    try {
      appointment = await loadAppointment(tx, task.client_id, a.appointmentId);
    } catch {
      throw fieldError(`${field}.appointmentId`, "invalidValue");
    }
    switch (a.answer) {
      case "confirmed":
        // A coming appointment she will keep: nothing changes but the record of the call.
        if (appointment.status !== "SCHEDULED" || isoDate(appointment.date) < today) throw fieldError(field, "appointmentNotOpen");
        break;
      case "attended":
      case "missed": {
        const status = a.answer === "attended" ? "ATTENDED" : "MISSED";
        if (appointment.status === status) break;
        audit.push(await markAppointment(tx, task.client_id, appointment, status, { today, now, field }));
        break;
      }
      case "reschedule": {
        if (appointment.status === "RESCHEDULED") break;
        const moved = await rescheduleAppointment(tx, { id: task.client_id, enrolment: task.enrolment_date }, appointment, a.newDate!, {
          now, notBefore: today, field: `${field}.newDate`,
        });
        audit.push(moved.audit);
        break;
      }
    }
  }
  return audit;
}

/** Every call to the number `number` since `since` (the site-local midnight): the Mentor Mothers'
 * calls (original rows, not corrections) and the supervisors' back-check calls (lib/back-checks).
 * The per-phone daily limit (canCallPhone) counts these; the raw path's twin is calls_today in
 * record.sql. Call it after taking the number's lock (lockPhoneNumber). */
export async function callsToPhoneSince(tx: Pick<Tx, "$queryRaw">, number: string, since: Date): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    SELECT (SELECT count(*)::int FROM call_attempts a JOIN client_phones p ON p.id = a.phone_id
            WHERE a.corrects_id IS NULL AND a.created_at >= ${since} AND p.number = ${number})
         + (SELECT count(*)::int FROM back_checks b JOIN client_phones p ON p.id = b.phone_id
            WHERE b.called_at >= ${since} AND p.number = ${number}) AS n`;
  return row?.n ?? 0;
}

/** Serialises the calls to one number for the rest of the transaction (a shared phone may belong
 * to several clients), so its calls can be counted before one more is written. */
export async function lockPhoneNumber(tx: Pick<Tx, "$executeRaw">, number: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"phone:" + number}))`;
}

/** The shared path of a recording and a correction. */
async function applyOutcome(
  tx: Tx,
  actor: Actor,
  input: Outcome,
  now: Date,
  original: Original | null,
): Promise<{ data: RecordResult; audit: AuditEntry[] }> {
  // Fast path for a retry whose first submission committed long ago.
  const before = await existingAttempt(tx, actor, input.idempotencyKey);
  if (before) return { data: await resultOf(tx, before), audit: [] };

  const task = await lockTask(tx, actor, input.taskId, now);
  // A concurrent submission with this key may have committed while we waited for the lock.
  const raced = await existingAttempt(tx, actor, input.idempotencyKey);
  if (raced) return { data: await resultOf(tx, raced), audit: [] };

  if (!original && !isOpenTask(task.status)) throw conflict();
  const reached = input.disposition === "REACHED" ? input : null;
  if (reached?.tracing && !task.reasons.includes("missed")) throw fieldError("tracing", "invalidValue");
  const today = localDay(task.time_zone, now);
  const { settings, calendar } = await countryContext(tx, task, today);

  const phone = await calledPhone(tx, actor, task, input.phoneId);
  if (phone && !original) {
    // Serialise calls to one number (a shared phone may belong to several clients), then count
    // every Mentor Mother's calls to it since the site-local midnight.
    await lockPhoneNumber(tx, phone.number);
    if (!canCallPhone(await callsToPhoneSince(tx, phone.number, dayStart(today, task.time_zone)), settings)) throw new AppError("VALIDATION", "phoneLimit");
  }

  const prior = await chainAttempts(tx, task, original?.id);
  const callback = callbackOf(input);
  const next = nextTaskState(
    {
      status: task.status,
      attempts: prior.count,
      firstAttemptDate: prior.first ? localDay(task.time_zone, prior.first) : null,
      reasons: task.reasons,
    },
    input.disposition,
    now,
    { ...calendar, settings, timeZone: task.time_zone },
    callback,
  );

  const { attemptId, escalationOpened } = await recordAttemptSql(
    prismaSql(tx),
    task,
    {
      mentorId: actor.userId, phoneId: phone?.id ?? null, disposition: input.disposition, details: JSON.stringify(detailsOf(input)),
      callbackAt: callback, key: input.idempotencyKey, correctsId: original?.id ?? null,
      // Done below, after a correction's own fix of the number it flagged.
      reached: false, flagPhone: null,
    },
    next,
    { clientId: task.client_id, cause: escalationCause(task.reasons, input.disposition), reasons: task.reasons, day: today, now },
  );
  if (!attemptId) {
    // Same key, other task: the first write wins; nothing else of ours was written yet.
    const winner = await existingAttempt(tx, actor, input.idempotencyKey);
    if (!winner) throw conflict();
    return { data: await resultOf(tx, winner), audit: [] };
  }

  const audit: AuditEntry[] = [
    {
      action: original ? "call.corrected" : "call.recorded",
      entityType: "call_attempt",
      entityId: attemptId,
      meta: original
        ? { taskId: task.id, disposition: input.disposition, attemptId, correctsId: original.id, ...(phone ? { phoneId: phone.id } : {}) }
        : { taskId: task.id, disposition: input.disposition, attemptId, ...(phone ? { phoneId: phone.id } : {}) },
    },
  ];

  if (escalationOpened) {
    audit.push({ action: "escalation.opened", entityType: "escalation", entityId: escalationOpened, meta: { taskId: task.id, clientId: task.client_id, cause: escalationCause(task.reasons, input.disposition) } });
  }
  if (next.reached) {
    // Not a change of her record (no version bump): the rules read it to know she was reached.
    await tx.client.update({ where: { id: task.client_id }, data: { lastReachedAt: now } });
  }
  if (reached && reached.appointments.length > 0) {
    await bumpClient(tx, task.client_id, null);
    audit.push(...(await applyAppointmentAnswers(tx, task, reached.appointments, today, now)));
  }
  if (reached?.tracing) {
    const already = original ? await tx.tracingOutcome.count({ where: { callAttemptId: original.id } }) : 0;
    if (already === 0) {
      const about = reached.tracing.appointmentId
        ? await loadAppointment(tx, task.client_id, reached.tracing.appointmentId).catch(() => {
            throw fieldError("tracing.appointmentId", "invalidValue");
          })
        : ((await openMissedAppointments(tx, task.client_id, today))[0] ?? null);
      const traced = await recordTracingOutcome(tx, { id: task.client_id, version: null, enrolment: task.enrolment_date }, {
        outcome: reached.tracing.outcome,
        contactMethod: "DE16",
        appointment: about,
        returnDate: reached.tracing.returnDate ?? null,
        callAttemptId: attemptId,
        recordedById: actor.userId,
        today,
        now,
        exceptTaskId: task.id,
      });
      audit.push(...traced.audit);
    }
  }
  if (next.optOut) {
    // The same exit as from the profile: assignment closed, every other open task from today cancelled.
    const exit = await exitClient(tx, { id: task.client_id, version: null }, {
      status: "OPTED_OUT", code: "OPTED_OUT", date: today, today, now, exceptTaskId: task.id,
    });
    audit.push({
      action: "client.status_changed",
      entityType: "client",
      entityId: task.client_id,
      meta: { to: "OPTED_OUT", code: "OPTED_OUT", source: "call", attemptId, tasksCancelled: exit.tasksCancelled, assignmentEnded: exit.assignmentsEnded > 0 },
    });
  }
  if (original?.phoneId && (original.disposition === "WRONG_NUMBER" || original.disposition === "NOT_IN_SERVICE") && next.flagPhone !== original.disposition) {
    // The original wrongly flagged the number: the correction puts it back in service.
    await tx.clientPhone.updateMany({ where: { id: original.phoneId, status: original.disposition }, data: { status: "OK" } });
  }
  if (next.flagPhone && phone) {
    await tx.clientPhone.update({ where: { id: phone.id }, data: { status: next.flagPhone } });
  }

  return {
    data: { attemptId, taskId: task.id, disposition: input.disposition, taskStatus: next.status, nextAttemptAt: next.nextAttemptAt?.toISOString() ?? null },
    audit,
  };
}

// ------------------------------------------------------------------------------------------------
// The common outcome on the raw path (decisions 025, 047): the same rules and writes as
// applyOutcome, in two named prepared statements (lib/calls/record.sql: the lock, the counts), the
// task owner's RecordAttempt (lib/calls/tasks.sql: the call row and the task's transition) and
// the audit row. Rare outcomes - an opt-out, her answers about
// appointments, a tracing outcome, a correction - stay on the Prisma path above.

/** The outcome needs nothing beyond the attempt, the task, last_reached_at and a phone flag. */
export function isCommonOutcome(input: Outcome): boolean {
  if (input.disposition === "OPTED_OUT") return false;
  if (input.disposition === "REACHED") return input.appointments.length === 0 && !input.tracing;
  return true;
}

type Stored = { id: string; task_id: string; disposition: string | null; mentor_id: string; task_status: string | null; next_attempt_at: Date | null };

function storedResult(actor: Actor, row: Stored): RecordResult {
  // Another Mentor Mother's key answers not-found (never reveal someone else's call).
  if (row.mentor_id !== actor.userId) throw notFound();
  return {
    attemptId: row.id,
    taskId: row.task_id,
    disposition: row.disposition as Disposition,
    taskStatus: row.task_status as TaskStatus,
    nextAttemptAt: row.next_attempt_at ? new Date(row.next_attempt_at).toISOString() : null,
  };
}

async function storedSql(sql: SqlConnection, actor: Actor, key: string): Promise<RecordResult | null> {
  const row = (await runSql(storedAttempt, { key }, sql))[0];
  return row ? storedResult(actor, row) : null;
}

async function applyCommonOutcome(sql: SqlConnection, actor: Actor, input: Outcome, now: Date): Promise<{ data: RecordResult; audit: AuditEntry[] }> {
  // One statement: a retry whose first submission committed long ago (then nothing is locked), or
  // her task (taskScope), locked, with its country's settings and holidays, the number called and
  // that number's advisory lock (calls to one number are counted one submission at a time).
  const row = (await runSql(lockMentorTask, { key: input.idempotencyKey, taskId: input.taskId, userId: actor.userId, siteIds: actor.siteIds, phoneId: input.phoneId ?? null, now }, sql))[0];
  if (row?.stored_id) {
    return {
      data: storedResult(actor, {
        id: row.stored_id, task_id: row.stored_task_id, disposition: row.stored_disposition, mentor_id: row.stored_mentor_id,
        task_status: row.stored_task_status, next_attempt_at: row.stored_next_attempt_at,
      }),
      audit: [],
    };
  }
  // The columns of the task side are null when she has no such task (a LEFT JOIN pgtyped types as the table's).
  const task = row?.id ? row : null;
  if (!task) throw notFound();
  const phone = task.phone_id ? { id: task.phone_id, number: task.phone_number } : null;
  const today = localDay(task.time_zone, now);

  // A fresh snapshot, taken after the locks: a submission with this key that committed while we
  // waited, the number's calls today, the attempts of the chain of carried-over tasks.
  const counts = (await runSql(
    attemptCounts,
    { taskId: task.id, key: input.idempotencyKey, dayStart: dayStart(today, task.time_zone), phoneNumber: phone?.number ?? null },
    sql,
  ))[0]!;
  if (counts.stored_id) {
    const raced = await storedSql(sql, actor, input.idempotencyKey);
    if (raced) return { data: raced, audit: [] };
  }

  const status = task.status as TaskStatus;
  if (!isOpenTask(status)) throw conflict();
  if (input.phoneId && phone?.id !== input.phoneId) throw fieldError("phoneId", "invalidValue");
  const settings: CountrySettings = readCountrySettings(task.settings);
  if (phone && !canCallPhone(counts.calls_today ?? 0, settings)) throw new AppError("VALIDATION", "phoneLimit");

  const reasons = task.reasons ?? [];
  const calendar = makeCalendar({ weekendDays: settings.weekendDays, holidays: task.holidays ?? [] });
  const callback = callbackOf(input);
  const next = nextTaskState(
    {
      status,
      attempts: counts.attempts ?? 0,
      firstAttemptDate: counts.first_attempt_at ? localDay(task.time_zone, new Date(counts.first_attempt_at)) : null,
      reasons,
    },
    input.disposition,
    now,
    { ...calendar, settings, timeZone: task.time_zone },
    callback,
  );

  // The call row, the task owner's transition, last_reached_at and a flagged number: one statement.
  const cause = escalationCause(reasons, input.disposition);
  const { attemptId, escalationOpened } = await recordAttemptSql(
    sql,
    task,
    {
      mentorId: actor.userId, phoneId: phone?.id ?? null, disposition: input.disposition, details: JSON.stringify(detailsOf(input)),
      callbackAt: callback, key: input.idempotencyKey, correctsId: null, reached: next.reached, flagPhone: phone ? next.flagPhone : null,
    },
    next,
    { clientId: task.client_id, cause, reasons, day: today, now },
  );
  if (!attemptId) {
    // Same key, other task: the first write wins; nothing else of ours was written.
    const winner = await storedSql(sql, actor, input.idempotencyKey);
    if (!winner) throw conflict();
    return { data: winner, audit: [] };
  }
  const audit: AuditEntry[] = [
    {
      action: "call.recorded",
      entityType: "call_attempt",
      entityId: attemptId,
      meta: { taskId: task.id, disposition: input.disposition, attemptId, ...(phone ? { phoneId: phone.id } : {}) },
    },
  ];
  if (escalationOpened) {
    audit.push({ action: "escalation.opened", entityType: "escalation", entityId: escalationOpened, meta: { taskId: task.id, clientId: task.client_id, cause } });
  }
  return {
    data: { attemptId, taskId: task.id, disposition: input.disposition, taskStatus: next.status, nextAttemptAt: next.nextAttemptAt?.toISOString() ?? null },
    audit,
  };
}

export const recordOutcomeCommand = command({
  name: "calls.record",
  permission: "queue.work",
  schema: outcomeSchema,
  run: ({ tx, actor, input, now }) => applyOutcome(tx, actor, input, now, null),
  raw: {
    // The raw path's task scope is a Mentor Mother's (queue.work is hers alone).
    fits: (input, actor) => actor.role === "MENTOR_MOTHER" && isCommonOutcome(input),
    run: ({ sql, actor, input, now }) => applyCommonOutcome(sql, actor, input, now),
  },
});

export const correctOutcomeCommand = command({
  name: "calls.correct",
  permission: "queue.work",
  schema: correctionSchema,
  run: async ({ tx, actor, input, now }) => {
    const original = await tx.callAttempt.findFirst({
      where: { id: input.correctsId, mentorId: actor.userId, taskId: input.taskId },
      select: { id: true, phoneId: true, disposition: true, createdAt: true },
    });
    if (!original) throw notFound();
    // A retry of a correction already stored answers the same, even after the window.
    const stored = await existingAttempt(tx, actor, input.idempotencyKey);
    if (stored) return { data: await resultOf(tx, stored), audit: [] };
    if (!withinCorrectionWindow(original.createdAt, now)) {
      throw new AppError("VALIDATION", "correctionWindow");
    }
    return applyOutcome(tx, actor, input, now, original);
  },
});
