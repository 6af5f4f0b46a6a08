import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { likeLiteral, withoutControlCharacters } from "@/lib/validation";
import { assertCan, userScope, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";
import { listCountries, listSites } from "@/lib/sites/queries";
import { getProgrammeSettings } from "@/lib/settings/queries";

export const USERS_PAGE_SIZE = 25;

const listSelect = {
  id: true, username: true, name: true, role: true, active: true, phone: true,
  sites: { select: { site: { select: { id: true, code: true, name: true } } } },
  mentorProfile: { select: { languages: true, dailyCapacity: true } },
} as const;

/** Keyset-paged list of the users the actor may see, ordered by username. */
export async function listUsers(
  db: PrismaClient,
  actor: Actor,
  filter: { q?: string; role?: Role; siteId?: string; active?: boolean; after?: string; take?: number } = {},
) {
  assertCan(actor, "users.view");
  const take = Math.min(filter.take ?? USERS_PAGE_SIZE, 100);
  // A control character (a NUL byte) would make PostgreSQL fail the query: a search drops them.
  const q = filter.q ? withoutControlCharacters(filter.q).trim() : undefined;
  const rows = await db.user.findMany({
    where: {
      AND: [
        userScope(actor),
        q ? { OR: [{ username: { contains: likeLiteral(q.toLowerCase()) } }, { name: { contains: likeLiteral(q), mode: "insensitive" } }, { phone: { contains: likeLiteral(q) } }] } : {},
        filter.role ? { role: filter.role } : {},
        filter.siteId ? { sites: { some: { siteId: filter.siteId } } } : {},
        filter.active === undefined ? {} : { active: filter.active },
        filter.after ? { username: { gt: filter.after } } : {},
      ],
    },
    orderBy: { username: "asc" },
    take: take + 1,
    select: listSelect,
  });
  const hasMore = rows.length > take;
  const items = hasMore ? rows.slice(0, take) : rows;
  return { items, nextCursor: hasMore ? items[items.length - 1]!.username : null };
}

export async function countUsers(db: PrismaClient, actor: Actor, filter: { role?: Role } = {}) {
  assertCan(actor, "users.view");
  return db.user.count({ where: { AND: [userScope(actor), filter.role ? { role: filter.role } : {}, { active: true }] } });
}

export async function getUser(db: PrismaClient, actor: Actor, id: string) {
  assertCan(actor, "users.view");
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  const user = await db.user.findFirst({
    where: { AND: [userScope(actor), { id }] },
    select: {
      ...listSelect, countryId: true, locale: true, version: true, createdAt: true, deactivatedAt: true, identifiedAccessGrantedAt: true,
      mentorProfile: { select: { languages: true, dailyCapacity: true, caseloadCap: true, workingDays: true } },
    },
  });
  if (!user) throw notFound();
  return user;
}

/** What the create/edit form offers: sites and countries in the actor's scope, the programme's
 * languages and account defaults (programme_settings row 1, or the defaults when it is absent). */
export async function getUserFormOptions(db: PrismaClient, actor: Actor) {
  assertCan(actor, "admin.users");
  const [sites, countries, { settings }] = await Promise.all([listSites(db, actor), listCountries(db, actor), getProgrammeSettings(db, actor)]);
  return {
    sites: sites.map((s) => ({ id: s.id, name: s.name, code: s.code, active: s.active, countryName: s.country.name })),
    countries: countries.map((c) => ({ id: c.id, name: c.name })),
    languages: settings.languages,
    defaultDailyCapacity: settings.defaultDailyCapacity,
    minPasswordLength: settings.minPasswordLength,
  };
}

export type UserFormOptions = Awaited<ReturnType<typeof getUserFormOptions>>;
export type UserDetail = Awaited<ReturnType<typeof getUser>>;
