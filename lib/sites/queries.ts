import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, countryScope, siteScope, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/validation";

export async function listCountries(db: PrismaClient, actor: Actor) {
  assertCan(actor, "sites.view");
  return db.country.findMany({
    where: countryScope(actor),
    orderBy: { name: "asc" },
    select: {
      id: true, code: true, name: true, timeZone: true, defaultLanguage: true, version: true,
      // Counted within the actor's scope: a supervisor must not learn how many other sites exist.
      _count: { select: { sites: { where: siteScope(actor) } } },
    },
  });
}

export async function listSites(db: PrismaClient, actor: Actor, filter: { countryId?: string } = {}) {
  assertCan(actor, "sites.view");
  return db.site.findMany({
    where: { AND: [siteScope(actor), filter.countryId ? { countryId: filter.countryId } : {}] },
    orderBy: [{ country: { name: "asc" } }, { name: "asc" }],
    select: {
      id: true, code: true, name: true, timeZone: true, active: true, version: true, countryId: true,
      country: { select: { name: true, code: true } },
    },
  });
}

export async function getSite(db: PrismaClient, actor: Actor, id: string) {
  assertCan(actor, "sites.view");
  if (!isUuid(id)) throw notFound();
  const site = await db.site.findFirst({
    where: { AND: [siteScope(actor), { id }] },
    include: { country: { select: { id: true, name: true, code: true, timeZone: true } } },
  });
  if (!site) throw notFound();
  return site;
}

/** What still depends on a site: active staff and active clients (deactivation is refused then). */
export async function siteUsage(db: PrismaClient, actor: Actor, id: string) {
  const site = await getSite(db, actor, id);
  const [activeUsers, activeClients] = await Promise.all([
    db.userSite.count({ where: { siteId: site.id, user: { active: true } } }),
    db.client.count({ where: { siteId: site.id, status: "ACTIVE" } }),
  ]);
  return { activeUsers, activeClients };
}
