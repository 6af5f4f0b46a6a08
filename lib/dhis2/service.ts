// DHIS2 (docs/reports.md "DHIS2"): the administrator's mapping, a month's dataValueSet for a
// country, and the push to the country's server (dry run, then import). A programme manager acts
// for her country (the programme's manager for any), an administrator for any; any other country
// is "not found". Every download, dry run and push is audited once its outcome is known - a push
// that never reached DHIS2 is recorded as such, never as sent.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { command } from "@/lib/action";
import { assertCan, countryScope, type Actor } from "@/lib/authz";
import { writeAudit, type AuditContext } from "@/lib/audit";
import { notFound } from "@/lib/errors";
import { log } from "@/lib/log";
import { readCountrySettings } from "@/lib/settings/schemas";
import { DHIS2_CELLS, cellKey } from "@/lib/dhis2/indicators";
import { dhis2CountsSql } from "@/lib/dhis2/sql";
import { buildDataValueSet, type DataValueSet, type Missing } from "@/lib/dhis2/payload";
import { sendDataValueSet } from "@/lib/dhis2/client";
import { saveDhis2MappingSchema, type ImportSummary } from "@/lib/dhis2/schemas";

type Dbs = { read: PrismaClient; write: PrismaClient };

/** The country if the actor may act for it, else not found. */
async function countryFor(db: PrismaClient, actor: Actor, countryId: string) {
  const country = await db.country.findFirst({ where: { AND: [{ id: countryId }, countryScope(actor)] }, select: { id: true, name: true, code: true, settings: true } });
  if (!country) throw notFound();
  return { ...country, settings: readCountrySettings(country.settings) };
}

/** The countries the actor may send for (the page's choice). */
export async function dhis2Countries(db: PrismaClient, actor: Actor) {
  assertCan(actor, "dhis2.send");
  return db.country.findMany({ where: countryScope(actor), orderBy: { name: "asc" }, select: { id: true, name: true } });
}

/** A country's mapping, as the administrator's page shows it. */
export async function dhis2Mapping(db: PrismaClient, actor: Actor, countryId: string) {
  assertCan(actor, "admin.countries");
  const country = await countryFor(db, actor, countryId);
  const [sites, maps] = await Promise.all([
    db.site.findMany({ where: { countryId }, orderBy: { name: "asc" }, select: { id: true, name: true, active: true, dhis2OrgUnit: { select: { orgUnit: true } } } }),
    db.dhis2DataElementMap.findMany({ where: { countryId } }),
  ]);
  const byCell = new Map(maps.map((m) => [`${m.indicator}|${m.ageBand}|${m.sex}`, m]));
  return {
    country,
    sites: sites.map((s) => ({ id: s.id, name: s.name, active: s.active, orgUnit: s.dhis2OrgUnit?.orgUnit ?? "" })),
    elements: DHIS2_CELLS.map((c) => {
      const m = byCell.get(cellKey(c));
      return { ...c, dataElement: m?.dataElement ?? "", categoryOptionCombo: m?.categoryOptionCombo ?? "" };
    }),
  };
}

/** Saves a country's mapping: what is filled in is upserted, what is emptied is removed. */
export const saveDhis2MappingCommand = command({
  name: "dhis2.saveMapping",
  permission: "admin.countries",
  schema: saveDhis2MappingSchema,
  async run({ tx, input }) {
    const country = await tx.country.findUnique({ where: { id: input.countryId }, select: { id: true } });
    if (!country) throw notFound();
    const siteIds = new Set((await tx.site.findMany({ where: { countryId: input.countryId }, select: { id: true } })).map((s) => s.id));
    // A site of another country is refused like an unknown one.
    if (input.orgUnits.some((o) => !siteIds.has(o.siteId))) throw notFound();
    let elements = 0;
    for (const e of input.elements) {
      const where = { countryId_indicator_ageBand_sex: { countryId: input.countryId, indicator: e.indicator, ageBand: e.ageBand, sex: e.sex } };
      if (e.dataElement) {
        await tx.dhis2DataElementMap.upsert({
          where,
          create: { countryId: input.countryId, indicator: e.indicator, ageBand: e.ageBand, sex: e.sex, dataElement: e.dataElement, categoryOptionCombo: e.categoryOptionCombo },
          update: { dataElement: e.dataElement, categoryOptionCombo: e.categoryOptionCombo },
        });
        elements += 1;
      } else {
        await tx.dhis2DataElementMap.deleteMany({ where: { countryId: input.countryId, indicator: e.indicator, ageBand: e.ageBand, sex: e.sex } });
      }
    }
    let orgUnits = 0;
    for (const o of input.orgUnits) {
      if (o.orgUnit) {
        await tx.dhis2OrgUnit.upsert({ where: { siteId: o.siteId }, create: { siteId: o.siteId, orgUnit: o.orgUnit }, update: { orgUnit: o.orgUnit } });
        orgUnits += 1;
      } else {
        await tx.dhis2OrgUnit.deleteMany({ where: { siteId: o.siteId } });
      }
    }
    return {
      data: { elements, orgUnits },
      audit: { action: "dhis2.mapping_updated", entityType: "country", entityId: input.countryId, meta: { elements, orgUnits } },
    };
  },
});

