// Changes made from a client's profile. Each one is scoped by clientScope (out of scope -> NOT_FOUND),
// carries the client's version (stale -> CONFLICT, nothing written) and writes its audit row in the
// same transaction (lib/action.ts). Audit meta holds ids and codes only: never copies, names or the
// free-text status reason.
import { command, type Tx } from "@/lib/action";
import { clientScope, type Actor } from "@/lib/authz";
import { AppError, conflict, notFound, type FieldErrors } from "@/lib/errors";
import { dateOnly, isoDate, localDate } from "@/lib/dates";
import { autoAssign, lockSites } from "@/lib/assignment/engine";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  CANCELLABLE_TASK_STATUSES,
  addAppointmentSchema,
  addInfantSchema,
  addViralLoadSchema,
  changeStatusSchema,
  markAppointmentSchema,
  rescheduleAppointmentSchema,
} from "@/lib/clients/profile-schemas";

const invalid = (fieldErrors: FieldErrors) => new AppError("VALIDATION", "correctFields", fieldErrors);

/** The client in the actor's scope at the version the form read, with "today" at her site. */
async function loadClient(tx: Tx, actor: Actor, clientId: string, version: number) {
  const client = await tx.client.findFirst({
    where: { AND: [clientScope(actor), { id: clientId }] },
    select: {
      id: true, version: true, siteId: true, status: true, mentorId: true, preferredLanguage: true,
      dateOfBirth: true, enrolmentDate: true, lastVlDate: true, site: { select: { timeZone: true } },
    },
  });
  if (!client) throw notFound();
  if (client.version !== version) throw conflict();
  return {
    ...client,
    today: localDate(client.site.timeZone),
    enrolment: isoDate(client.enrolmentDate),
    dob: isoDate(client.dateOfBirth),
  };
}

/** Takes the client's version before anything else is written: a concurrent change from the same
 * version waits on the row lock, then matches nothing and rolls its whole transaction back. */
async function claimVersion(tx: Tx, clientId: string, version: number, data: Prisma.ClientUpdateManyMutationInput = {}) {
  const { count } = await tx.client.updateMany({ where: { id: clientId, version }, data: { ...data, version: { increment: 1 } } });
  if (count === 0) throw conflict();
}

async function loadInfant(tx: Tx, clientId: string, infantId: string | undefined, field: string) {
  if (!infantId) return null;
  const infant = await tx.infant.findFirst({ where: { id: infantId, clientId }, select: { id: true, dateOfBirth: true } });
  if (!infant) throw invalid({ [field]: ["invalidValue"] });
  return infant;
}

/** One of this client's appointments; another client's id is simply not found. */
async function loadAppointment(tx: Tx, clientId: string, appointmentId: string) {
  const appointment = await tx.appointment.findFirst({
    where: { id: appointmentId, clientId },
    select: { id: true, date: true, kind: true, status: true, infantId: true, infant: { select: { dateOfBirth: true } } },
  });
  if (!appointment) throw notFound();
  return appointment;
}

export const addAppointmentCommand = command({
  name: "clients.addAppointment",
  permission: "clients.edit",
  schema: addAppointmentSchema,
  async run({ tx, actor, input }) {
    const client = await loadClient(tx, actor, input.clientId, input.version);
    const infant = await loadInfant(tx, client.id, input.infantId, "infantId");
    if (input.date < client.enrolment) throw invalid({ date: ["beforeEnrolment"] });
    if (infant && input.date < isoDate(infant.dateOfBirth)) throw invalid({ date: ["beforeBirth"] });
    await claimVersion(tx, client.id, input.version);
    const appointment = await tx.appointment.create({
      data: { clientId: client.id, infantId: infant?.id ?? null, date: dateOnly(input.date), kind: input.kind },
      select: { id: true },
    });
    return {
      data: { id: appointment.id, version: input.version + 1 },
      audit: { action: "appointment.added", entityType: "client", entityId: client.id, meta: { appointmentId: appointment.id, kind: input.kind } },
    };
  },
});

