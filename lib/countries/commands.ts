// Writes on countries and their public holidays (admin only). Audit meta carries codes, ids and
// changed field names; never a holiday's or a country's name.
import { command, updateVersioned, type Tx } from "@/lib/action";
import { AppError, conflict, fieldError as invalid, isUniqueViolation, notFound } from "@/lib/errors";
import { dateOnly, isoDate } from "@/lib/dates";
import { countrySettingsSchema } from "@/lib/settings/schemas";
import { loadProgrammeSettings } from "@/lib/settings/commands";
import { regenerateCountryToday } from "@/lib/calls/commands";
import {
  addHolidaySchema,
  createCountrySchema,
  deleteCountrySchema,
  removeHolidaySchema,
  updateCountrySchema,
} from "@/lib/countries/schemas";


/** A foreign-key violation (Prisma P2003 or Postgres 23503): something still points at the row. */
function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: unknown } | undefined;
  if (e?.code === "P2003" || e?.code === "23503") return true;
  return e?.cause ? isForeignKeyViolation(e.cause) : false;
}

async function assertKnownLanguage(tx: Tx, code: string) {
  const { languages } = await loadProgrammeSettings(tx);
  if (!languages.some((l) => l.code === code)) throw invalid("defaultLanguage", "unknownLanguage");
}

async function assertCodeFree(tx: Tx, code: string, exceptId?: string) {
  const other = await tx.country.findUnique({ where: { code }, select: { id: true } });
  if (other && other.id !== exceptId) throw invalid("code", "codeTaken");
}

export const createCountryCommand = command({
  name: "countries.create",
  permission: "admin.countries",
  schema: createCountrySchema,
  async run({ tx, input }) {
    await assertCodeFree(tx, input.code);
    await assertKnownLanguage(tx, input.defaultLanguage);
    try {
      const country = await tx.country.create({
        // The defaults are written out, so a later change of a default in code does not silently
        // change the rules of a country that already works with them.
        data: { ...input, settings: countrySettingsSchema.parse({}) },
        select: { id: true, code: true, version: true },
      });
      return {
        data: { id: country.id, version: country.version },
        audit: { action: "country.created", entityType: "country", entityId: country.id, meta: { code: country.code } },
      };
    } catch (e) {
      // Two admins creating the same code at once: the unique index decides.
      if (isUniqueViolation(e)) throw invalid("code", "codeTaken");
      throw e;
    }
  },
});

export const updateCountryCommand = command({
  name: "countries.update",
  permission: "admin.countries",
  schema: updateCountrySchema,
  async run({ tx, input }) {
    const { id, version, ...fields } = input;
    const before = await tx.country.findUnique({ where: { id }, select: { code: true, name: true, timeZone: true, defaultLanguage: true, version: true } });
    if (!before) throw notFound();
    if (fields.code !== before.code) await assertCodeFree(tx, fields.code, id);
    // An unchanged default language stays valid even if it has since left the programme list.
    if (fields.defaultLanguage !== before.defaultLanguage) await assertKnownLanguage(tx, fields.defaultLanguage);
    const { changed, version: next } = await updateVersioned({
      before, fields, version,
      write: () => tx.country.updateMany({ where: { id, version }, data: { ...fields, version: { increment: 1 } } }),
      unique: { field: "code", key: "codeTaken" },
    });
    if (changed.length === 0) return { data: { id, version }, audit: [] };
    return {
      data: { id, version: next },
      audit: { action: "country.updated", entityType: "country", entityId: id, meta: { changed } },
    };
  },
});

export const deleteCountryCommand = command({
  name: "countries.delete",
  permission: "admin.countries",
  schema: deleteCountrySchema,
  async run({ tx, input }) {
    const country = await tx.country.findUnique({
      where: { id: input.id },
      select: { code: true, version: true, _count: { select: { sites: true, users: true } } },
    });
    if (!country) throw notFound();
    if (country.version !== input.version) throw conflict();
    if (country._count.sites > 0) throw new AppError("VALIDATION", "countryInUse");
    // Deleting would leave a programme manager without a country, i.e. programme-wide: refuse.
    if (country._count.users > 0) throw new AppError("VALIDATION", "countryHasUsers");
    try {
      const { count } = await tx.country.deleteMany({ where: { id: input.id, version: input.version } });
      if (count === 0) throw conflict();
    } catch (e) {
      // A site added between the check and the delete: the foreign key refuses it.
      if (isForeignKeyViolation(e)) throw new AppError("VALIDATION", "countryInUse");
      throw e;
    }
    return {
      data: { id: input.id },
      audit: { action: "country.deleted", entityType: "country", entityId: input.id, meta: { code: country.code } },
    };
  },
});

export const addHolidayCommand = command({
  name: "countries.addHoliday",
  permission: "admin.countries",
  schema: addHolidaySchema,
  async run({ tx, actor, input, now }) {
    const country = await tx.country.findUnique({ where: { id: input.countryId }, select: { id: true } });
    if (!country) throw notFound();
    const date = dateOnly(input.date);
    const existing = await tx.publicHoliday.findUnique({ where: { countryId_date: { countryId: input.countryId, date } }, select: { id: true } });
    if (existing) throw invalid("date", "holidayExists");
    let holiday: { id: string };
    try {
      holiday = await tx.publicHoliday.create({ data: { countryId: input.countryId, date, name: input.name }, select: { id: true } });
    } catch (e) {
      if (isUniqueViolation(e)) throw invalid("date", "holidayExists");
      throw e;
    }
    // A holiday on a site's today: today's lists are generated again (untouched calls move on).
    const regenerated = await regenerateCountryToday(tx, input.countryId, now, actor.userId, { onlyDay: input.date });
    return {
      data: { id: holiday.id },
      audit: [
        { action: "holiday.added", entityType: "country", entityId: input.countryId, meta: { holidayId: holiday.id, date: input.date } },
        ...regenerated,
      ],
    };
  },
});

export const removeHolidayCommand = command({
  name: "countries.removeHoliday",
  permission: "admin.countries",
  schema: removeHolidaySchema,
  async run({ tx, actor, input, now }) {
    const holiday = await tx.publicHoliday.findFirst({ where: { id: input.holidayId, countryId: input.countryId }, select: { date: true } });
    if (!holiday) throw notFound();
    const { count } = await tx.publicHoliday.deleteMany({ where: { id: input.holidayId, countryId: input.countryId } });
    if (count === 0) throw notFound();
    // No longer a holiday on a site's today: today's lists are made now.
    const regenerated = await regenerateCountryToday(tx, input.countryId, now, actor.userId, { onlyDay: isoDate(holiday.date) });
    return {
      data: { id: input.holidayId },
      audit: [
        {
          action: "holiday.removed",
          entityType: "country",
          entityId: input.countryId,
          meta: { holidayId: input.holidayId, date: isoDate(holiday.date) },
        },
        ...regenerated,
      ],
    };
  },
});
