// Reads for the daily call lists: the "why is this client on my list" explanation of one of a Mentor
// Mother's tasks (lib/calls/explain.ts, the same rules that made the task) and the rule facts of a
// few clients as lib/calls/rules.ts takes them. Her queue itself is lib/calls/queue.ts.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/action";
import { assertCan, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";
import { dateOnly, isoDate, localDate } from "@/lib/dates";
import { readCountrySettings, type CountrySettings } from "@/lib/settings/schemas";
import { addDaysIso, makeCalendar, type Calendar } from "@/lib/calls/calendar";
import type { ClientRuleFacts } from "@/lib/calls/rules";
import { explainTask } from "@/lib/calls/explain";
import { isUuid } from "@/lib/validation";

type Db = PrismaClient | Tx;

/**
 * The facts lib/calls/rules.ts needs, for these clients, with the dates that depend on a time zone
 * (last reach, callbacks) taken in each client's site time zone. A handful of clients at a time
 * (one list, one test): the generator itself never loads clients into JavaScript.
 */
export async function loadRuleFacts(db: Db, clientIds: string[]): Promise<Map<string, ClientRuleFacts>> {
  if (clientIds.length === 0) return new Map();
  const clients = await db.client.findMany({
    where: { id: { in: clientIds } },
    select: {
      id: true, enrolmentDate: true, artStartDate: true, category: true, breastfeeding: true, breastfeedingEndDate: true,
      lastVlCopies: true, lastVlDate: true, lastReachedAt: true,
      site: { select: { timeZone: true } },
      appointments: { select: { date: true, kind: true, status: true } },
      infants: { select: { dateOfBirth: true } },
      // The latest viral load by sample date; ties by result date, as the generation statement.
      viralLoads: { orderBy: [{ sampleDate: "desc" }, { resultDate: "desc" }], take: 1, select: { resultDate: true } },
      attempts: { where: { callbackAt: { not: null } }, select: { callbackAt: true } },
    },
  });
  const day = (d: Date | null) => (d ? isoDate(d) : null);
  return new Map(
    clients.map((c) => {
      const tz = c.site.timeZone;
      const facts: ClientRuleFacts = {
        enrolmentDate: isoDate(c.enrolmentDate),
        artStartDate: day(c.artStartDate),
        category: c.category,
        breastfeeding: c.breastfeeding,
        breastfeedingEndDate: day(c.breastfeedingEndDate),
        lastVlCopies: c.lastVlCopies,
        lastVlDate: day(c.lastVlDate),
        lastVlResultDate: c.viralLoads[0] ? isoDate(c.viralLoads[0].resultDate) : null,
        lastReachedDate: c.lastReachedAt ? localDate(tz, c.lastReachedAt) : null,
        appointments: c.appointments.map((a) => ({ date: isoDate(a.date), kind: a.kind, status: a.status })),
        infants: c.infants.map((i) => ({ dateOfBirth: isoDate(i.dateOfBirth) })),
        callbackDates: c.attempts.map((a) => localDate(tz, a.callbackAt!)),
      };
      return [c.id, facts] as const;
    }),
  );
}

/** A country's rule settings and the calendar around `day` (weekends and public holidays). */
export async function countryRules(db: Db, countryId: string, day: string): Promise<{ settings: CountrySettings; calendar: Calendar }> {
  const [country, holidays] = await Promise.all([
    db.country.findUniqueOrThrow({ where: { id: countryId }, select: { settings: true } }),
    // Wide enough for every window the explanation looks at (a reminder looks back at most two
    // weeks; "working days" further away are never asked for).
    db.publicHoliday.findMany({
      where: { countryId, date: { gte: dateOnly(addDaysIso(day, -400)), lte: dateOnly(addDaysIso(day, 400)) } },
      select: { date: true },
    }),
  ]);
  const settings = readCountrySettings(country.settings);
  return { settings, calendar: makeCalendar({ weekendDays: settings.weekendDays, holidays: holidays.map((h) => isoDate(h.date)) }) };
}

/** "Why is this client on my list today": one of the Mentor Mother's own tasks, explained. */
export async function explainMyTask(db: PrismaClient, actor: Actor, taskId: string) {
  assertCan(actor, "queue.work");
  if (!isUuid(taskId)) throw notFound();
  const task = await db.callTask.findFirst({
    where: { id: taskId, mentorId: actor.userId },
    select: {
      id: true, clientId: true, reasons: true, priority: true, taskDate: true, firstDueDate: true,
      client: { select: { firstName: true, site: { select: { countryId: true } } } },
    },
  });
  if (!task) throw notFound();
  const day = isoDate(task.taskDate);
  const [rules, facts] = await Promise.all([countryRules(db, task.client.site.countryId, day), loadRuleFacts(db, [task.clientId])]);
  const f = facts.get(task.clientId);
  return {
    id: task.id,
    firstName: task.client.firstName,
    reasons: task.reasons,
    priority: task.priority,
    day,
    explanation: f ? explainTask({ reasons: task.reasons, taskDate: day, firstDueDate: isoDate(task.firstDueDate) }, f, rules.settings, rules.calendar) : [],
  };
}

/** Sites an administrator may preview, with their country, for the preview form. */
export async function previewSites(db: PrismaClient, actor: Actor) {
  assertCan(actor, "admin.settings");
  return db.site.findMany({
    where: { active: true },
    orderBy: [{ country: { name: "asc" } }, { name: "asc" }],
    select: { id: true, name: true, code: true, timeZone: true, country: { select: { id: true, name: true, settings: true } } },
  });
}
