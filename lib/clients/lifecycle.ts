// The one owner of a client's lifecycle effects (architecture.md, convention 12): leaving ACTIVE
// (opt-out, exit, transfer out, death), coming back, moving to another site of the programme, and what happens to her appointments
// (attended, missed, moved) and to a missed appointment's tracing. The profile, the call screen,
// imports and jobs call these; nobody else writes clients.status, closes her assignment or changes an
// appointment's status. Each function bumps the client's version (a concurrent edit from the same
// version then gets CONFLICT) and returns the audit entry of what it did; the caller writes it with
// its own (lib/action.ts).
import type { Tx } from "@/lib/action";
import type { AuditEntry } from "@/lib/audit";
import { AppError, conflict, notFound, type FieldErrors } from "@/lib/errors";
import { dateOnly, isoDate } from "@/lib/dates";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AppointmentStatus } from "@/lib/generated/prisma/enums";
import { autoAssign, lockSites } from "@/lib/assignment/engine";
import { cancelOpenTasks } from "@/lib/calls/tasks";
import { defaultExitCode, type ExitReasonCode, type ExitStatus } from "@/lib/clients/exit-reasons";
import { clearInterruption } from "@/lib/clients/interruption";

const invalid = (fieldErrors: FieldErrors) => new AppError("VALIDATION", "correctFields", fieldErrors);

/**
 * Takes the client's next version before anything else is written. With `expected`, a stale version
 * (someone saved first) is a CONFLICT and nothing is written; without it (a call, a job) the row is
 * simply locked and bumped, so a form open on the old version will get its CONFLICT.
 */
