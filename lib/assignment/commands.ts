// Assignment writes by supervisors and administrators (permission clients.assign): moving clients
// by hand or "balance automatically", and Mentor Mothers' leave. Every client move is a row in
// assignment history (lib/assignment/engine.ts writeAssignments) and takes the client's open call
// tasks along; a leave moves only her call tasks of those days, never her clients.
import { command, type Tx } from "@/lib/action";
import { clientScope, type Actor } from "@/lib/authz";
import { AppError, notFound } from "@/lib/errors";
import { dateOnly, isoDate } from "@/lib/dates";
import { regenerateToday } from "@/lib/calls/commands";
import { localDay } from "@/lib/site-clock";
import { readCountrySettings } from "@/lib/settings/schemas";
import { assignMany, overlapsAny, releaseSelected, roomLeft, scarceLanguagesFirst } from "@/lib/assignment/rules";
import {
  candidatesForSite,
  coverTasks,
  lockSites,
  siteToday,
  writeAssignments,
  type PlacementShortfall,
} from "@/lib/assignment/engine";
import { mentorScope } from "@/lib/assignment/scope";
import { moveOpenTasks } from "@/lib/calls/tasks";
import { addLeaveSchema, moveClientsSchema, removeLeaveSchema } from "@/lib/assignment/schemas";

export type MoveResult = {
  /** Clients that changed Mentor Mother */
  moved: number;
  /** Already with the chosen Mentor Mother, or best left where they are when balancing */
  unchanged: number;
  /** Balancing only: clients nobody could take (they stay with their current Mentor Mother) */
  unplaced: number;
  shortfall: PlacementShortfall | null;
  tasksMoved: number;
};

type ClientRow = { id: string; siteId: string; mentorId: string | null; preferredLanguage: string };

/** The selected clients, every one in the actor's scope and active; otherwise nothing happens. */
async function loadClients(tx: Tx, actor: Actor, ids: string[]): Promise<ClientRow[]> {
  const rows = await tx.client.findMany({
    where: { AND: [clientScope(actor), { id: { in: ids } }] },
    select: { id: true, siteId: true, mentorId: true, preferredLanguage: true, status: true },
    orderBy: { id: "asc" },
  });
  if (rows.length !== ids.length) throw notFound();
  if (rows.some((r) => r.status !== "ACTIVE")) throw new AppError("VALIDATION", "clientsNotActive");
  return rows;
}

/** Moves to one chosen Mentor Mother: active, at the clients' site, and never above her cap. */
async function moveToMentor(tx: Tx, actor: Actor, clients: ClientRow[], mentorId: string, note: string | undefined, now: Date): Promise<MoveResult> {
  const siteIds = [...new Set(clients.map((c) => c.siteId))];
  const target = await tx.user.findFirst({
    where: {
      AND: [mentorScope(actor), { id: mentorId, active: true }, ...siteIds.map((siteId) => ({ sites: { some: { siteId } } }))],
    },
    select: { id: true, mentorProfile: { select: { caseloadCap: true } } },
  });
  if (!target) throw notFound();
  const sites = await siteToday(tx, siteIds, now);
  // Counted under the site lock (taken by the command), so a move running at the same moment is
  // already included.
  const [caseload, site] = await Promise.all([
    tx.client.count({ where: { mentorId, status: "ACTIVE" } }),
    tx.site.findUniqueOrThrow({ where: { id: siteIds[0]! }, select: { country: { select: { settings: true } } } }),
  ]);
  const cap = target.mentorProfile?.caseloadCap ?? readCountrySettings(site.country.settings).caseloadCap;
  const incoming = clients.filter((c) => c.mentorId !== mentorId);
  const room = roomLeft({ caseload, cap });
  // Never above the cap, not even by hand: the supervisor picks fewer clients or another person.
  if (incoming.length > room) throw new AppError("VALIDATION", `mentorFull|${room}`, { target: [`mentorFull|${room}`] });

  await writeAssignments(tx, incoming.map((c) => ({ clientId: c.id, mentorId })), "manual", actor.userId, note);
  let tasksMoved = 0;
  for (const siteId of siteIds) {
    const today = sites.get(siteId)!.today;
    const ofSite = incoming.filter((c) => c.siteId === siteId);
    tasksMoved += await moveOpenTasks(tx, ofSite.map((c) => ({ clientId: c.id, fromMentorId: c.mentorId, toMentorId: mentorId })), today);
    // She may be on leave some day ahead: those days' calls go to whoever covers.
    tasksMoved += (await coverTasks(tx, { mentorIds: [mentorId], fromDay: today })).moved;
  }
  return { moved: incoming.length, unchanged: clients.length - incoming.length, unplaced: 0, shortfall: null, tasksMoved };
}

