// Read for the call screen: one task the Mentor Mother may open (a client she holds now, or a
// colleague's client she covers today - lib/authz.ts taskScope), with just enough about the client
// to make the call. First name only: the full name is not needed to call and the screen may be seen
// by others at a shared desk. Reading changes nothing (the claim is a POST, lib/calls/claim.ts); the
// view itself is audited.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, taskScope, attemptScope, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";
import { isoDate } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { countryRules, loadRuleFacts } from "@/lib/calls/queries";
import { explainTask } from "@/lib/calls/explain";
import { addDaysIso } from "@/lib/calls/calendar";
import { adherenceOf, adherenceTimeline, callFindings, correctedIds, correctionState, notesOf, TIMELINE_WEEKS } from "@/lib/calls/call-history";
import { isUuid } from "@/lib/validation";
import { writeAudit } from "@/lib/audit";
import { actorClock } from "@/lib/calls/claim";
import { abandonedBefore } from "@/lib/calls/tasks";
import { scriptsForLanguage } from "@/lib/content/queries";
import { planCallScripts } from "@/lib/content/rules";

/** How many of the client's last calls the screen lists (with their notes). */
export const LAST_CALLS = 5;

/** The task and client summary. Visible to its Mentor Mother and to whoever holds its claim
 * (cover); anything else is NOT_FOUND. Besides the task read: one read of the client's REACHED
 * attempts and corrections of the last weeks (adherence timeline, which attempts were corrected). */
export async function callScreenTask(
  db: PrismaClient,
  actor: Actor,
  taskId: string,
  now: Date,
  meta: { requestId?: string | null; ip?: string | null } = {},
) {
  assertCan(actor, "queue.work");
  if (!isUuid(taskId)) throw notFound();
  const clock = await actorClock(db, actor, now);
  const myDay = clock?.day ?? null;
  const task = await db.callTask.findFirst({
    where: { AND: [{ id: taskId }, taskScope(actor, myDay)] },
    select: {
      id: true, clientId: true, reasons: true, status: true, attempts: true, taskDate: true, firstDueDate: true,
      claimedById: true, claimedAt: true, claimedPhoneId: true,
      client: {
        select: {
          firstName: true, lastName: true, sex: true, dateOfBirth: true, category: true, artStartDate: true, lastVlCopies: true, lastVlDate: true, preferredLanguage: true,
          site: { select: { countryId: true, timeZone: true } },
          infants: { select: { dateOfBirth: true }, orderBy: { dateOfBirth: "asc" } },
          // Open appointments she may be asked about: the ones not recorded yet, the missed ones not
          // dealt with, the next coming ones.
          appointments: {
            where: { OR: [{ status: "SCHEDULED" }, { status: "MISSED", resolvedAt: null }] },
            orderBy: [{ date: "asc" }, { id: "asc" }],
            take: 20,
            select: { id: true, date: true, kind: true, status: true },
          },
          phones: {
            where: { status: "OK" },
            orderBy: [{ isPrimary: "desc" }, { id: "asc" }],
            select: { id: true, number: true, sharedPhone: true, mayIdentifyCaller: true, safeFromMinute: true, safeToMinute: true },
          },
          // Notes are shown: the calls she may read (lib/authz.ts attemptScope).
          attempts: {
            where: attemptScope(actor, myDay),
            orderBy: [{ createdAt: "desc" }, { id: "desc" }],
            take: LAST_CALLS,
            select: {
              id: true, taskId: true, disposition: true, createdAt: true, mentorId: true, correctsId: true, details: true,
              task: { select: { mentorId: true, claimedById: true } },
            },
          },
        },
      },
    },
  });
  if (!task) throw notFound();
  // The screen shows her numbers, viral load and notes: record who looked (fail closed - if the
  // view cannot be recorded, nothing is shown).
  await writeAudit(db, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip }, {
    action: "client.viewed",
    entityType: "client",
    entityId: task.clientId,
    meta: { via: "call_screen", taskId: task.id },
  });
  const day = isoDate(task.taskDate);
  const timeZone = task.client.site.timeZone;
  const today = localDay(timeZone, now);
  const liveClaim = task.status === "CLAIMED" && task.claimedById !== null && task.claimedAt !== null && task.claimedAt >= abandonedBefore(now);
  const [rules, facts, recent, stored] = await Promise.all([
    countryRules(db, task.client.site.countryId, day),
    loadRuleFacts(db, [task.clientId]),
    db.callAttempt.findMany({
      where: {
        AND: [attemptScope(actor, myDay)],
        clientId: task.clientId,
        createdAt: { gte: dayStartUtcish(addDaysIso(today, -7 * TIMELINE_WEEKS)) },
        OR: [{ disposition: "REACHED" }, { correctsId: { not: null } }],
      },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: { id: true, disposition: true, createdAt: true, correctsId: true, details: true },
    }),
    // The scripts administrators wrote in her language (lib/content): approved, else draft.
    scriptsForLanguage(db, actor, task.client.preferredLanguage),
  ]);
  const corrected = correctedIds(recent);
  const f = facts.get(task.clientId);
  const c = task.client;
  return {
    id: task.id,
    status: task.status,
    attempts: task.attempts,
    /** Someone else is calling her right now (a live claim). */
    claimedByOther: liveClaim && task.claimedById !== actor.userId,
    /** The number she tapped, when the claim is hers. */
    dialledPhoneId: liveClaim && task.claimedById === actor.userId ? task.claimedPhoneId : null,
    day,
    /** The site's time zone: times of calls are shown in it. */
    timeZone,
    reasons: task.reasons,
    /** What to say, from the content module; reasons without a stored script use the catalogue. */
    scripts: planCallScripts(stored, task.reasons, task.client.preferredLanguage, task.client.sex),
    explanation: f ? explainTask({ reasons: task.reasons, taskDate: day, firstDueDate: isoDate(task.firstDueDate) }, f, rules.settings, rules.calendar) : [],
    client: {
      firstName: c.firstName,
      sex: c.sex,
      category: c.category,
      language: c.preferredLanguage,
      artStartDate: c.artStartDate ? isoDate(c.artStartDate) : null,
      lastVl: c.lastVlDate ? { copies: c.lastVlCopies, date: isoDate(c.lastVlDate) } : null,
      infantBirthDates: c.infants.map((i) => isoDate(i.dateOfBirth)),
      nextAppointment: nextOf(c.appointments, today),
      appointments: appointmentChoices(c.appointments, today),
      phones: c.phones,
      lastCalls: c.attempts.map((a) => ({
        id: a.id,
        taskId: a.taskId,
        disposition: a.disposition,
        at: a.createdAt.toISOString(),
        notes: notesOf(a.details),
        findings: callFindings(a.details),
        isCorrection: a.correctsId !== null,
        corrected: corrected.has(a.id),
        correctable:
          correctionState(
            {
              mentorId: a.mentorId,
              correctsId: a.correctsId,
              createdAt: a.createdAt,
              corrected: corrected.has(a.id),
              taskIsHers: a.task.mentorId === actor.userId || a.task.claimedById === actor.userId,
            },
            actor.userId,
            now,
          ) === "open",
      })),
      adherence: adherenceTimeline(recent, today, timeZone),
    },
  };
}

