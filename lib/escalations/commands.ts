// The supervisor resolves an escalation (domain.md "Attempts, retries, escalation"): sends it back
// to a Mentor Mother with a fresh attempt budget, refers it to a home visit / physical tracing and
// later records the tracing outcome (WHO HIV.H.DE23, contact method DE14 home visit - the same
// tracing_outcomes record a call writes), or closes it with a reason. Every step is audited (ids
// and codes only: the closing reason stays on the escalation, never in the audit row).
// Escalations are opened by the task owner (lib/calls/tasks.ts recordAttemptSql), never here.
import { command, type Tx } from "@/lib/action";
import { clientScope, type Actor } from "@/lib/authz";
import type { AuditEntry } from "@/lib/audit";
import { AppError, conflict, fieldError, notFound } from "@/lib/errors";
import { isoDate } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { nextWorkingDay } from "@/lib/calls/calendar";
import { countryRules } from "@/lib/calls/queries";
import { KIND_PRIORITY, PRIORITY, isReasonKind } from "@/lib/calls/rules";
import { createFreshTask, moveOpenTasks } from "@/lib/calls/tasks";
import { lockSites, writeAssignments } from "@/lib/assignment/engine";
import { openMissedAppointments, recordTracingOutcome } from "@/lib/clients/lifecycle";
import { allowedResolutions, type EscalationCause, type EscalationStatus } from "@/lib/escalations/rules";
import { resolveEscalationSchema, type ResolveEscalationInput } from "@/lib/escalations/schemas";

export type ResolveResult = { escalationId: string; status: EscalationStatus; taskId?: string; taskDay?: string; tracingOutcomeId?: string };

type Loaded = {
  id: string;
  status: EscalationStatus;
  cause: EscalationCause;
  reasons: string[];
  version: number;
  client: { id: string; siteId: string; mentorId: string | null; enrolmentDate: Date; countryId: string; timeZone: string };
};

/** The escalation, if its client is in the actor's scope now (404 otherwise), locked for the change. */
async function loadEscalation(tx: Tx, actor: Actor, id: string): Promise<Loaded> {
  const e = await tx.escalation.findFirst({
    where: { id, client: clientScope(actor) },
    select: {
      id: true, status: true, cause: true, reasons: true, version: true,
      client: { select: { id: true, siteId: true, mentorId: true, enrolmentDate: true, site: { select: { countryId: true, timeZone: true } } } },
    },
  });
  if (!e) throw notFound();
  await tx.$executeRaw`SELECT 1 FROM escalations WHERE id = ${id}::uuid FOR UPDATE`;
  const { site, ...client } = e.client;
  return { ...e, status: e.status as EscalationStatus, cause: e.cause as EscalationCause, client: { ...client, countryId: site.countryId, timeZone: site.timeZone } };
}

async function saveState(tx: Tx, e: Loaded, version: number, data: Parameters<Tx["escalation"]["updateMany"]>[0]["data"]): Promise<void> {
  const { count } = await tx.escalation.updateMany({ where: { id: e.id, version }, data: { ...data, version: { increment: 1 } } });
  if (count === 0) throw conflict();
}

/** The day a task sent back goes on: today at her site when it is a working day of the country and
 * the client has no task today, else the first such working day after (the escalated task usually
 * holds today; a callback may hold a later day). */
async function freshTaskDay(tx: Tx, e: Loaded, today: string): Promise<string> {
  const { calendar } = await countryRules(tx, e.client.countryId, today);
  let day = calendar.isWorkingDay(today) ? today : nextWorkingDay(calendar, today);
  for (let i = 0; i < 30; i++) {
    const taken = await tx.callTask.count({ where: { clientId: e.client.id, taskDate: new Date(`${day}T00:00:00.000Z`) } });
    if (taken === 0) return day;
    day = nextWorkingDay(calendar, day);
  }
  throw conflict();
}

