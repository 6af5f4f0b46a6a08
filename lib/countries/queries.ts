// Country reads (the list is listCountries in lib/sites/queries.ts). Scoped like every read:
// programme managers see their country, supervisors the countries of their sites.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, countryScope, siteScope, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";
import { isoDate } from "@/lib/dates";
import { readCountrySettings } from "@/lib/settings/schemas";
import { isUuid } from "@/lib/validation";

/** One country with its rule settings (defaults filled in) and public holidays by date. */
export async function getCountry(db: PrismaClient, actor: Actor, id: string) {
  assertCan(actor, "sites.view");
  if (!isUuid(id)) throw notFound();
  const country = await db.country.findFirst({
    where: { AND: [countryScope(actor), { id }] },
    select: {
      id: true, code: true, name: true, timeZone: true, defaultLanguage: true, settings: true, version: true,
      holidays: { orderBy: { date: "asc" }, select: { id: true, date: true, name: true } },
      _count: { select: { sites: { where: siteScope(actor) }, users: true } },
    },
  });
  if (!country) throw notFound();
  return {
    ...country,
    settings: readCountrySettings(country.settings),
    holidays: country.holidays.map((h) => ({ id: h.id, date: isoDate(h.date), name: h.name })),
    siteCount: country._count.sites,
    // Only admins need to know whether programme managers hang on the country (deletion).
    managerCount: actor.role === "ADMIN" ? country._count.users : null,
  };
}

/** Public holidays of a country between two dates (inclusive, YYYY-MM-DD). */
export async function listHolidays(db: PrismaClient, actor: Actor, countryId: string, range: { from?: string; to?: string } = {}) {
  assertCan(actor, "sites.view");
  if (!isUuid(countryId)) throw notFound();
  const country = await db.country.findFirst({ where: { AND: [countryScope(actor), { id: countryId }] }, select: { id: true } });
  if (!country) throw notFound();
  const rows = await db.publicHoliday.findMany({
    where: {
      countryId,
      date: { ...(range.from ? { gte: new Date(`${range.from}T00:00:00Z`) } : {}), ...(range.to ? { lte: new Date(`${range.to}T00:00:00Z`) } : {}) },
    },
    orderBy: { date: "asc" },
    select: { id: true, date: true, name: true },
  });
  return rows.map((h) => ({ id: h.id, date: isoDate(h.date), name: h.name }));
}