export type CallScreenTask = Awaited<ReturnType<typeof callScreenTask>>;

type OpenAppointment = { id: string; date: Date; kind: string; status: string };

function nextOf(list: OpenAppointment[], today: string) {
  const next = list.find((a) => a.status === "SCHEDULED" && isoDate(a.date) >= today);
  return next ? { date: isoDate(next.date), kind: next.kind } : null;
}

/** The appointments the outcome form asks about, oldest first, each with what she may answer:
 * a passed visit with no attendance recorded (attended / missed / new date), a missed one not dealt
 * with (new date), a coming one (confirmed / new date). At most the next two coming ones. */
export function appointmentChoices(list: OpenAppointment[], today: string) {
  const out: { id: string; date: string; kind: string; state: "unrecorded" | "missed" | "coming" }[] = [];
  let coming = 0;
  for (const a of list) {
    const date = isoDate(a.date);
    if (a.status === "MISSED") out.push({ id: a.id, date, kind: a.kind, state: "missed" });
    else if (date < today) out.push({ id: a.id, date, kind: a.kind, state: "unrecorded" });
    else if (coming++ < 2) out.push({ id: a.id, date, kind: a.kind, state: "coming" });
  }
  return out;
}

/** A little before the site-local midnight of `day` (a day earlier in UTC covers every time zone);
 * adherenceTimeline then keeps only the answers inside its weeks. */
function dayStartUtcish(day: string): Date {
  return new Date(`${addDaysIso(day, -1)}T00:00:00.000Z`);
}

/** The attempt she wants to correct, for the correction page: hers, on the task of the address,
 * on a task she still holds (the command's own rule); anything else is NOT_FOUND. The page needs no
 * claim: the task is usually finished. `state` says whether the correction may still be made. */
export async function correctionTarget(db: PrismaClient, actor: Actor, taskId: string, attemptId: string, now: Date) {
  assertCan(actor, "queue.work");
  if (!isUuid(taskId) || !isUuid(attemptId)) throw notFound();
  const clock = await actorClock(db, actor, now);
  const a = await db.callAttempt.findFirst({
    where: {
      id: attemptId,
      taskId,
      mentorId: actor.userId,
      task: taskScope(actor, clock?.day ?? null),
    },
    select: {
      id: true, taskId: true, phoneId: true, disposition: true, createdAt: true, correctsId: true, details: true, mentorId: true,
      task: { select: { reasons: true, client: { select: { firstName: true, sex: true, site: { select: { timeZone: true } } } } } },
      correctedBy: { select: { id: true }, take: 1 },
    },
  });
  if (!a) throw notFound();
  return {
    attemptId: a.id,
    taskId: a.taskId,
    phoneId: a.phoneId,
    disposition: a.disposition,
    at: a.createdAt.toISOString(),
    notes: notesOf(a.details),
    adherence: adherenceOf(a.details),
    firstName: a.task.client.firstName,
    sex: a.task.client.sex,
    timeZone: a.task.client.site.timeZone,
    missed: a.task.reasons.includes("missed"),
    state: correctionState(
      { mentorId: a.mentorId, correctsId: a.correctsId, createdAt: a.createdAt, corrected: a.correctedBy.length > 0, taskIsHers: true },
      actor.userId,
      now,
    ),
  };
}

export type CorrectionTarget = Awaited<ReturnType<typeof correctionTarget>>;
