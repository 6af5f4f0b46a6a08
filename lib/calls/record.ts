// Recording a call (issue 5): one append-only call_attempts row per call, idempotent on a
// client-generated key, and the task moved on by the retry/escalation state machine in the same
// transaction, with the call's effects on the client (reached, appointment, opt-out, phone flag).
// A correction within 24 hours is a new row pointing to the original - rows are never updated.
import { TZDate } from "@date-fns/tz";
import { command, type Tx } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import type { AuditEntry } from "@/lib/audit";
import { AppError, conflict, fieldError, notFound } from "@/lib/errors";
import { dateOnly, isoDate, localDate } from "@/lib/dates";
import { readCountrySettings, type CountrySettings } from "@/lib/settings/schemas";
import { addDaysIso, makeCalendar } from "@/lib/calls/calendar";
import { canCallPhone, isOpenTask, nextTaskState, type Disposition, type TaskStatus } from "@/lib/calls/state-machine";
import { correctionSchema, outcomeSchema, type Outcome } from "@/lib/calls/record-schemas";

import { CORRECTION_WINDOW_MS, withinCorrectionWindow } from "@/lib/calls/call-history";

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
  site_id: string;
  time_zone: string;
  country_id: string;
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

/** Her own task, or one she claimed while covering a colleague; locked for this transaction so
 * two submissions on one task run one after the other. */
