// Settings reads. Programme settings (languages, programme name) are configuration every signed-in
// role needs; country settings are scoped to the countries the actor may see.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, countryScope, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";
import { readCountrySettings, readProgrammeSettings } from "@/lib/settings/schemas";
import { isUuid } from "@/lib/validation";

/** The programme settings, with the defaults when the row was never saved (version 1, as the
 * row would start: the first save creates it). */
export async function getProgrammeSettings(db: PrismaClient, actor: Actor) {
  assertCan(actor, "account.self");
  const row = await db.programmeSettings.findUnique({ where: { id: 1 }, select: { settings: true, version: true, updatedAt: true } });
  return { settings: readProgrammeSettings(row?.settings), version: row?.version ?? 1, updatedAt: row?.updatedAt ?? null };
}

/** A country's rule settings, defaults filled in. */
export async function getCountrySettings(db: PrismaClient, actor: Actor, countryId: string) {
  assertCan(actor, "sites.view");
  if (!isUuid(countryId)) throw notFound();
  const country = await db.country.findFirst({ where: { AND: [countryScope(actor), { id: countryId }] }, select: { settings: true, version: true } });
  if (!country) throw notFound();
  return { settings: readCountrySettings(country.settings), version: country.version };
}
