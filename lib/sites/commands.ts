// Writes on sites (admin only). Audit meta: the site code and changed field names, never names.
import { command, updateVersioned, type Tx } from "@/lib/action";
import { fieldError as invalid, isUniqueViolation, notFound } from "@/lib/errors";
import { createSiteSchema, updateSiteSchema } from "@/lib/sites/schemas";


async function countryTimeZone(tx: Tx, countryId: string): Promise<string> {
  const country = await tx.country.findUnique({ where: { id: countryId }, select: { timeZone: true } });
  // The country list in the form is the only source of ids: an unknown one is a field error.
  if (!country) throw invalid("countryId", "invalidValue");
  return country.timeZone;
}

async function assertCodeFree(tx: Tx, code: string, exceptId?: string) {
  // Case-insensitive: codes typed or imported before upper-casing must not get a twin.
  const other = await tx.site.findFirst({ where: { code: { equals: code, mode: "insensitive" }, NOT: exceptId ? { id: exceptId } : undefined }, select: { id: true } });
  if (other) throw invalid("code", "codeTaken");
}

/** Active staff or active clients still attached to the site. */
async function siteInUse(tx: Tx, siteId: string): Promise<boolean> {
  const [users, clients] = await Promise.all([
    tx.userSite.count({ where: { siteId, user: { active: true } } }),
    tx.client.count({ where: { siteId, status: "ACTIVE" } }),
  ]);
  return users + clients > 0;
}

export const createSiteCommand = command({
  name: "sites.create",
  permission: "admin.sites",
  schema: createSiteSchema,
  async run({ tx, input }) {
    const countryZone = await countryTimeZone(tx, input.countryId);
    const timeZone = input.timeZone ?? countryZone;
    await assertCodeFree(tx, input.code);
    try {
      const site = await tx.site.create({
        data: { countryId: input.countryId, code: input.code, name: input.name, timeZone, active: input.active },
        select: { id: true, code: true, version: true },
      });
      return {
        data: { id: site.id, version: site.version },
        audit: { action: "site.created", entityType: "site", entityId: site.id, meta: { code: site.code, countryId: input.countryId } },
      };
    } catch (e) {
      if (isUniqueViolation(e)) throw invalid("code", "codeTaken");
      throw e;
    }
  },
});

export const updateSiteCommand = command({
  name: "sites.update",
  permission: "admin.sites",
  schema: updateSiteSchema,
  async run({ tx, input }) {
    const { id, version, ...rest } = input;
    const before = await tx.site.findUnique({ where: { id }, select: { countryId: true, code: true, name: true, timeZone: true, active: true, version: true } });
    if (!before) throw notFound();
    const countryZone = await countryTimeZone(tx, rest.countryId);
    const timeZone = rest.timeZone ?? countryZone;
    const fields = { countryId: rest.countryId, code: rest.code, name: rest.name, timeZone, active: rest.active };
    if (fields.code !== before.code) await assertCodeFree(tx, fields.code, id);
    // Moving a facility to another country, or closing it, would strand its staff and clients.
    if (fields.countryId !== before.countryId && (await siteInUse(tx, id))) throw invalid("countryId", "siteInUse");
    if (before.active && !fields.active && (await siteInUse(tx, id))) throw invalid("active", "siteInUse");
    const { changed, version: next } = await updateVersioned({
      before, fields, version,
      write: () => tx.site.updateMany({ where: { id, version }, data: { ...fields, version: { increment: 1 } } }),
      unique: { field: "code", key: "codeTaken" },
    });
    if (changed.length === 0) return { data: { id, version }, audit: [] };
    return {
      data: { id, version: next },
      audit: { action: "site.updated", entityType: "site", entityId: id, meta: { changed } },
    };
  },
});
