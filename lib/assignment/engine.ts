// Automatic assignment against the database: loads each site's candidate Mentor Mothers once,
// places the clients with the pure rule (lib/assignment/rules.ts), then writes the assignment
// history rows and clients.mentor_id in two set-based statements, however many clients there are.
import type { Tx } from "@/lib/action";
import { readCountrySettings } from "@/lib/settings/schemas";
import { localDay } from "@/lib/site-clock";
import { assignMany, assignTasksByDay, scarceLanguagesFirst, type MentorCandidate, type Pick } from "@/lib/assignment/rules";
import { OPEN_TASK_STATUSES } from "@/lib/calls/task-status";
import { cancelOpenTasks, cancelTasks, handOverTasks, moveOpenTasks } from "@/lib/calls/tasks";

export type AssignReason = "enrolment" | "import" | "deactivation" | "manual" | "balance" | "seed" | "transfer";

/** Active Mentor Mothers of a site, not on leave on `day` (YYYY-MM-DD), with caseload and cap. */
export async function candidatesForSite(tx: Tx, siteId: string, day: string, excludeMentorIds: string[] = []): Promise<MentorCandidate[]> {
  const site = await tx.site.findUniqueOrThrow({ where: { id: siteId }, select: { country: { select: { settings: true } } } });
  const countryCap = readCountrySettings(site.country.settings).caseloadCap;
  const rows = await tx.$queryRaw<{ id: string; languages: string[]; caseload: bigint; cap: number | null }[]>`
    SELECT u.id, mp.languages, mp.caseload_cap AS cap,
           (SELECT count(*) FROM clients c WHERE c.mentor_id = u.id AND c.status = 'ACTIVE') AS caseload
    FROM users u
    JOIN user_sites us ON us.user_id = u.id AND us.site_id = ${siteId}::uuid
    JOIN mentor_profiles mp ON mp.user_id = u.id
    WHERE u.role = 'MENTOR_MOTHER' AND u.active
      AND NOT EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = u.id AND ${day}::date BETWEEN l.start_date AND l.end_date)`;
  return rows
    .filter((r) => !excludeMentorIds.includes(r.id))
    .map((r) => ({ id: r.id, languages: r.languages, caseload: Number(r.caseload), cap: r.cap ?? countryCap }));
}

/**
 * Assigns `clients` (all of one site) automatically. Closes any open assignment of those clients
 * first. Returns the pick per client; clients nobody can take stay unassigned (mentor_id null)
 * and the caller explains why ("no-mentor" / "all-full").
 */
export async function autoAssign(
  tx: Tx,
  opts: { siteId: string; day: string; clients: { id: string; language: string }[]; reason: AssignReason; changedById: string | null; excludeMentorIds?: string[] },
): Promise<Map<string, Pick>> {
  // Caseloads are read then written: concurrent placements at one site must queue (lockSites).
  await lockSites(tx, [opts.siteId]);
  const candidates = await candidatesForSite(tx, opts.siteId, opts.day, opts.excludeMentorIds);
  const picks = assignMany(opts.clients, candidates);
  const placed = [...picks].filter(([, p]) => p.mentorId) as [string, { mentorId: string }][];
  await writeAssignments(tx, placed.map(([clientId, p]) => ({ clientId, mentorId: p.mentorId })), opts.reason, opts.changedById);
  return picks;
}

/** Records new holders for clients: ends open assignments, opens new ones, mirrors clients.mentor_id. */
export async function writeAssignments(
  tx: Tx,
  moves: { clientId: string; mentorId: string }[],
  reason: AssignReason,
  changedById: string | null,
  note?: string,
): Promise<void> {
  if (moves.length === 0) return;
  const clientIds = moves.map((m) => m.clientId);
  const mentorIds = moves.map((m) => m.mentorId);
  await tx.$executeRaw`
    UPDATE assignments SET end_at = now()
    WHERE end_at IS NULL AND client_id = ANY(${clientIds}::uuid[])`;
  await tx.$executeRaw`
    INSERT INTO assignments (client_id, mentor_id, reason, note, changed_by_id)
    SELECT c, m, ${reason}, ${note ?? null}, ${changedById}::uuid
    FROM unnest(${clientIds}::uuid[], ${mentorIds}::uuid[]) AS t(c, m)`;
  await tx.$executeRaw`
    UPDATE clients SET mentor_id = t.m, version = version + 1, updated_at = now()
    FROM unnest(${clientIds}::uuid[], ${mentorIds}::uuid[]) AS t(c, m)
    WHERE clients.id = t.c`;
}

// ------------------------------------------------------------------------------------------------
// Operations after the first assignment: moving clients between Mentor Mothers (deactivation, by
// hand, balancing) and moving call tasks (with their client, or to cover a leave).