async function lockTask(tx: Tx, actor: Actor, taskId: string): Promise<LockedTask> {
  const rows = await tx.$queryRaw<LockedTask[]>`
    SELECT t.id, t.client_id, t.mentor_id, t.task_date, t.reasons, t.status::text AS status, t.version, t.claimed_by_id,
           c.site_id, s.time_zone, s.country_id
    FROM call_tasks t
    JOIN clients c ON c.id = t.client_id
    JOIN sites s ON s.id = c.site_id
    WHERE t.id = ${taskId}::uuid
      AND (t.mentor_id = ${actor.userId}::uuid OR t.claimed_by_id = ${actor.userId}::uuid)
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

/** The start (00:00) of a site-local day as an instant. */
function dayStart(day: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, timeZone).getTime());
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

type Original = { id: string; phoneId: string | null; disposition: Disposition };

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

  const task = await lockTask(tx, actor, input.taskId);
  // A concurrent submission with this key may have committed while we waited for the lock.
  const raced = await existingAttempt(tx, actor, input.idempotencyKey);
  if (raced) return { data: await resultOf(tx, raced), audit: [] };

  if (!original && !isOpenTask(task.status)) throw conflict();
  if (input.disposition === "REACHED" && input.tracingOutcome && !task.reasons.includes("missed")) {
    throw fieldError("tracingOutcome", "invalidValue");
  }
  const today = localDate(task.time_zone, now);
  if (input.disposition === "REACHED" && input.appointment?.newDate && input.appointment.newDate < today) {
    throw fieldError("appointment.newDate", "invalidValue");
  }
  const { settings, calendar } = await countryContext(tx, task, today);

  // The number called: the one chosen, else her primary number.
  const phone = input.phoneId
    ? await tx.clientPhone.findFirst({ where: { id: input.phoneId, clientId: task.client_id }, select: { id: true, number: true } })
    : await tx.clientPhone.findFirst({
        where: { clientId: task.client_id },
        orderBy: [{ isPrimary: "desc" }, { id: "asc" }],
        select: { id: true, number: true },
      });
  if (input.phoneId && !phone) throw fieldError("phoneId", "invalidValue");

  if (phone && !original) {
    // Serialise calls to one number (a shared phone may belong to several clients), then count
    // every Mentor Mother's calls to it since the site-local midnight.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"phone:" + phone.number}))`;
    const callsToday = await tx.callAttempt.count({
      where: { correctsId: null, createdAt: { gte: dayStart(today, task.time_zone) }, phone: { number: phone.number } },
    });
    if (!canCallPhone(callsToday, settings)) throw new AppError("VALIDATION", "phoneLimit");
  }

  const prior = await chainAttempts(tx, task, original?.id);
  const callback = callbackOf(input);
  const next = nextTaskState(
    {
      status: task.status,
      attempts: prior.count,
      firstAttemptDate: prior.first ? localDate(task.time_zone, prior.first) : null,
      reasons: task.reasons,
    },
    input.disposition,
    now,
    { ...calendar, settings, timeZone: task.time_zone },
    callback,
  );

  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO call_attempts (task_id, client_id, mentor_id, phone_id, disposition, details, callback_at, idempotency_key, corrects_id, created_at)
    VALUES (${task.id}::uuid, ${task.client_id}::uuid, ${actor.userId}::uuid, ${phone?.id ?? null}::uuid,
            ${input.disposition}::"Disposition", ${JSON.stringify(detailsOf(input))}::jsonb, ${callback},
            ${input.idempotencyKey}, ${original?.id ?? null}::uuid, ${now})
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id`;
  if (inserted.length === 0) {
    // Same key, other task: the first write wins; nothing else of ours was written yet.
    const winner = await existingAttempt(tx, actor, input.idempotencyKey);
    if (!winner) throw conflict();
    return { data: await resultOf(tx, winner), audit: [] };
  }
  const attemptId = inserted[0]!.id;

  const { count } = await tx.callTask.updateMany({
    where: { id: task.id, version: task.version },
    data: {
      status: next.status,
      attempts: next.attempts,
      nextAttemptAt: next.nextAttemptAt,
      claimedById: null,
      claimedAt: null,
      version: { increment: 1 },
    },
  });
  if (count === 0) throw conflict();

  if (next.reached) {
    await tx.client.update({ where: { id: task.client_id }, data: { lastReachedAt: now } });
  }
  if (input.disposition === "REACHED" && input.appointment) {
    await applyAppointment(tx, task.client_id, today, input.appointment, now);
  }
  if (next.optOut) {
    await tx.client.update({
      where: { id: task.client_id },
      data: { status: "OPTED_OUT", statusDate: dateOnly(today), statusReason: "opted out on call", version: { increment: 1 } },
    });
    // Stop her calls at once; the assignment stays (generation skips clients who opted out).
    await tx.callTask.updateMany({
      where: { clientId: task.client_id, id: { not: task.id }, taskDate: { gte: dateOnly(today) }, status: { in: ["PENDING", "CLAIMED", "RETRY_LATER"] } },
      data: { status: "CANCELLED", claimedById: null, claimedAt: null, version: { increment: 1 } },
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
    data: {
      attemptId,
      taskId: task.id,
      disposition: input.disposition,
      taskStatus: next.status,
      nextAttemptAt: next.nextAttemptAt?.toISOString() ?? null,
    },
    audit: [
      {
        action: original ? "call.corrected" : "call.recorded",
        entityType: "call_attempt",
        entityId: attemptId,
        meta: original
          ? { taskId: task.id, disposition: input.disposition, attemptId, correctsId: original.id }
          : { taskId: task.id, disposition: input.disposition, attemptId },
      },
    ],
  };
}

/** Confirmed: nothing changes. A new date: the next scheduled appointment becomes RESCHEDULED and a
 * SCHEDULED one of the same kind is made on the new date. */
async function applyAppointment(tx: Tx, clientId: string, today: string, a: { confirmed: boolean; newDate?: string }, now: Date) {
  if (!a.newDate) return;
  const next = await tx.appointment.findFirst({
    where: { clientId, status: "SCHEDULED", date: { gte: dateOnly(today) } },
    orderBy: [{ date: "asc" }, { id: "asc" }],
  });
  if (!next || isoDate(next.date) === a.newDate) return;
  await tx.appointment.update({ where: { id: next.id }, data: { status: "RESCHEDULED", statusAt: now } });
  await tx.appointment.create({
    data: { clientId, infantId: next.infantId, kind: next.kind, date: dateOnly(a.newDate), status: "SCHEDULED" },
  });
}

export const recordOutcomeCommand = command({
  name: "calls.record",
  permission: "queue.work",
  schema: outcomeSchema,
  run: ({ tx, actor, input }) => applyOutcome(tx, actor, input, new Date(), null),
});

export const correctOutcomeCommand = command({
  name: "calls.correct",
  permission: "queue.work",
  schema: correctionSchema,
  run: async ({ tx, actor, input }) => {
    const now = new Date();
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