export type Dhis2Set = { country: { id: string; name: string; code: string }; month: string } & ({ ok: true; set: DataValueSet } | { ok: false; missing: Missing });

/** A month's dataValueSet for a country: the full grid of its sites (active ones, and any other
 * with clients counted), or what mapping is missing. */
export async function dhis2DataValueSet(db: PrismaClient, actor: Actor, countryId: string, month: string): Promise<Dhis2Set & { settings: ReturnType<typeof readCountrySettings> }> {
  assertCan(actor, "dhis2.send");
  const country = await countryFor(db, actor, countryId);
  const [counts, sites, maps] = await Promise.all([
    dhis2CountsSql(db, countryId, month),
    db.site.findMany({ where: { countryId }, orderBy: { name: "asc" }, select: { id: true, name: true, active: true, dhis2OrgUnit: { select: { orgUnit: true } } } }),
    db.dhis2DataElementMap.findMany({ where: { countryId } }),
  ]);
  const counted = new Set([...counts.keys()].map((k) => k.split("|")[0]));
  const built = buildDataValueSet({
    month,
    sites: sites.filter((s) => s.active || counted.has(s.id)).map((s) => ({ id: s.id, name: s.name, orgUnit: s.dhis2OrgUnit?.orgUnit ?? null })),
    elements: new Map(maps.map((m) => [`${m.indicator}|${m.ageBand}|${m.sex}`, { dataElement: m.dataElement, categoryOptionCombo: m.categoryOptionCombo }])),
    counts,
  });
  return { country: { id: country.id, name: country.name, code: country.code }, month, settings: country.settings, ...built };
}

/** Downloading the JSON: audited like every export (export.dhis2, listed on /admin/exports). */
export async function dhis2Download(dbs: Dbs, actor: Actor, countryId: string, month: string, ctx: AuditContext) {
  const r = await dhis2DataValueSet(dbs.read, actor, countryId, month);
  if (r.ok) {
    await writeAudit(dbs.write, ctx, {
      action: "export.dhis2",
      entityType: "export",
      meta: { kind: "dhis2", format: "json", filters: { country: countryId, month }, rows: r.set.dataValues.length, complete: true },
    });
  }
  return r;
}

export type PushResult =
  | { outcome: "sent"; dryRun: boolean; values: number; httpStatus: number; summary: ImportSummary }
  | { outcome: "missingMapping"; missing: Missing }
  | { outcome: "notConfigured"; what: "url" | "tokenEnv" | "token"; tokenEnv?: string }
  | { outcome: "unreachable" | "unauthorised" | "badAnswer"; dryRun: boolean; values: number; httpStatus: number | null };

/**
 * Sends a country's month to its DHIS2 server (dryRun: DHIS2 checks and reports, stores nothing).
 * Nothing leaves without a full mapping and a configured server; the audit row `dhis2.push`
 * (meta.dryRun) says what happened: DHIS2's counts and conflict count, or why nothing was sent.
 */
export async function pushDhis2(dbs: Dbs, actor: Actor, input: { countryId: string; month: string; dryRun: boolean }, ctx: AuditContext, source: Record<string, string | undefined> = process.env): Promise<PushResult> {
  const r = await dhis2DataValueSet(dbs.read, actor, input.countryId, input.month);
  const base = { countryId: input.countryId, month: input.month, dryRun: input.dryRun };
  const audit = async (meta: Record<string, unknown>) => {
    await writeAudit(dbs.write, ctx, { action: "dhis2.push", entityType: "country", entityId: input.countryId, meta: { ...base, ...meta } });
  };
  const { dhis2Url, dhis2TokenEnv, dhis2IdScheme } = r.settings;
  let result: PushResult;
  if (!r.ok) result = { outcome: "missingMapping", missing: r.missing };
  else if (!dhis2Url) result = { outcome: "notConfigured", what: "url" };
  else if (!dhis2TokenEnv) result = { outcome: "notConfigured", what: "tokenEnv" };
  else if (!source[dhis2TokenEnv]) result = { outcome: "notConfigured", what: "token", tokenEnv: dhis2TokenEnv };
  else {
    const values = r.set.dataValues.length;
    const sent = await sendDataValueSet({ baseUrl: dhis2Url, token: source[dhis2TokenEnv]!, set: r.set, dryRun: input.dryRun, idScheme: dhis2IdScheme });
    result = sent.ok
      ? { outcome: "sent", dryRun: input.dryRun, values, httpStatus: sent.httpStatus, summary: sent.summary }
      : { outcome: sent.problem, dryRun: input.dryRun, values, httpStatus: sent.httpStatus };
  }
  if (result.outcome !== "sent") log("warn", "dhis2.push_not_sent", { actor: actor.userId, country: input.countryId, outcome: result.outcome });
  await audit(
    result.outcome === "sent"
      ? { outcome: "sent", values: result.values, httpStatus: result.httpStatus, status: result.summary.status, importCount: result.summary.importCount, conflicts: result.summary.conflicts.length }
      : result.outcome === "missingMapping"
        ? { outcome: result.outcome, missingSites: result.missing.sites.length, missingCells: result.missing.cells.length }
        : { outcome: result.outcome, httpStatus: "httpStatus" in result ? result.httpStatus : null },
  );
  return result;
}