/** "Balance automatically": the automatic rule among all of the site's available Mentor Mothers,
 * the selected clients first released from their current holders' counts. */
async function balance(tx: Tx, actor: Actor, clients: ClientRow[], note: string | undefined, now: Date): Promise<MoveResult> {
  const siteIds = [...new Set(clients.map((c) => c.siteId))];
  const sites = await siteToday(tx, siteIds, now);
  const out: MoveResult = { moved: 0, unchanged: 0, unplaced: 0, shortfall: null, tasksMoved: 0 };
  for (const siteId of siteIds) {
    const site = sites.get(siteId)!;
    const ofSite = clients.filter((c) => c.siteId === siteId);
    const candidates = releaseSelected(await candidatesForSite(tx, siteId, site.today), ofSite);
    const picks = assignMany(scarceLanguagesFirst(ofSite.map((c) => ({ id: c.id, language: c.preferredLanguage })), candidates), candidates);
    const moves: { clientId: string; fromMentorId: string | null; toMentorId: string }[] = [];
    let unplaced = 0;
    let reason: PlacementShortfall["reason"] = "all-full";
    for (const c of ofSite) {
      const p = picks.get(c.id)!;
      if (p.mentorId === null) {
        unplaced++;
        reason = p.reason;
      } else if (p.mentorId === c.mentorId) out.unchanged++;
      else moves.push({ clientId: c.id, fromMentorId: c.mentorId, toMentorId: p.mentorId });
    }
    await writeAssignments(tx, moves.map((m) => ({ clientId: m.clientId, mentorId: m.toMentorId })), "balance", actor.userId, note);
    out.moved += moves.length;
    out.tasksMoved += await moveOpenTasks(tx, moves, site.today);
    out.tasksMoved += (await coverTasks(tx, { mentorIds: [...new Set(moves.map((m) => m.toMentorId))], fromDay: site.today })).moved;
    if (unplaced) {
      out.unplaced += unplaced;
      out.shortfall ??= { count: unplaced, reason, siteId, siteName: site.name };
    }
  }
  return out;
}

export const moveClientsCommand = command({
  name: "assignment.move",
  permission: "clients.assign",
  schema: moveClientsSchema,
  async run({ tx, actor, input, now }) {
    // Lock the clients' sites, then read the clients again: their holders as they are now, not as
    // they were before a move that was running at the same moment finished.
    await lockSites(tx, [...new Set((await loadClients(tx, actor, input.clientIds)).map((c) => c.siteId))]);
    const clients = await loadClients(tx, actor, input.clientIds);
    const result =
      input.target === "balance" ? await balance(tx, actor, clients, input.note, now) : await moveToMentor(tx, actor, clients, input.target, input.note, now);
    // New holders, new capacities: today's lists of these sites are ranked again.
    const regenerated = result.moved ? await regenerateToday(tx, [...new Set(clients.map((c) => c.siteId))], now, actor.userId) : [];
    return {
      data: result,
      audit: [...regenerated, {
        action: "assignment.changed",
        entityType: "user",
        entityId: input.target === "balance" ? null : input.target,
        meta: {
          count: result.moved,
          toMentorId: input.target,
          selected: clients.length,
          unchanged: result.unchanged,
          unplaced: result.unplaced,
          tasksMoved: result.tasksMoved,
          noted: !!input.note,
          // Ids only: which clients changed hands is part of the record, as the history rows are.
          clientIds: clients.map((c) => c.id),
        },
      }],
    };
  },
});