export const markAppointmentCommand = command({
  name: "clients.markAppointment",
  permission: "clients.edit",
  schema: markAppointmentSchema,
  async run({ tx, actor, input }) {
    const client = await loadClient(tx, actor, input.clientId, input.version);
    const appointment = await loadAppointment(tx, client.id, input.appointmentId);
    if (appointment.status !== "SCHEDULED") throw invalid({ _form: ["appointmentNotOpen"] });
    // Nobody attends or misses a visit that has not happened yet at the site.
    if (isoDate(appointment.date) > client.today) throw invalid({ _form: ["appointmentInFuture"] });
    await claimVersion(tx, client.id, input.version);
    await tx.appointment.update({ where: { id: appointment.id }, data: { status: input.outcome, statusAt: new Date() } });
    return {
      data: { id: appointment.id, version: input.version + 1 },
      audit: {
        action: input.outcome === "ATTENDED" ? "appointment.attended" : "appointment.missed",
        entityType: "client",
        entityId: client.id,
        meta: { appointmentId: appointment.id, kind: appointment.kind },
      },
    };
  },
});

export const rescheduleAppointmentCommand = command({
  name: "clients.rescheduleAppointment",
  permission: "clients.edit",
  schema: rescheduleAppointmentSchema,
  async run({ tx, actor, input }) {
    const client = await loadClient(tx, actor, input.clientId, input.version);
    const old = await loadAppointment(tx, client.id, input.appointmentId);
    // A missed visit is the usual one to move; attended, cancelled or already moved ones are closed.
    if (old.status !== "SCHEDULED" && old.status !== "MISSED") throw invalid({ _form: ["appointmentNotOpen"] });
    // Past dates are allowed (recording what really happened), never before enrolment.
    if (input.date < client.enrolment) throw invalid({ date: ["beforeEnrolment"] });
    if (old.infant && input.date < isoDate(old.infant.dateOfBirth)) throw invalid({ date: ["beforeBirth"] });
    await claimVersion(tx, client.id, input.version);
    await tx.appointment.update({ where: { id: old.id }, data: { status: "RESCHEDULED", statusAt: new Date() } });
    const created = await tx.appointment.create({
      data: { clientId: client.id, infantId: old.infantId, date: dateOnly(input.date), kind: old.kind },
      select: { id: true },
    });
    return {
      data: { id: created.id, version: input.version + 1 },
      audit: {
        action: "appointment.rescheduled",
        entityType: "client",
        entityId: client.id,
        meta: { appointmentId: old.id, newAppointmentId: created.id, kind: old.kind },
      },
    };
  },
});

export const addViralLoadCommand = command({
  name: "clients.addViralLoad",
  permission: "clients.edit",
  schema: addViralLoadSchema,
  async run({ tx, actor, input }) {
    const client = await loadClient(tx, actor, input.clientId, input.version);
    const errors: FieldErrors = {};
    if (input.sampleDate > client.today) errors.sampleDate = ["dateInFuture"];
    else if (input.sampleDate < client.dob) errors.sampleDate = ["beforeBirth"];
    if (input.resultDate > client.today) errors.resultDate = ["dateInFuture"];
    if (Object.keys(errors).length) throw invalid(errors);

    // clients.last_vl_* mirror the newest sample only: an older result entered late is history.
    const later = await tx.viralLoadResult.count({ where: { clientId: client.id, sampleDate: { gt: dateOnly(input.sampleDate) } } });
    const newest = later === 0 && (!client.lastVlDate || input.sampleDate >= isoDate(client.lastVlDate));
    await claimVersion(tx, client.id, input.version, newest ? { lastVlCopies: input.copies, lastVlDate: dateOnly(input.sampleDate) } : {});
    const row = await tx.viralLoadResult.create({
      data: {
        clientId: client.id,
        copies: input.copies,
        sampleDate: dateOnly(input.sampleDate),
        resultDate: dateOnly(input.resultDate),
        reasonCode: input.reasonCode,
      },
      select: { id: true },
    });
    return {
      data: { id: row.id, version: input.version + 1, newest },
      audit: { action: "viral_load.added", entityType: "client", entityId: client.id, meta: { viralLoadId: row.id, newest, reasonCode: input.reasonCode } },
    };
  },
});

