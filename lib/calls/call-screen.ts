// Read for the call screen (issue 5): one task the Mentor Mother holds (hers, or a colleague's she
// claimed as cover), with just enough about the client to make the call. First name only: the full
// name is not needed to call and the screen may be seen by others at a shared desk.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";
import { isoDate, localDate } from "@/lib/dates";
import { countryRules, loadRuleFacts } from "@/lib/calls/queries";
import { explainTask } from "@/lib/calls/explain";
import { addDaysIso } from "@/lib/calls/calendar";
import { adherenceOf, adherenceTimeline, correctedIds, correctionState, notesOf, TIMELINE_WEEKS } from "@/lib/calls/call-history";
import { isUuid } from "@/lib/validation";

/** How many of the client's last calls the screen lists (with their notes). */
export const LAST_CALLS = 5;

/** The task and client summary. Visible to its Mentor Mother and to whoever holds its claim
 * (cover); anything else is NOT_FOUND. Besides the task read: one read of the client's REACHED
 * attempts and corrections of the last weeks (adherence timeline, which attempts were corrected). */
export async function callScreenTask(db: PrismaClient, actor: Actor, taskId: string, now: Date = new Date()) {
  assertCan(actor, "queue.work");
  if (!isUuid(taskId)) throw notFound();
  const task = await db.callTask.findFirst({
    where: { id: taskId, OR: [{ mentorId: actor.userId }, { claimedById: actor.userId }] },
    select: {
      id: true, clientId: true, reasons: true, status: true, attempts: true, taskDate: true, firstDueDate: true,
      client: {
        select: {
          firstName: true, category: true, artStartDate: true, lastVlCopies: true, lastVlDate: true, preferredLanguage: true,
          site: { select: { countryId: true, timeZone: true } },
          infants: { select: { dateOfBirth: true }, orderBy: { dateOfBirth: "asc" } },
          appointments: { where: { status: "SCHEDULED" }, orderBy: { date: "asc" }, take: 1, select: { date: true, kind: true } },
          phones: {
            where: { status: "OK" },
            orderBy: [{ isPrimary: "desc" }, { id: "asc" }],
            select: { id: true, number: true, sharedPhone: true, mayIdentifyCaller: true, safeFromMinute: true, safeToMinute: true },
          },
          // Notes are shown: this whole read is scoped to her task (hers, or claimed as cover).
          attempts: {
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
  const day = isoDate(task.taskDate);
  const timeZone = task.client.site.timeZone;
  const today = localDate(timeZone, now);
  const [rules, facts, recent] = await Promise.all([
    countryRules(db, task.client.site.countryId, day),
    loadRuleFacts(db, [task.clientId]),
    db.callAttempt.findMany({
      where: {
        clientId: task.clientId,
        createdAt: { gte: dayStartUtcish(addDaysIso(today, -7 * TIMELINE_WEEKS)) },
        OR: [{ disposition: "REACHED" }, { correctsId: { not: null } }],
      },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: { id: true, disposition: true, createdAt: true, correctsId: true, details: true },
    }),
  ]);
  const corrected = correctedIds(recent);
  const f = facts.get(task.clientId);
  const c = task.client;
  return {
    id: task.id,
    status: task.status,
    attempts: task.attempts,
    day,
    /** The site's time zone: times of calls are shown in it. */
    timeZone,
    reasons: task.reasons,
    explanation: f ? explainTask({ reasons: task.reasons, taskDate: day, firstDueDate: isoDate(task.firstDueDate) }, f, rules.settings, rules.calendar) : [],
    client: {
      firstName: c.firstName,
      category: c.category,
      language: c.preferredLanguage,
      artStartDate: c.artStartDate ? isoDate(c.artStartDate) : null,
      lastVl: c.lastVlDate ? { copies: c.lastVlCopies, date: isoDate(c.lastVlDate) } : null,
      infantBirthDates: c.infants.map((i) => isoDate(i.dateOfBirth)),
      nextAppointment: c.appointments[0] ? { date: isoDate(c.appointments[0].date), kind: c.appointments[0].kind } : null,
      phones: c.phones,
      lastCalls: c.attempts.map((a) => ({
        id: a.id,
        taskId: a.taskId,
        disposition: a.disposition,
        at: a.createdAt.toISOString(),
        notes: notesOf(a.details),
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

/** A little before the site-local midnight of `day` (a day earlier in UTC covers every time zone);
 * adherenceTimeline then keeps only the answers inside its weeks. */
function dayStartUtcish(day: string): Date {
  return new Date(`${addDaysIso(day, -1)}T00:00:00.000Z`);
}

/** The attempt she wants to correct, for the correction page: hers, on the task of the address,
 * on a task she still holds (the command's own rule); anything else is NOT_FOUND. The page needs no
 * claim: the task is usually finished. `state` says whether the correction may still be made. */
export async function correctionTarget(db: PrismaClient, actor: Actor, taskId: string, attemptId: string, now: Date = new Date()) {
  assertCan(actor, "queue.work");
  if (!isUuid(taskId) || !isUuid(attemptId)) throw notFound();
  const a = await db.callAttempt.findFirst({
    where: {
      id: attemptId,
      taskId,
      mentorId: actor.userId,
      task: { OR: [{ mentorId: actor.userId }, { claimedById: actor.userId }] },
    },
    select: {
      id: true, taskId: true, phoneId: true, disposition: true, createdAt: true, correctsId: true, details: true, mentorId: true,
      task: { select: { reasons: true, client: { select: { firstName: true, site: { select: { timeZone: true } } } } } },
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
