// Reads for the daily call lists: the "why is this client on my list" explanation of one of a Mentor
// Mother's tasks (lib/calls/explain.ts, the same rules that made the task) and the rule facts of a
// few clients as lib/calls/rules.ts takes them. Her queue itself is lib/calls/queue.ts.
import { messageHolds } from "@/lib/messages/rules";
import { BLOCKING_STATUSES, type EscalationCause } from "@/lib/escalations/rules";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/action";
import { assertCan, taskScope, type Actor } from "@/lib/authz";
import { writeAudit } from "@/lib/audit";
import { notFound } from "@/lib/errors";
import { dateOnly, isoDate } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { readCountrySettings, type CountrySettings } from "@/lib/settings/schemas";
import { addDaysIso, makeCalendar, type Calendar } from "@/lib/calls/calendar";
import type { ClientRuleFacts } from "@/lib/calls/rules";
import { explainTask } from "@/lib/calls/explain";
import { isUuid } from "@/lib/validation";
import { actorClock } from "@/lib/calls/claim";

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
      appointments: {
        select: {
          date: true, kind: true, status: true, resolvedAt: true,
          messages: {
            where: { direction: "out", reason: { in: ["appointment", "appointment_day"] } },
            select: { events: { orderBy: { id: "desc" }, take: 1, select: { status: true } } },
          },
        },
      },
      infants: { select: { dateOfBirth: true } },
      // The latest viral load by sample date; ties by result date, as the generation statement.
      viralLoads: { orderBy: [{ sampleDate: "desc" }, { resultDate: "desc" }], take: 1, select: { resultDate: true } },
      attempts: { where: { callbackAt: { not: null } }, select: { callbackAt: true } },
      // a reply to a reminder message asks for a call like a callback, as its own reason (lib/messages/inbound.ts)
      messages: { where: { direction: "in", reason: "reply" }, select: { createdAt: true } },
      escalations: { where: { status: { in: [...BLOCKING_STATUSES] } }, select: { cause: true } },
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
        lastReachedDate: c.lastReachedAt ? localDay(tz, c.lastReachedAt) : null,
        appointments: c.appointments.map((a) => ({
          date: isoDate(a.date), kind: a.kind, status: a.status, resolved: a.resolvedAt !== null,
          messageHolds: a.messages.some((m) => messageHolds(m.events[0]?.status ?? null)),
        })),
        infants: c.infants.map((i) => ({ dateOfBirth: isoDate(i.dateOfBirth) })),
        callbackDates: c.attempts.map((a) => localDay(tz, a.callbackAt!)),
        replyDates: c.messages.map((m) => localDay(tz, m.createdAt)),
        openEscalations: c.escalations.map((e) => e.cause as EscalationCause),
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

/** "Why is this client on my list today": a task she may open (lib/authz.ts taskScope), explained.
 * The sentences name viral loads and appointments: the read is audited. */
export async function explainMyTask(
  db: PrismaClient,
  actor: Actor,
  taskId: string,
  now: Date,
  meta: { requestId?: string | null; ip?: string | null } = {},
) {
  assertCan(actor, "queue.work");
  if (!isUuid(taskId)) throw notFound();
  const clock = await actorClock(db, actor, now);
  const task = await db.callTask.findFirst({
    where: { AND: [{ id: taskId }, taskScope(actor, clock?.day ?? null)] },
    select: {
      id: true, clientId: true, reasons: true, priority: true, taskDate: true, firstDueDate: true,
      client: { select: { firstName: true, sex: true, site: { select: { countryId: true } } } },
    },
  });
  if (!task) throw notFound();
  await writeAudit(db, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip }, {
    action: "client.viewed",
    entityType: "client",
    entityId: task.clientId,
    meta: { via: "why", taskId: task.id },
  });
  const day = isoDate(task.taskDate);
  const [rules, facts] = await Promise.all([countryRules(db, task.client.site.countryId, day), loadRuleFacts(db, [task.clientId])]);
  const f = facts.get(task.clientId);
  return {
    id: task.id,
    firstName: task.client.firstName,
    sex: task.client.sex,
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

export type TodayRun = {
  siteId: string;
  siteName: string;
  siteCode: string;
  timeZone: string;
  /** The site's local today. */
  day: string;
  /** The latest run of that day, or null when the day was not generated yet. */
  run: { at: Date; trigger: string; byName: string | null; runs: number; created: number; kept: number } | null;
};

/**
 * Today's lists of the sites the actor may generate (lib/calls/commands.ts generateTodayCommand):
 * when and by what each site's local today was generated. A supervisor: her sites; an
 * administrator: every active site, the latest runs first, at most `limit`.
 */
export async function todayRuns(db: PrismaClient, actor: Actor, now: Date, limit = 50): Promise<TodayRun[]> {
  assertCan(actor, "calls.generate");
  const sites = await db.site.findMany({
    where: { active: true, ...(actor.role === "ADMIN" ? {} : { id: { in: actor.siteIds } }) },
    orderBy: { name: "asc" },
    select: { id: true, name: true, code: true, timeZone: true },
  });
  const today = sites.map((s) => ({ ...s, day: localDay(s.timeZone, now) }));
  const runs = today.length
    ? await db.callListRun.findMany({
        where: { OR: today.map((s) => ({ siteId: s.id, day: dateOnly(s.day) })) },
        select: { siteId: true, generatedAt: true, trigger: true, generatedById: true, runs: true, created: true, kept: true },
      })
    : [];
  const people = await db.user.findMany({
    where: { id: { in: runs.map((r) => r.generatedById).filter((x): x is string => x !== null) } },
    select: { id: true, name: true },
  });
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  const bySite = new Map(runs.map((r) => [r.siteId, r]));
  return today
    .map((s) => {
      const r = bySite.get(s.id);
      return {
        siteId: s.id,
        siteName: s.name,
        siteCode: s.code,
        timeZone: s.timeZone,
        day: s.day,
        run: r
          ? { at: r.generatedAt, trigger: r.trigger, byName: r.generatedById ? (nameOf.get(r.generatedById) ?? null) : null, runs: r.runs, created: r.created, kept: r.kept }
          : null,
      };
    })
    .sort((a, b) => (b.run?.at.getTime() ?? 0) - (a.run?.at.getTime() ?? 0) || a.siteName.localeCompare(b.siteName))
    .slice(0, limit);
}