export async function bumpClient(
  tx: Tx,
  clientId: string,
  expected: number | null,
  data: Prisma.ClientUncheckedUpdateManyInput = {},
): Promise<void> {
  const { count } = await tx.client.updateMany({
    where: { id: clientId, ...(expected === null ? {} : { version: expected }) },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw expected === null ? notFound() : conflict();
}

export type ExitResult = { assignmentsEnded: number; tasksCancelled: number };

/**
 * She leaves ACTIVE (opted out, transferred out, died, lost to follow-up, exited): the status with
 * its date and coded reason, her Mentor Mother assignment closed (only active clients are held), and
 * every open call task from her site-local today on cancelled at once - an opt-out is honoured
 * immediately. `exceptTaskId` spares the task the same call is finishing.
 */
export async function exitClient(
  tx: Tx,
  client: { id: string; version: number | null },
  exit: { status: ExitStatus; date: string; today: string; now: Date; code?: ExitReasonCode; reason?: string | null; exceptTaskId?: string },
): Promise<ExitResult> {
  await bumpClient(tx, client.id, client.version, {
    status: exit.status,
    statusDate: dateOnly(exit.date),
    statusReason: exit.reason ?? null,
    statusReasonCode: exit.code ?? defaultExitCode(exit.status),
    mentorId: null,
  });
  const assignmentsEnded = (await tx.assignment.updateMany({ where: { clientId: client.id, endAt: null }, data: { endAt: exit.now } })).count;
  const tasksCancelled = await cancelOpenTasks(tx, { clientIds: [client.id], fromDay: exit.today, exceptTaskId: exit.exceptTaskId });
  return { assignmentsEnded, tasksCancelled };
}

export type ReturnResult = { reassigned: boolean; unassignedReason: "no-mentor" | "all-full" | null };

/** She is ACTIVE again: a Mentor Mother of her site by the automatic rule (under the site lock). */
export async function returnClient(
  tx: Tx,
  client: { id: string; version: number | null; siteId: string; preferredLanguage: string },
  opts: { date: string; today: string; actorId: string | null; reason?: string | null },
): Promise<ReturnResult> {
  await bumpClient(tx, client.id, client.version, {
    status: "ACTIVE",
    statusDate: dateOnly(opts.date),
    statusReason: opts.reason ?? null,
    statusReasonCode: null,
  });
  const pick = await assignAtSite(tx, client.id, client.preferredLanguage, { siteId: client.siteId, day: opts.today, reason: "manual", actorId: opts.actorId });
  return { reassigned: pick.reassigned, unassignedReason: pick.unassignedReason };
}

/** A Mentor Mother of `siteId` takes her by the automatic rule, under the site's lock (the same
 * lock as every other assignment decision: two at once must not both count the same free place
 * under a Mentor Mother's cap). */
async function assignAtSite(
  tx: Tx,
  clientId: string,
  language: string,
  at: { siteId: string; day: string; reason: "manual" | "transfer"; actorId: string | null },
): Promise<ReturnResult & { mentorId: string | null }> {
  await lockSites(tx, [at.siteId]);
  const picks = await autoAssign(tx, { siteId: at.siteId, day: at.day, clients: [{ id: clientId, language }], reason: at.reason, changedById: at.actorId });
  const pick = picks.get(clientId);
  return { reassigned: !!pick?.mentorId, mentorId: pick?.mentorId ?? null, unassignedReason: pick && pick.mentorId === null ? pick.reason : null };
}

export type TransferResult = ExitResult & ReturnResult & { toMentorId: string | null };

/**
 * She moves to another site of the programme (a transfer the receiving site accepted,
 * lib/clients/transfers.ts) and stays ACTIVE with her whole history (calls, appointments, results,
 * escalations and assignment history stay hers). Not an exit: TRANSFERRED_OUT is for leaving the
 * programme. Her Mentor Mother assignment at the old site ends, her open call tasks there from the
 * old site's today on are cancelled (the task owner's transition), the old site's facility number
 * is cleared (it names another facility's register), and a Mentor Mother of the new site takes her
 * by the automatic rule; the new site's next generation makes her calls.
 */
export async function transferClient(
  tx: Tx,
  client: { id: string; version: number | null; toSiteId: string; preferredLanguage: string },
  opts: { fromToday: string; toToday: string; now: Date; actorId: string | null },
): Promise<TransferResult> {
  await bumpClient(tx, client.id, client.version, { siteId: client.toSiteId, mentorId: null, facilityNumber: null });
  const assignmentsEnded = (await tx.assignment.updateMany({ where: { clientId: client.id, endAt: null }, data: { endAt: opts.now } })).count;
  const tasksCancelled = await cancelOpenTasks(tx, { clientIds: [client.id], fromDay: opts.fromToday });
  const pick = await assignAtSite(tx, client.id, client.preferredLanguage, { siteId: client.toSiteId, day: opts.toToday, reason: "transfer", actorId: opts.actorId });
  return { assignmentsEnded, tasksCancelled, reassigned: pick.reassigned, toMentorId: pick.mentorId, unassignedReason: pick.unassignedReason };
}

// ------------------------------------------------------------------------------------------------
// Appointments.

export type AppointmentRow = {
  id: string;
  date: Date;
  kind: Prisma.AppointmentCreateInput["kind"];
  status: AppointmentStatus;
  infantId: string | null;
  infant: { dateOfBirth: Date } | null;
};

/** One of this client's appointments; another client's id is simply not found. */
export async function loadAppointment(tx: Tx, clientId: string, appointmentId: string): Promise<AppointmentRow> {
  const appointment = await tx.appointment.findFirst({
    where: { id: appointmentId, clientId },
    select: { id: true, date: true, kind: true, status: true, infantId: true, infant: { select: { dateOfBirth: true } } },
  });
  if (!appointment) throw notFound();
  return appointment;
}

/**
 * Attendance of a visit that has happened (at the site, by `today`): SCHEDULED -> ATTENDED or
 * MISSED. An attended visit ends the "did you make it?" check and any missed appointment before
 * it; a missed one is a missed appointment at top priority from then on. `field` names the form
 * field an error belongs to.
 */
export async function markAppointment(
  tx: Tx,
  clientId: string,
  appointment: AppointmentRow,
  outcome: "ATTENDED" | "MISSED",
  ctx: { today: string; now: Date; field?: string },
): Promise<AuditEntry> {
  const field = ctx.field ?? "_form";
  if (appointment.status !== "SCHEDULED") throw invalid({ [field]: ["appointmentNotOpen"] });
  // Nobody attends or misses a visit that has not happened yet at the site.
  if (isoDate(appointment.date) > ctx.today) throw invalid({ [field]: ["appointmentInFuture"] });
  await tx.appointment.update({ where: { id: appointment.id }, data: { status: outcome, statusAt: ctx.now } });
  // A return ends an interruption in treatment (lib/clients/interruption.ts): only a visit does.
  if (outcome === "ATTENDED") await clearInterruption(tx, clientId, isoDate(appointment.date));
  return {
    action: outcome === "ATTENDED" ? "appointment.attended" : "appointment.missed",
    entityType: "client",
    entityId: clientId,
    meta: { appointmentId: appointment.id, kind: appointment.kind },
  };
}

/**
 * The appointment moves to `date`: the old one is RESCHEDULED (a scheduled or a missed one; attended,
 * cancelled or already moved ones are closed) and a SCHEDULED one of the same kind is made. Never
 * before enrolment or before the infant's birth; `notBefore` narrows it further (a call books a new
 * date from today on, the profile may record a past one).
 */
export async function rescheduleAppointment(
  tx: Tx,
  client: { id: string; enrolment: string },
  old: AppointmentRow,
  date: string,
  ctx: { now: Date; notBefore?: string; field?: string },
): Promise<{ id: string; audit: AuditEntry }> {
  const field = ctx.field ?? "date";
  if (old.status !== "SCHEDULED" && old.status !== "MISSED") throw invalid({ _form: ["appointmentNotOpen"] });
  if (date < client.enrolment) throw invalid({ [field]: ["beforeEnrolment"] });
  if (ctx.notBefore && date < ctx.notBefore) throw invalid({ [field]: ["dateInPast"] });
  if (old.infant && date < isoDate(old.infant.dateOfBirth)) throw invalid({ [field]: ["beforeBirth"] });
  await tx.appointment.update({ where: { id: old.id }, data: { status: "RESCHEDULED", statusAt: ctx.now } });
  const created = await tx.appointment.create({
    data: { clientId: client.id, infantId: old.infantId, date: dateOnly(date), kind: old.kind },
    select: { id: true },
  });
  return {
    id: created.id,
    audit: {
      action: "appointment.rescheduled",
      entityType: "client",
      entityId: client.id,
      meta: { appointmentId: old.id, newAppointmentId: created.id, kind: old.kind },
    },
  };
}

/**
 * What the facility recorded about a visit on `date` (its records own clinical facts): the
 * appointment that day (of `kind` when given) becomes ATTENDED or MISSED, whatever a call said
 * about it before; a visit nobody booked here is added with that outcome. A visit recorded
 * attended ends the "did you make it?" check and any missed appointment before it.
 */
export async function recordAttendance(
  tx: Tx,
  clientId: string,
  v: { date: string; kind?: AppointmentRow["kind"]; outcome: "ATTENDED" | "MISSED" },
  now: Date,
): Promise<{ effect: "appointment_recorded" | "visit_added" | "unchanged"; audit: AuditEntry | null }> {
  const sameDay = await tx.appointment.findMany({
    where: { clientId, date: dateOnly(v.date), ...(v.kind ? { kind: v.kind } : {}), status: { in: ["SCHEDULED", "MISSED", "ATTENDED"] } },
    orderBy: [{ status: "asc" }, { id: "asc" }],
    select: { id: true, kind: true, status: true },
  });
  // An attended visit ends an interruption in treatment (lib/clients/interruption.ts) - even one
  // recorded before: the flag may have been set since.
  if (v.outcome === "ATTENDED") await clearInterruption(tx, clientId, v.date);
  if (sameDay.some((a) => a.status === v.outcome)) return { effect: "unchanged", audit: null };
  const open = sameDay[0];
  if (open) {
    await tx.appointment.update({ where: { id: open.id }, data: { status: v.outcome, statusAt: now } });
    return {
      effect: "appointment_recorded",
      audit: { action: v.outcome === "ATTENDED" ? "appointment.attended" : "appointment.missed", entityType: "client", entityId: clientId, meta: { appointmentId: open.id, kind: open.kind, source: "facility" } },
    };
  }
  const created = await tx.appointment.create({
    data: { clientId, date: dateOnly(v.date), kind: v.kind ?? "CLINICAL_REVIEW", status: v.outcome, statusAt: now },
    select: { id: true, kind: true },
  });
  return {
    effect: "visit_added",
    audit: { action: "appointment.added", entityType: "client", entityId: clientId, meta: { appointmentId: created.id, kind: created.kind, status: v.outcome, source: "facility" } },
  };
}

// ------------------------------------------------------------------------------------------------
// Viral-load results.

/**
 * A viral-load result (profile, facility file, FHIR). clients.last_vl_* mirror the newest sample
 * only: an older result entered late is history. With `replace`, a result already stored for that
 * sample date takes the new values (a corrected report from the laboratory); without it, the same
 * sample twice is one result. The caller has bumped the client's version.
 */
export async function addViralLoadResult(
  tx: Tx,
  clientId: string,
  r: { sampleDate: string; resultDate: string; copies: number; reasonCode?: string },
  opts: { replace?: boolean } = {},
): Promise<{ id: string; newest: boolean; changed: boolean; audit: AuditEntry }> {
  const same = await tx.viralLoadResult.findFirst({
    where: { clientId, sampleDate: dateOnly(r.sampleDate) },
    select: { id: true, copies: true, resultDate: true },
  });
  const later = await tx.viralLoadResult.count({ where: { clientId, sampleDate: { gt: dateOnly(r.sampleDate) } } });
  const newest = later === 0;
  let id: string;
  let changed = true;
  if (same && (!opts.replace || (same.copies === r.copies && isoDate(same.resultDate) === r.resultDate))) {
    id = same.id;
    changed = false;
  } else if (same) {
    await tx.viralLoadResult.update({ where: { id: same.id }, data: { copies: r.copies, resultDate: dateOnly(r.resultDate) } });
    id = same.id;
  } else {
    id = (
      await tx.viralLoadResult.create({
        data: { clientId, copies: r.copies, sampleDate: dateOnly(r.sampleDate), resultDate: dateOnly(r.resultDate), reasonCode: r.reasonCode ?? "DE392" },
        select: { id: true },
      })
    ).id;
  }
  if (changed && newest) {
    await tx.client.update({ where: { id: clientId }, data: { lastVlCopies: r.copies, lastVlDate: dateOnly(r.sampleDate) } });
  }
  return {
    id,
    newest,
    changed,
    audit: { action: same && changed ? "viral_load.corrected" : "viral_load.added", entityType: "client", entityId: clientId, meta: { viralLoadId: id, newest } },
  };
}

// ------------------------------------------------------------------------------------------------
// Tracing after a missed appointment.

/** WHO HIV.H.DE23 outcomes of an outreach attempt. */
export const TRACING_OUTCOMES = ["DE24", "DE25", "DE26", "DE27", "DE28", "DE29"] as const;
export type TracingOutcomeCode = (typeof TRACING_OUTCOMES)[number];

/** What each outcome does to the client (besides being recorded). */
export function tracingEffect(outcome: TracingOutcomeCode): { exit: { status: ExitStatus; code: ExitReasonCode } | null; resolves: boolean } {
  switch (outcome) {
    case "DE25": // self-transferred out
      return { exit: { status: "TRANSFERRED_OUT", code: "DE43" }, resolves: true };
    case "DE29": // died (reported)
      return { exit: { status: "DIED", code: "DIED_REPORTED" }, resolves: true };
    case "DE28": // not located: nothing was learned, the missed appointment stays open
      return { exit: null, resolves: false };
    default: // returning to clinic, hospitalised, refused to return
      return { exit: null, resolves: true };
  }
}

/**
 * A tracing outcome, learned on a call (DE16) or a home visit (DE14): one record whichever way. It
 * deals with the missed appointment it is about (no more "missed appointment" calls for it);
 * "returning to clinic" books the date she promised as a new appointment of the same kind;
 * "transferred out" and "died (reported)" take her off the lists through exitClient.
 */
export async function recordTracingOutcome(
  tx: Tx,
  client: { id: string; version: number | null; enrolment: string },
  t: {
    outcome: TracingOutcomeCode;
    contactMethod: "DE16" | "DE14";
    appointment: AppointmentRow | null;
    returnDate?: string | null;
    callAttemptId?: string | null;
    recordedById: string;
    today: string;
    now: Date;
    exceptTaskId?: string;
  },
): Promise<{ id: string; exit: ExitResult | null; audit: AuditEntry[] }> {
  const effect = tracingEffect(t.outcome);
  if (t.outcome === "DE24" && t.returnDate && t.returnDate < t.today) throw invalid({ "tracing.returnDate": ["dateInPast"] });
  const row = await tx.tracingOutcome.create({
    data: {
      clientId: client.id,
      appointmentId: t.appointment?.id ?? null,
      callAttemptId: t.callAttemptId ?? null,
      outcome: t.outcome,
      contactMethod: t.contactMethod,
      returnDate: t.returnDate ? dateOnly(t.returnDate) : null,
      recordedById: t.recordedById,
      recordedAt: t.now,
    },
    select: { id: true },
  });
  const audit: AuditEntry[] = [
    { action: "tracing.recorded", entityType: "client", entityId: client.id, meta: { tracingOutcomeId: row.id, outcome: t.outcome, contactMethod: t.contactMethod } },
  ];
  if (effect.resolves && t.appointment) {
    await tx.appointment.update({ where: { id: t.appointment.id }, data: { resolvedAt: t.now } });
  }
  if (t.outcome === "DE24" && t.returnDate && t.appointment) {
    const created = await tx.appointment.create({
      data: { clientId: client.id, infantId: t.appointment.infantId, date: dateOnly(t.returnDate), kind: t.appointment.kind },
      select: { id: true },
    });
    audit.push({ action: "appointment.added", entityType: "client", entityId: client.id, meta: { appointmentId: created.id, kind: t.appointment.kind, tracingOutcomeId: row.id } });
  }
  let exit: ExitResult | null = null;
  if (effect.exit) {
    exit = await exitClient(tx, client, {
      status: effect.exit.status, code: effect.exit.code, date: t.today, today: t.today, now: t.now, exceptTaskId: t.exceptTaskId,
    });
    audit.push({
      action: "client.status_changed",
      entityType: "client",
      entityId: client.id,
      meta: { to: effect.exit.status, code: effect.exit.code, source: "tracing", tasksCancelled: exit.tasksCancelled, assignmentEnded: exit.assignmentsEnded > 0 },
    });
  } else {
    await bumpClient(tx, client.id, client.version);
  }
  return { id: row.id, exit, audit };
}

/** Her open missed appointments (recorded missed, or still scheduled long after the date), oldest
 * first: a tracing outcome recorded without naming one is about the oldest. */
export async function openMissedAppointments(tx: Tx, clientId: string, today: string): Promise<AppointmentRow[]> {
  const rows = await tx.appointment.findMany({
    where: {
      clientId,
      resolvedAt: null,
      OR: [{ status: "MISSED" }, { status: "SCHEDULED", date: { lt: dateOnly(today) } }],
    },
    orderBy: [{ date: "asc" }, { id: "asc" }],
    select: { id: true, date: true, kind: true, status: true, infantId: true, infant: { select: { dateOfBirth: true } } },
  });
  return rows;
}

/** Consent to reminder messages on one of her numbers, per channel (issue 17). Consent recorded
 * again after a STOP clears the opt-out; withdrawing both channels is not an opt-out (no STOP was
 * received) but sends nothing either. */
export async function setPhoneMessageConsent(tx: Tx, phoneId: string, consent: { sms: boolean; whatsapp: boolean }): Promise<void> {
  const giving = consent.sms || consent.whatsapp;
  await tx.clientPhone.update({
    where: { id: phoneId },
    data: {
      consentSms: consent.sms,
      consentWhatsapp: consent.whatsapp,
      ...(giving ? { messagesOptedOutAt: null } : {}),
    },
  });
}

/**
 * She replied STOP (or its equivalent) from this number: no more messages to it, at once - both
 * channels' consent withdrawn, the instant kept, and every message waiting to be sent to it
 * cancelled (an append-only "cancelled" event). Her calls are not touched: consent to calls is
 * separate. Returns how many waiting messages were cancelled.
 */
export async function optOutOfMessages(tx: Tx, phoneId: string, clientId: string, now: Date): Promise<number> {
  await bumpClient(tx, clientId, null);
  await tx.clientPhone.update({
    where: { id: phoneId },
    data: { consentSms: false, consentWhatsapp: false, messagesOptedOutAt: now },
  });
  const rows = await tx.$queryRaw<{ n: number }[]>`
    WITH waiting AS (
      SELECT m.id FROM messages m
      WHERE m.phone_id = ${phoneId}::uuid AND m.direction = 'out'
        AND NOT EXISTS (SELECT 1 FROM message_events e WHERE e.message_id = m.id)
    ), ins AS (
      INSERT INTO message_events (message_id, status, error, at)
      SELECT id, 'cancelled', 'opted out', ${now} FROM waiting
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM ins`;
  return rows[0]?.n ?? 0;
}
