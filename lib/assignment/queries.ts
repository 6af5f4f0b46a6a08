// Reads for the supervision pages (caseloads, reassignment) and the leave lists. Every query checks
// clients.assign and limits its own `where` to the actor's sites (supervisor) or all (admin).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, clientScope, siteScope, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";
import { isoDate, dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { readCountrySettings } from "@/lib/settings/schemas";
import { mentorScope } from "@/lib/assignment/scope";
import { REASSIGN_PAGE_SIZE, type ReassignParams } from "@/lib/assignment/schemas";
import { isUuid, likeLiteral, withoutControlCharacters } from "@/lib/validation";

/** Sites whose caseloads the actor manages, with the one to show (the requested one when it is
 * in scope, else the first). */
export async function assignmentSites(db: PrismaClient, actor: Actor, requested?: string) {
  assertCan(actor, "clients.assign");
  const sites = await db.site.findMany({
    where: siteScope(actor),
    orderBy: [{ country: { name: "asc" } }, { name: "asc" }],
    select: { id: true, code: true, name: true, timeZone: true, active: true, country: { select: { name: true, settings: true } } },
  });
  const current = sites.find((s) => s.id === requested) ?? sites.find((s) => s.active) ?? sites[0] ?? null;
  return { sites, current };
}

export type AssignmentSite = NonNullable<Awaited<ReturnType<typeof assignmentSites>>["current"]>;

/** The site's active Mentor Mothers: caseload (active clients) against her cap, languages, daily
 * capacity, whether she is on leave today and her current and coming leaves. */
export async function siteCaseloads(db: PrismaClient, actor: Actor, site: AssignmentSite, now: Date) {
  assertCan(actor, "clients.assign");
  const today = localDay(site.timeZone, now);
  const countryCap = readCountrySettings(site.country.settings).caseloadCap;
  const [mentors, unassigned] = await Promise.all([
    db.user.findMany({
      where: { AND: [mentorScope(actor), { active: true, sites: { some: { siteId: site.id } } }] },
      orderBy: { name: "asc" },
      select: {
        id: true, name: true, username: true,
        mentorProfile: { select: { languages: true, dailyCapacity: true, caseloadCap: true } },
        _count: { select: { clients: { where: { status: "ACTIVE" } } } },
        leaves: {
          where: { endDate: { gte: dateOnly(today) } },
          orderBy: { startDate: "asc" },
          select: { id: true, startDate: true, endDate: true, reason: true },
        },
      },
    }),
    db.client.count({ where: { AND: [clientScope(actor), { siteId: site.id, status: "ACTIVE", mentorId: null }] } }),
  ]);
  return {
    today,
    unassigned,
    mentors: mentors.map((m) => {
      const cap = m.mentorProfile?.caseloadCap ?? countryCap;
      const leaves = m.leaves.map((l) => ({ id: l.id, start: isoDate(l.startDate), end: isoDate(l.endDate), reason: l.reason }));
      return {
        id: m.id,
        name: m.name,
        username: m.username,
        languages: m.mentorProfile?.languages ?? [],
        dailyCapacity: m.mentorProfile?.dailyCapacity ?? 0,
        caseload: m._count.clients,
        cap,
        ownCap: m.mentorProfile?.caseloadCap != null,
        onLeaveToday: leaves.some((l) => l.start <= today && today <= l.end),
        leaves,
      };
    }),
  };
}

export type SiteCaseload = Awaited<ReturnType<typeof siteCaseloads>>["mentors"][number];

/** One page (keyset, by name) of the site's active clients for the reassignment table. */
export async function listReassignClients(
  db: PrismaClient,
  actor: Actor,
  siteId: string,
  filter: Pick<ReassignParams, "mentor" | "language" | "q" | "after" | "client"> = {},
) {
  assertCan(actor, "clients.assign");
  // A control character (a NUL byte) would make PostgreSQL fail the query: a search drops them.
  const q = filter.q ? withoutControlCharacters(filter.q).trim() : undefined;
  const rows = await db.client.findMany({
    where: {
      AND: [
        clientScope(actor),
        { siteId, status: "ACTIVE" },
        filter.client ? { id: filter.client } : {},
        filter.mentor === "none" ? { mentorId: null } : filter.mentor ? { mentorId: filter.mentor } : {},
        filter.language ? { preferredLanguage: filter.language } : {},
        q
          ? {
              OR: [
                { ref: { contains: likeLiteral(q), mode: "insensitive" } },
                { firstName: { contains: likeLiteral(q), mode: "insensitive" } },
                { lastName: { contains: likeLiteral(q), mode: "insensitive" } },
              ],
            }
          : {},
      ],
    },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    // Prisma's cursor keeps the compound order: the page starts after the cursor row.
    ...(filter.after ? { cursor: { id: filter.after }, skip: 1 } : {}),
    take: REASSIGN_PAGE_SIZE + 1,
    select: {
      id: true, ref: true, firstName: true, lastName: true, preferredLanguage: true, category: true,
      mentor: { select: { id: true, name: true } },
    },
  });
  const hasMore = rows.length > REASSIGN_PAGE_SIZE;
  const items = hasMore ? rows.slice(0, REASSIGN_PAGE_SIZE) : rows;
  return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}

/** The site of one active client in scope (the reassign page's ?client=), or null. */
export async function clientSiteFor(db: PrismaClient, actor: Actor, clientId: string): Promise<string | null> {
  assertCan(actor, "clients.assign");
  if (!isUuid(clientId)) return null;
  const c = await db.client.findFirst({ where: { AND: [clientScope(actor), { id: clientId, status: "ACTIVE" }] }, select: { siteId: true } });
  return c?.siteId ?? null;
}

/** A Mentor Mother's leave ranges, newest first (the admin user page and the caseload page). */
export async function listLeaves(db: PrismaClient, actor: Actor, mentorId: string, now: Date) {
  assertCan(actor, "clients.assign");
  if (!isUuid(mentorId)) throw notFound();
  const mentor = await db.user.findFirst({
    where: { AND: [mentorScope(actor), { id: mentorId }] },
    select: { id: true, sites: { select: { site: { select: { timeZone: true } } }, take: 1 } },
  });
  if (!mentor) throw notFound();
  const rows = await db.mentorLeave.findMany({
    where: { userId: mentorId },
    orderBy: { startDate: "desc" },
    take: 50,
    select: { id: true, startDate: true, endDate: true, reason: true },
  });
  return {
    // "Today" where she works, to mark a leave that is running now.
    today: localDay(mentor.sites[0]?.site.timeZone ?? "UTC", now),
    leaves: rows.map((l) => ({ id: l.id, start: isoDate(l.startDate), end: isoDate(l.endDate), reason: l.reason })),
  };
}