/** A Mentor Mother the actor manages; her site(s) locked for the change. */
async function loadMentor(tx: Tx, actor: Actor, mentorId: string, now: Date) {
  const mentor = await tx.user.findFirst({
    where: { AND: [mentorScope(actor), { id: mentorId }] },
    select: { id: true, sites: { select: { siteId: true } } },
  });
  if (!mentor) throw notFound();
  const siteIds = mentor.sites.map((s) => s.siteId);
  await lockSites(tx, siteIds);
  const sites = await siteToday(tx, siteIds, now);
  // "Today" of her site (a Mentor Mother has one); the earliest when the data says otherwise.
  const today = [...sites.values()].map((s) => s.today).sort()[0] ?? localDay("UTC", now);
  return { id: mentor.id, today, siteIds };
}

export const addLeaveCommand = command({
  name: "assignment.addLeave",
  permission: "clients.assign",
  schema: addLeaveSchema,
  async run({ tx, actor, input, now }) {
    const mentor = await loadMentor(tx, actor, input.mentorId, now);
    const existing = await tx.mentorLeave.findMany({ where: { userId: mentor.id }, select: { startDate: true, endDate: true } });
    const ranges = existing.map((l) => ({ start: l.startDate.toISOString().slice(0, 10), end: l.endDate.toISOString().slice(0, 10) }));
    if (overlapsAny(input.startDate, input.endDate, ranges)) {
      throw new AppError("VALIDATION", "correctFields", { startDate: ["leaveOverlap"] });
    }
    const leave = await tx.mentorLeave.create({
      data: { userId: mentor.id, startDate: dateOnly(input.startDate), endDate: dateOnly(input.endDate), reason: input.reason ?? null },
      select: { id: true },
    });
    // Only calls of the leave's days move (past days are history); her clients stay hers.
    const from = input.startDate > mentor.today ? input.startDate : mentor.today;
    const cover = input.endDate < from ? { moved: 0, uncovered: 0 } : await coverTasks(tx, { mentorIds: [mentor.id], fromDay: from, toDay: input.endDate });
    const days = (Date.parse(input.endDate) - Date.parse(input.startDate)) / 86_400_000 + 1;
    return {
      data: { id: leave.id, tasksMoved: cover.moved, tasksUncovered: cover.uncovered },
      audit: [
        { action: "leave.added", entityType: "user", entityId: mentor.id, meta: { leaveId: leave.id, days } },
        { action: "tasks.moved_for_leave", entityType: "user", entityId: mentor.id, meta: { leaveId: leave.id, moved: cover.moved, uncovered: cover.uncovered } },
        // A leave from today: her untouched calls nobody could take wait for her next working day.
        ...(input.startDate <= mentor.today && mentor.today <= input.endDate ? await regenerateToday(tx, mentor.siteIds, now, actor.userId) : []),
      ],
    };
  },
});

export const removeLeaveCommand = command({
  name: "assignment.removeLeave",
  permission: "clients.assign",
  schema: removeLeaveSchema,
  async run({ tx, actor, input, now }) {
    const leave = await tx.mentorLeave.findFirst({
      where: { id: input.leaveId, user: mentorScope(actor) },
      select: { id: true, userId: true, startDate: true, endDate: true },
    });
    if (!leave) throw notFound();
    const mentor = await loadMentor(tx, actor, leave.userId, now);
    // Calls already handed to colleagues stay with them: they may have started on them.
    await tx.mentorLeave.delete({ where: { id: leave.id } });
    const days = (leave.endDate.getTime() - leave.startDate.getTime()) / 86_400_000 + 1;
    const today = isoDate(leave.startDate) <= mentor.today && mentor.today <= isoDate(leave.endDate);
    return {
      data: { id: leave.id },
      audit: [
        { action: "leave.removed", entityType: "user", entityId: leave.userId, meta: { leaveId: leave.id, days } },
        // Back at work today: her list of today is made now.
        ...(today ? await regenerateToday(tx, mentor.siteIds, now, actor.userId) : []),
      ],
    };
  },
});
