// Writes on a country's rule settings and on the programme settings (admin only). The audit meta
// lists the keys that changed, never their values.
import { command, type Tx } from "@/lib/action";
import { regenerateCountryToday } from "@/lib/calls/commands";
import { AppError, conflict, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  COUNTRY_SETTING_KEYS,
  countrySettingsSchema,
  programmeSettingsSchema,
  updateCountrySettingsSchema,
  updateProgrammeSettingsSchema,
  type ProgrammeSettings,
} from "@/lib/settings/schemas";

const PROGRAMME_ROW = 1;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The programme settings inside a transaction; defaults when the row does not exist yet. */
export async function loadProgrammeSettings(tx: Tx): Promise<ProgrammeSettings> {
  const row = await tx.programmeSettings.findUnique({ where: { id: PROGRAMME_ROW }, select: { settings: true } });
  return programmeSettingsSchema.parse(row?.settings ?? {});
}

export const updateCountrySettingsCommand = command({
  name: "settings.updateCountry",
  permission: "admin.countries",
  schema: updateCountrySettingsSchema,
  async run({ tx, actor, input, now }) {
    const country = await tx.country.findUnique({ where: { id: input.countryId }, select: { settings: true, version: true } });
    if (!country) throw notFound();
    if (country.version !== input.version) throw conflict();
    // A stored value that no longer validates counts as changed, so saving repairs it.
    const stored = countrySettingsSchema.safeParse(country.settings ?? {});
    const changed = COUNTRY_SETTING_KEYS.filter((k) => !stored.success || !same(stored.data[k], input.settings[k]));
    if (changed.length === 0) return { data: { version: country.version }, audit: [] };
    const { count } = await tx.country.updateMany({
      where: { id: input.countryId, version: input.version },
      data: { settings: input.settings as Prisma.InputJsonValue, version: { increment: 1 } },
    });
    if (count === 0) throw conflict();
    // The rules changed: today's lists of its sites are made again by the new ones. (The caseload
    // cap, the enrolment permission and the DHIS2 server decide no call.)
    const rules = changed.filter((k) => k !== "caseloadCap" && k !== "mentorsMayEnrol" && !k.startsWith("dhis2"));
    const regenerated = rules.length ? await regenerateCountryToday(tx, input.countryId, now, actor.userId) : [];
    return {
      data: { version: input.version + 1 },
      audit: [{ action: "country.settings_updated", entityType: "country", entityId: input.countryId, meta: { changed } }, ...regenerated],
    };
  },
});

export const updateProgrammeSettingsCommand = command({
  name: "settings.updateProgramme",
  permission: "admin.settings",
  schema: updateProgrammeSettingsSchema,
  async run({ tx, input }) {
    const { version, ...settings } = input;
    // First save on a fresh database: the row starts at version 1 with the defaults, as the page
    // showed them. ON CONFLICT DO NOTHING keeps two first saves from colliding.
    const { count: created } = await tx.programmeSettings.createMany({
      data: [{ id: PROGRAMME_ROW, settings: programmeSettingsSchema.parse({}) as Prisma.InputJsonValue }],
      skipDuplicates: true,
    });
    const row = await tx.programmeSettings.findUniqueOrThrow({ where: { id: PROGRAMME_ROW }, select: { settings: true, version: true } });
    if (row.version !== version) throw conflict();
    const before = programmeSettingsSchema.parse(row.settings ?? {});

    const kept = new Set(settings.languages.map((l) => l.code));
    const removed = before.languages.map((l) => l.code).filter((c) => !kept.has(c));
    for (const code of removed) {
      // A language still in use would leave profiles and clients pointing at nothing.
      const [mentors, clients, countries] = await Promise.all([
        tx.mentorProfile.count({ where: { languages: { has: code } } }),
        tx.client.count({ where: { preferredLanguage: code } }),
        tx.country.count({ where: { defaultLanguage: code } }),
      ]);
      if (mentors + clients + countries > 0) {
        throw new AppError("VALIDATION", "correctFields", { languages: [`languageInUse|${code}`] });
      }
    }

    const keys = Object.keys(settings) as (keyof typeof settings)[];
    const changed = keys.filter((k) => !same(before[k], settings[k]));
    const audit = {
      action: "settings.updated",
      entityType: "programme_settings",
      entityId: String(PROGRAMME_ROW),
      meta: created ? { changed, created: true } : { changed },
    };
    if (changed.length === 0) return { data: { version: row.version }, audit: created ? audit : [] };
    const { count } = await tx.programmeSettings.updateMany({
      where: { id: PROGRAMME_ROW, version },
      data: { settings: settings as Prisma.InputJsonValue, version: { increment: 1 } },
    });
    if (count === 0) throw conflict();
    return { data: { version: version + 1 }, audit };
  },
});
