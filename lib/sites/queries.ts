import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, countryScope, siteScope, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";

export async function listCountries(db: PrismaClient, actor: Actor) {
  assertCan(actor, "sites.view");
  return db.country.findMany({
    where: countryScope(actor),
    orderBy: { name: "asc" },
    select: { id: true, code: true, name: true, timeZone: true, defaultLanguage: true, version: true, _count: { select: { sites: true } } },
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
  const site = await db.site.findFirst({
    where: { AND: [siteScope(actor), { id }] },
    include: { country: { select: { id: true, name: true, code: true } } },
  });
  if (!site) throw notFound();
  return site;
}