/**
 * Serialises assignment decisions per site until the transaction ends, so two moves (or a move and
 * a deactivation) at the same moment cannot both count the same free places and push a Mentor
 * Mother above her cap. Sorted, so two transactions never wait on each other in opposite orders.
 */
export async function lockSites(tx: Tx, siteIds: string[]): Promise<void> {
  for (const id of [...new Set(siteIds)].sort()) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`assignment:${id}`}))`;
  }
}

/** Each site's "today" (YYYY-MM-DD in its time zone): tasks from that day on move. */
export async function siteToday(tx: Tx, siteIds: string[], now: Date): Promise<Map<string, { today: string; name: string }>> {
  const sites = await tx.site.findMany({ where: { id: { in: [...new Set(siteIds)] } }, select: { id: true, name: true, timeZone: true } });
  return new Map(sites.map((s) => [s.id, { today: localDay(s.timeZone, now), name: s.name }]));
}

/**
 * Who can take calls on each of `days` at a site: active Mentor Mothers who work that weekday and
 * are not on leave, with the tasks they already have that day (anything not cancelled or carried
 * to a later day uses up capacity) against their daily capacity.
 */
async function taskCandidatesByDay(tx: Tx, siteId: string, days: string[], excludeMentorIds: string[]): Promise<Map<string, MentorCandidate[]>> {
  const rows = await tx.$queryRaw<{ day: string; id: string; languages: string[]; cap: number; load: bigint }[]>`
    SELECT d.day::text AS day, u.id, mp.languages, mp.daily_capacity AS cap,
           (SELECT count(*) FROM call_tasks t WHERE t.mentor_id = u.id AND t.task_date = d.day
              AND t.status::text NOT IN ('CANCELLED', 'CARRIED_OVER')) AS load
    FROM unnest(${days}::date[]) AS d(day)
    CROSS JOIN users u
    JOIN user_sites us ON us.user_id = u.id AND us.site_id = ${siteId}::uuid
    JOIN mentor_profiles mp ON mp.user_id = u.id
    WHERE u.role = 'MENTOR_MOTHER' AND u.active AND NOT (u.id = ANY(${excludeMentorIds}::uuid[]))
      AND extract(isodow FROM d.day)::int = ANY(mp.working_days)
      AND NOT EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = u.id AND d.day BETWEEN l.start_date AND l.end_date)`;
  const out = new Map<string, MentorCandidate[]>();
  for (const r of rows) {
    (out.get(r.day) ?? out.set(r.day, []).get(r.day)!).push({ id: r.id, languages: r.languages, caseload: Number(r.load), cap: r.cap });
  }
  return out;
}

export type TaskCover = { moved: number; uncovered: number };

/**
 * Gives the open tasks (from `fromDay` on, up to `toDay` when given) that these Mentor Mothers hold
 * on days they are on leave - or, with `allDays`, on every day (she has left) - to colleagues free
 * that day. The clients stay theirs. Tasks nobody can take stay where they are, or are cancelled
 * with `cancelUncovered` (a deactivated Mentor Mother will not call anyone).
 */
export async function coverTasks(
  tx: Tx,
  opts: { mentorIds: string[]; fromDay: string; toDay?: string; allDays?: boolean; cancelUncovered?: boolean },
): Promise<TaskCover> {
  if (opts.mentorIds.length === 0) return { moved: 0, uncovered: 0 };
  const tasks = await tx.$queryRaw<{ id: string; day: string; language: string; siteId: string; mentorId: string }[]>`
    SELECT t.id, t.task_date::text AS day, c.preferred_language AS language, c.site_id AS "siteId", t.mentor_id AS "mentorId"
    FROM call_tasks t JOIN clients c ON c.id = t.client_id
    WHERE t.mentor_id = ANY(${opts.mentorIds}::uuid[])
      AND t.task_date >= ${opts.fromDay}::date
      AND (${opts.toDay ?? null}::date IS NULL OR t.task_date <= ${opts.toDay ?? null}::date)
      AND t.status::text = ANY(${[...OPEN_TASK_STATUSES]}::text[])
      AND (${opts.allDays ?? false} OR EXISTS (
        SELECT 1 FROM mentor_leaves l WHERE l.user_id = t.mentor_id AND t.task_date BETWEEN l.start_date AND l.end_date))
    ORDER BY t.task_date, t.priority, t.id`;
  if (tasks.length === 0) return { moved: 0, uncovered: 0 };

  const bySite = new Map<string, typeof tasks>();
  for (const t of tasks) (bySite.get(t.siteId) ?? bySite.set(t.siteId, []).get(t.siteId)!).push(t);
  const moves: { id: string; mentorId: string }[] = [];
  const uncovered: string[] = [];
  for (const [siteId, list] of bySite) {
    const candidates = await taskCandidatesByDay(tx, siteId, [...new Set(list.map((t) => t.day))], opts.mentorIds);
    const picks = assignTasksByDay(list, candidates);
    for (const t of list) {
      const p = picks.get(t.id);
      if (p?.mentorId) moves.push({ id: t.id, mentorId: p.mentorId });
      else uncovered.push(t.id);
    }
  }
  await handOverTasks(tx, moves);
  if (opts.cancelUncovered) await cancelTasks(tx, uncovered);
  return { moved: moves.length, uncovered: uncovered.length };
}

export type PlacementShortfall = { count: number; reason: "no-mentor" | "all-full"; siteId: string; siteName: string };

export type Redistribution = {
  moved: number;
  unplaced: number;
  /** Where clients could not be placed and why (the first such site; a Mentor Mother has one). */
  shortfall: PlacementShortfall | null;
  tasksMoved: number;
  tasksCancelled: number;
};

/**
 * A Mentor Mother leaves (deactivation): every active client of hers goes to the other active
 * Mentor Mothers of the client's site by the automatic rule; her open tasks from today on go with
 * them. Clients nobody can take are left without a Mentor Mother (mentor_id null, her assignment
 * closed) and their open tasks cancelled, for a supervisor to place by hand. Tasks she held for
 * other people's clients (leave cover) go to colleagues free that day, or are cancelled.
 * Call it after she is marked inactive, in the same transaction.
 */
export async function redistributeClientsOf(tx: Tx, mentorId: string, changedById: string | null, now: Date): Promise<Redistribution> {
  // Her site locked first, then her clients read: a move finishing meanwhile is seen as done.
  const herSites = await tx.userSite.findMany({ where: { userId: mentorId }, select: { siteId: true } });
  await lockSites(tx, herSites.map((s) => s.siteId));
  const clients = await tx.client.findMany({
    where: { mentorId, status: "ACTIVE" },
    select: { id: true, siteId: true, preferredLanguage: true },
    orderBy: { id: "asc" },
  });
  const siteIds = [...new Set([...clients.map((c) => c.siteId), ...herSites.map((s) => s.siteId)])];
  // Clients at another site than hers (data moved by hand) are locked too.
  await lockSites(tx, siteIds);
  const sites = await siteToday(tx, siteIds, now);

  const out: Redistribution = { moved: 0, unplaced: 0, shortfall: null, tasksMoved: 0, tasksCancelled: 0 };
  for (const siteId of new Set(clients.map((c) => c.siteId))) {
    const site = sites.get(siteId)!;
    const ofSite = clients.filter((c) => c.siteId === siteId);
    const candidates = await candidatesForSite(tx, siteId, site.today, [mentorId]);
    const picks = assignMany(
      scarceLanguagesFirst(ofSite.map((c) => ({ id: c.id, language: c.preferredLanguage })), candidates),
      candidates,
    );
    const placed: { clientId: string; fromMentorId: string; toMentorId: string }[] = [];
    const unplaced: string[] = [];
    let reason: PlacementShortfall["reason"] = "all-full";
    for (const c of ofSite) {
      const p = picks.get(c.id)!;
      if (p.mentorId !== null) placed.push({ clientId: c.id, fromMentorId: mentorId, toMentorId: p.mentorId });
      else {
        unplaced.push(c.id);
        reason = p.reason;
      }
    }
    await writeAssignments(tx, placed.map((p) => ({ clientId: p.clientId, mentorId: p.toMentorId })), "deactivation", changedById);
    out.moved += placed.length;
    out.tasksMoved += await moveOpenTasks(tx, placed, site.today);
    if (unplaced.length) {
      await tx.$executeRaw`UPDATE assignments SET end_at = ${now} WHERE end_at IS NULL AND client_id = ANY(${unplaced}::uuid[])`;
      await tx.$executeRaw`
        UPDATE clients SET mentor_id = NULL, version = version + 1, updated_at = now()
        WHERE id = ANY(${unplaced}::uuid[])`;
      out.tasksCancelled += await cancelOpenTasks(tx, { clientIds: unplaced, mentorId, fromDay: site.today });
      out.unplaced += unplaced.length;
      out.shortfall ??= { count: unplaced.length, reason, siteId, siteName: site.name };
    }
    // A new holder may be on leave on some later day: those days' tasks are covered now.
    const cover = await coverTasks(tx, { mentorIds: [...new Set(placed.map((p) => p.toMentorId))], fromDay: site.today });
    out.tasksMoved += cover.moved;
  }
  // Whatever she still holds (cover for colleagues, clients no longer active) goes to whoever is free.
  const today = [...sites.values()].map((s) => s.today).sort()[0];
  if (today) {
    const rest = await coverTasks(tx, { mentorIds: [mentorId], fromDay: today, allDays: true, cancelUncovered: true });
    out.tasksMoved += rest.moved;
    out.tasksCancelled += rest.uncovered;
  }
  return out;
}
