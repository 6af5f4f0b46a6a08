// Read for the call screen (issue 5): one task the Mentor Mother holds (hers, or a colleague's she
// claimed as cover), with just enough about the client to make the call. First name only: the full
// name is not needed to call and the screen may be seen by others at a shared desk.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";
import { isoDate } from "@/lib/dates";
import { countryRules, loadRuleFacts } from "@/lib/calls/queries";
import { explainTask } from "@/lib/calls/explain";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isTaskId(v: string): boolean {
  return UUID.test(v);
}

/** The task and client summary. Visible to its Mentor Mother and to whoever holds its claim
 * (cover); anything else is NOT_FOUND. */
export async function callScreenTask(db: PrismaClient, actor: Actor, taskId: string) {
  assertCan(actor, "queue.work");
  if (!isTaskId(taskId)) throw notFound();
  const task = await db.callTask.findFirst({
    where: { id: taskId, OR: [{ mentorId: actor.userId }, { claimedById: actor.userId }] },
    select: {
      id: true, clientId: true, reasons: true, status: true, attempts: true, taskDate: true, firstDueDate: true,
      client: {
        select: {
          firstName: true, category: true, artStartDate: true, lastVlCopies: true, lastVlDate: true, preferredLanguage: true,
          site: { select: { countryId: true } },
          infants: { select: { dateOfBirth: true }, orderBy: { dateOfBirth: "asc" } },
          appointments: { where: { status: "SCHEDULED" }, orderBy: { date: "asc" }, take: 1, select: { date: true, kind: true } },
          phones: {
            where: { status: "OK" },
            orderBy: [{ isPrimary: "desc" }, { id: "asc" }],
            select: { id: true, number: true, sharedPhone: true, mayIdentifyCaller: true, safeFromMinute: true, safeToMinute: true },
          },
          attempts: { orderBy: { createdAt: "desc" }, take: 5, select: { id: true, disposition: true, createdAt: true } },
        },
      },
    },
  });
  if (!task) throw notFound();
  const day = isoDate(task.taskDate);
  const [rules, facts] = await Promise.all([countryRules(db, task.client.site.countryId, day), loadRuleFacts(db, [task.clientId])]);
  const f = facts.get(task.clientId);
  const c = task.client;
  return {
    id: task.id,
    status: task.status,
    attempts: task.attempts,
    day,
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
      lastCalls: c.attempts.map((a) => ({ id: a.id, disposition: a.disposition, at: a.createdAt.toISOString() })),
    },
  };
}

export type CallScreenTask = Awaited<ReturnType<typeof callScreenTask>>;