export const addInfantCommand = command({
  name: "clients.addInfant",
  permission: "clients.edit",
  schema: addInfantSchema,
  async run({ tx, actor, input }) {
    const client = await loadClient(tx, actor, input.clientId, input.version);
    if (input.dateOfBirth > client.today) throw invalid({ dateOfBirth: ["dateInFuture"] });
    if (input.dateOfBirth < client.dob) throw invalid({ dateOfBirth: ["beforeBirth"] });
    await claimVersion(tx, client.id, input.version);
    const infant = await tx.infant.create({
      data: { clientId: client.id, firstName: input.firstName ?? null, dateOfBirth: dateOnly(input.dateOfBirth) },
      select: { id: true },
    });
    return {
      data: { id: infant.id, version: input.version + 1 },
      audit: { action: "infant.added", entityType: "client", entityId: client.id, meta: { infantId: infant.id } },
    };
  },
});

export type StatusChangeResult = {
  status: string;
  /** Leaving ACTIVE: the Mentor Mother assignment that ended (0 or 1) and the calls cancelled. */
  assignmentsEnded: number;
  tasksCancelled: number;
  /** Back to ACTIVE: whether a Mentor Mother took her, and why not when nobody fits. */
  reassigned: boolean | null;
  unassignedReason: "no-mentor" | "all-full" | null;
};

export const changeStatusCommand = command({
  name: "clients.changeStatus",
  permission: "clients.edit",
  schema: changeStatusSchema,
  async run({ tx, actor, input }) {
    const client = await loadClient(tx, actor, input.clientId, input.version);
    if (input.status === client.status) throw invalid({ status: ["statusUnchanged"] });
    if (input.date > client.today) throw invalid({ date: ["dateInFuture"] });
    if (input.date < client.enrolment) throw invalid({ date: ["beforeEnrolment"] });

    const leaving = input.status !== "ACTIVE";
    await claimVersion(tx, client.id, input.version, {
      status: input.status,
      statusDate: dateOnly(input.date),
      statusReason: input.reason,
      ...(leaving ? { mentorId: null } : {}),
    });

    const result: StatusChangeResult = { status: input.status, assignmentsEnded: 0, tasksCancelled: 0, reassigned: null, unassignedReason: null };
    if (leaving) {
      // Only active clients are held by a Mentor Mother; an opt-out is honoured at once, so no open
      // call task from today on survives (past ones stay as the record of what was due).
      result.assignmentsEnded = (await tx.assignment.updateMany({ where: { clientId: client.id, endAt: null }, data: { endAt: new Date() } })).count;
      result.tasksCancelled = (
        await tx.callTask.updateMany({
          where: { clientId: client.id, status: { in: [...CANCELLABLE_TASK_STATUSES] }, taskDate: { gte: dateOnly(client.today) } },
          data: { status: "CANCELLED", claimedById: null, claimedAt: null, version: { increment: 1 } },
        })
      ).count;
    } else {
      // The same per-site lock as every other assignment decision: two at once must not both
      // count the same free place under a Mentor Mother's cap.
      await lockSites(tx, [client.siteId]);
      const picks = await autoAssign(tx, {
        siteId: client.siteId,
        day: client.today,
        clients: [{ id: client.id, language: client.preferredLanguage }],
        reason: "manual",
        changedById: actor.userId,
      });
      const pick = picks.get(client.id);
      result.reassigned = !!pick?.mentorId;
      result.unassignedReason = pick && pick.mentorId === null ? pick.reason : null;
    }

    return {
      data: result,
      audit: {
        action: "client.status_changed",
        entityType: "client",
        entityId: client.id,
        meta: {
          from: client.status,
          to: input.status,
          // Why the assignment ended: the history table has no end-reason column, so it is kept here.
          ...(result.assignmentsEnded ? { assignmentEnded: "status" } : {}),
          tasksCancelled: result.tasksCancelled,
          ...(result.reassigned === null ? {} : { reassigned: result.reassigned }),
        },
      },
    };
  },
});
