// Changes made from a client's profile. Each one is scoped by clientScope (out of scope -> NOT_FOUND),
// carries the client's version (stale -> CONFLICT, nothing written) and writes its audit row in the
// same transaction (lib/action.ts). Audit meta holds ids and codes only: never copies, names or the
// free-text status reason.
import { command, type Tx } from "@/lib/action";
import { clientScope, type Actor } from "@/lib/authz";
import { AppError, conflict, notFound, type FieldErrors } from "@/lib/errors";
import { dateOnly, isoDate } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { defaultExitCode } from "@/lib/clients/exit-reasons";
import { addViralLoadResult, bumpClient, exitClient, loadAppointment, markAppointment, rescheduleAppointment, returnClient } from "@/lib/clients/lifecycle";
import {
  addAppointmentSchema,
  addInfantSchema,
  addViralLoadSchema,
  changeStatusSchema,
  markAppointmentSchema,
  rescheduleAppointmentSchema,
  recordSexSchema,
} from "@/lib/clients/profile-schemas";

const invalid = (fieldErrors: FieldErrors) => new AppError("VALIDATION", "correctFields", fieldErrors);

/** The client in the actor's scope at the version the form read, with "today" at her site. */
async function loadClient(tx: Tx, actor: Actor, clientId: string, version: number, now: Date) {
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
    today: localDay(client.site.timeZone, now),
    enrolment: isoDate(client.enrolmentDate),
    dob: isoDate(client.dateOfBirth),
  };
}

async function loadInfant(tx: Tx, clientId: string, infantId: string | undefined, field: string) {
  if (!infantId) return null;
  const infant = await tx.infant.findFirst({ where: { id: infantId, clientId }, select: { id: true, dateOfBirth: true } });
  if (!infant) throw invalid({ [field]: ["invalidValue"] });
  return infant;
}

export const addAppointmentCommand = command({
  name: "clients.addAppointment",
  permission: "clients.edit",
  schema: addAppointmentSchema,
  async run({ tx, actor, input, now }) {
    const client = await loadClient(tx, actor, input.clientId, input.version, now);
    const infant = await loadInfant(tx, client.id, input.infantId, "infantId");
    if (input.date < client.enrolment) throw invalid({ date: ["beforeEnrolment"] });
    if (infant && input.date < isoDate(infant.dateOfBirth)) throw invalid({ date: ["beforeBirth"] });
    await bumpClient(tx, client.id, input.version);
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
  async run({ tx, actor, input, now }) {
    const client = await loadClient(tx, actor, input.clientId, input.version, now);
    const appointment = await loadAppointment(tx, client.id, input.appointmentId);
    await bumpClient(tx, client.id, input.version);
    const audit = await markAppointment(tx, client.id, appointment, input.outcome, { today: client.today, now });
    return { data: { id: appointment.id, version: input.version + 1 }, audit };
  },
});

export const rescheduleAppointmentCommand = command({
  name: "clients.rescheduleAppointment",
  permission: "clients.edit",
  schema: rescheduleAppointmentSchema,
  async run({ tx, actor, input, now }) {
    const client = await loadClient(tx, actor, input.clientId, input.version, now);
    const old = await loadAppointment(tx, client.id, input.appointmentId);
    await bumpClient(tx, client.id, input.version);
    // Past dates are allowed here (recording what really happened), never before enrolment.
    const moved = await rescheduleAppointment(tx, { id: client.id, enrolment: client.enrolment }, old, input.date, { now });
    return { data: { id: moved.id, version: input.version + 1 }, audit: moved.audit };
  },
});

export const addViralLoadCommand = command({
  name: "clients.addViralLoad",
  permission: "clients.edit",
  schema: addViralLoadSchema,
  async run({ tx, actor, input, now }) {
    const client = await loadClient(tx, actor, input.clientId, input.version, now);
    const errors: FieldErrors = {};
    if (input.sampleDate > client.today) errors.sampleDate = ["dateInFuture"];
    else if (input.sampleDate < client.dob) errors.sampleDate = ["beforeBirth"];
    if (input.resultDate > client.today) errors.resultDate = ["dateInFuture"];
    if (Object.keys(errors).length) throw invalid(errors);

    await bumpClient(tx, client.id, input.version);
    // The same sample entered again is a correction of it.
    const added = await addViralLoadResult(tx, client.id, input, { replace: true });
    return {
      data: { id: added.id, version: input.version + 1, newest: added.newest },
      audit: { ...added.audit, meta: { ...added.audit.meta, reasonCode: input.reasonCode } },
    };
  },
});

export const addInfantCommand = command({
  name: "clients.addInfant",
  permission: "clients.edit",
  schema: addInfantSchema,
  async run({ tx, actor, input, now }) {
    const client = await loadClient(tx, actor, input.clientId, input.version, now);
    if (input.dateOfBirth > client.today) throw invalid({ dateOfBirth: ["dateInFuture"] });
    if (input.dateOfBirth < client.dob) throw invalid({ dateOfBirth: ["beforeBirth"] });
    await bumpClient(tx, client.id, input.version);
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

export const recordSexCommand = command({
  name: "clients.recordSex",
  permission: "clients.edit",
  schema: recordSexSchema,
  async run({ tx, actor, input, now }) {
    const client = await loadClient(tx, actor, input.clientId, input.version, now);
    await bumpClient(tx, client.id, input.version, { sex: input.sex });
    return {
      data: { version: input.version + 1 },
      // The field's name only, never its value (security.md: no personal data in audit rows).
      audit: { action: "client.updated", entityType: "client", entityId: client.id, meta: { fields: ["sex"] } },
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
  async run({ tx, actor, input, now }) {
    const client = await loadClient(tx, actor, input.clientId, input.version, now);
    if (input.status === client.status) throw invalid({ status: ["statusUnchanged"] });
    if (input.date > client.today) throw invalid({ date: ["dateInFuture"] });
    if (input.date < client.enrolment) throw invalid({ date: ["beforeEnrolment"] });

    const result: StatusChangeResult = { status: input.status, assignmentsEnded: 0, tasksCancelled: 0, reassigned: null, unassignedReason: null };
    if (input.status !== "ACTIVE") {
      const exit = await exitClient(tx, { id: client.id, version: input.version }, {
        status: input.status, date: input.date, today: client.today, now, reason: input.reason,
      });
      result.assignmentsEnded = exit.assignmentsEnded;
      result.tasksCancelled = exit.tasksCancelled;
    } else {
      const back = await returnClient(tx, { id: client.id, version: input.version, siteId: client.siteId, preferredLanguage: client.preferredLanguage }, {
        date: input.date, today: client.today, actorId: actor.userId, reason: input.reason,
      });
      result.reassigned = back.reassigned;
      result.unassignedReason = back.unassignedReason;
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
          ...(input.status !== "ACTIVE" ? { code: defaultExitCode(input.status) } : {}),
          source: "profile",
          // Why the assignment ended: the history table has no end-reason column, so it is kept here.
          ...(result.assignmentsEnded ? { assignmentEnded: "status" } : {}),
          tasksCancelled: result.tasksCancelled,
          ...(result.reassigned === null ? {} : { reassigned: result.reassigned }),
        },
      },
    };
  },
});