async function sendBack(tx: Tx, actor: Actor, e: Loaded, input: Extract<ResolveEscalationInput, { action: "sendBack" }>, now: Date) {
  await lockSites(tx, [e.client.siteId]);
  const mentor = await tx.user.findFirst({
    where: { id: input.mentorId, role: "MENTOR_MOTHER", active: true, sites: { some: { siteId: e.client.siteId } } },
    select: { id: true },
  });
  if (!mentor) throw fieldError("mentorId", "invalidValue");
  const today = localDay(e.client.timeZone, now);
  const audit: AuditEntry[] = [];
  if (mentor.id !== e.client.mentorId) {
    // Another Mentor Mother: the client moves to her (access to the task follows the assignment).
    await writeAssignments(tx, [{ clientId: e.client.id, mentorId: mentor.id }], "manual", actor.userId, "escalation");
    const tasksMoved = await moveOpenTasks(tx, [{ clientId: e.client.id, fromMentorId: e.client.mentorId, toMentorId: mentor.id }], today);
    audit.push({
      action: "assignment.changed", entityType: "user", entityId: mentor.id,
      meta: { count: 1, toMentorId: mentor.id, tasksMoved, source: "escalation", escalationId: e.id, clientIds: [e.client.id] },
    });
  }
  const reasons = e.reasons.filter(isReasonKind);
  const kept = reasons.length ? reasons : ["callback" as const];
  const priority = Math.min(...kept.map((r) => KIND_PRIORITY[r] ?? PRIORITY.routine));
  const day = await freshTaskDay(tx, e, today);
  const taskId = await createFreshTask(tx, { clientId: e.client.id, mentorId: mentor.id, day, reasons: kept, priority });
  await saveState(tx, e, input.version, {
    status: "SENT_BACK", resolution: "sent_back", resolvedAt: now, resolvedById: actor.userId, sentToId: mentor.id, freshTaskId: taskId,
  });
  audit.push({ action: "escalation.sent_back", entityType: "escalation", entityId: e.id, meta: { clientId: e.client.id, cause: e.cause, toMentorId: mentor.id, taskId, day } });
  return { data: { escalationId: e.id, status: "SENT_BACK" as const, taskId, taskDay: day }, audit };
}

async function tracing(tx: Tx, actor: Actor, e: Loaded, input: Extract<ResolveEscalationInput, { action: "tracing" }>, now: Date) {
  const today = localDay(e.client.timeZone, now);
  if (input.outcome === "DE24" && !input.returnDate) throw fieldError("returnDate", "required");
  const appointment = (await openMissedAppointments(tx, e.client.id, today))[0] ?? null;
  const traced = await recordTracingOutcome(tx, { id: e.client.id, version: null, enrolment: isoDate(e.client.enrolmentDate) }, {
    outcome: input.outcome,
    contactMethod: "DE14",
    appointment,
    returnDate: input.returnDate ?? null,
    recordedById: actor.userId,
    today,
    now,
  });
  // "Not located" (DE28): nothing was learned, the tracing goes on (the escalation stays referred).
  const status: EscalationStatus = input.outcome === "DE28" ? "REFERRED" : "CLOSED";
  await saveState(tx, e, input.version, status === "CLOSED"
    ? { status, resolution: "traced", resolvedAt: now, resolvedById: actor.userId, tracingOutcomeId: traced.id }
    : { tracingOutcomeId: traced.id });
  return {
    data: { escalationId: e.id, status, tracingOutcomeId: traced.id },
    audit: [
      ...traced.audit,
      { action: "escalation.traced", entityType: "escalation", entityId: e.id, meta: { clientId: e.client.id, cause: e.cause, outcome: input.outcome, tracingOutcomeId: traced.id, status } },
    ],
  };
}

export const resolveEscalationCommand = command({
  name: "escalations.resolve",
  permission: "escalations.manage",
  schema: resolveEscalationSchema,
  async run({ tx, actor, input, now }): Promise<{ data: ResolveResult; audit: AuditEntry[] }> {
    const e = await loadEscalation(tx, actor, input.escalationId);
    if (e.version !== input.version) throw conflict();
    if (!allowedResolutions(e.status).includes(input.action)) throw new AppError("CONFLICT", "CONFLICT");
    switch (input.action) {
      case "sendBack":
        return sendBack(tx, actor, e, input, now);
      case "tracing":
        return tracing(tx, actor, e, input, now);
      case "refer":
        await saveState(tx, e, input.version, { status: "REFERRED", referredAt: now });
        return {
          data: { escalationId: e.id, status: "REFERRED" },
          audit: [{ action: "escalation.referred", entityType: "escalation", entityId: e.id, meta: { clientId: e.client.id, cause: e.cause, contactMethod: "DE14" } }],
        };
      case "close":
        await saveState(tx, e, input.version, { status: "CLOSED", resolution: "closed", resolvedAt: now, resolvedById: actor.userId, note: input.reason });
        return {
          data: { escalationId: e.id, status: "CLOSED" },
          audit: [{ action: "escalation.closed", entityType: "escalation", entityId: e.id, meta: { clientId: e.client.id, cause: e.cause, noted: true } }],
        };
    }
  },
});
