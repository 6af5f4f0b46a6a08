// Countries, holidays and sites through the real command pipeline (role -> zod -> transaction ->
// audit) and the scoped reads, against a real PostgreSQL.
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import {
  addHolidayCommand,
  createCountryCommand,
  deleteCountryCommand,
  removeHolidayCommand,
  updateCountryCommand,
} from "@/lib/countries/commands";
import { getCountry } from "@/lib/countries/queries";
import { createSiteCommand, updateSiteCommand } from "@/lib/sites/commands";
import { getSite, listCountries, listSites } from "@/lib/sites/queries";
import { actorFor, auditFor, closeDb, createClient, createCountry, createSite, createUser, randomCountryCode, testDb, uid } from "@/tests/factories";

let admin: Actor;
afterAll(closeDb);
beforeAll(async () => {
  admin = await actorFor(await createUser("ADMIN"));
});

/** A two-letter code no other row holds yet (codes are scarce, test data piles up). */
async function freeCountryCode(): Promise<string> {
  for (;;) {
    const code = randomCountryCode();
    if (!(await testDb().country.findUnique({ where: { code } }))) return code;
  }
}

async function otherRoles() {
  const site = await createSite();
  return Promise.all([
    actorFor(await createUser("SUPERVISOR", { siteIds: [site.id] })),
    actorFor(await createUser("PROGRAMME_MANAGER", { countryId: site.countryId })),
    actorFor(await createUser("PROGRAMME_MANAGER", { countryId: null })),
    actorFor(await createUser("MENTOR_MOTHER", { siteIds: [site.id] })),
  ]);
}

describe("countries", () => {
  it("an admin creates a country; the audit row holds the code, not the name", async () => {
    const code = (await freeCountryCode()).toLowerCase();
    const name = `Country ${uid()}`;
    const r = await execute(testDb(), createCountryCommand, admin, { code, name, timeZone: "africa/maputo", defaultLanguage: "pt" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const row = await testDb().country.findUniqueOrThrow({ where: { id: r.data.id } });
    // Code upper-cased, time zone in its canonical spelling, default rule settings written out.
    expect(row).toMatchObject({ code: code.toUpperCase(), name, timeZone: "Africa/Maputo", defaultLanguage: "pt", version: 1 });
    expect(row.settings).toMatchObject({ welcomeWithinWorkingDays: 2, vlHighAbove: 1000 });
    const audit = await auditFor(r.data.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "country.created", entityType: "country", actorId: admin.userId, meta: { code: code.toUpperCase() } });
    expect(JSON.stringify(audit[0]!.meta)).not.toContain(name);
  });

  it("refuses a duplicate code, an unknown time zone and an unknown language as field errors, writing nothing", async () => {
    const existing = await createCountry();
    const before = await testDb().country.count();
    const dup = await execute(testDb(), createCountryCommand, admin, { code: existing.code.toLowerCase(), name: "X", timeZone: "Africa/Lusaka", defaultLanguage: "en" });
    expect(dup).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { code: ["codeTaken"] } } });
    const code = await freeCountryCode();
    const tz = await execute(testDb(), createCountryCommand, admin, { code, name: "X", timeZone: "Africa/Atlantis", defaultLanguage: "en" });
    expect(tz).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { timeZone: ["invalidTimeZone"] } } });
    const lang = await execute(testDb(), createCountryCommand, admin, { code, name: "X", timeZone: "Africa/Lusaka", defaultLanguage: "qq" });
    expect(lang).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { defaultLanguage: ["unknownLanguage"] } } });
    expect(await testDb().country.count()).toBe(before);
    expect(await testDb().country.findUnique({ where: { code } })).toBeNull();
  });

  it("refuses every other role with NOT_FOUND and writes nothing", async () => {
    const country = await createCountry();
    for (const actor of await otherRoles()) {
      const code = await freeCountryCode();
      const created = await execute(testDb(), createCountryCommand, actor, { code, name: "X", timeZone: "Africa/Lusaka", defaultLanguage: "en" });
      expect(created).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      expect(await testDb().country.findUnique({ where: { code } })).toBeNull();
      const updated = await execute(testDb(), updateCountryCommand, actor, { id: country.id, version: 1, code: country.code, name: "Hacked", timeZone: "Africa/Lusaka", defaultLanguage: "en" });
      expect(updated).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      const holiday = await execute(testDb(), addHolidayCommand, actor, { countryId: country.id, date: "2026-12-25", name: "Christmas" });
      expect(holiday).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      const deleted = await execute(testDb(), deleteCountryCommand, actor, { id: country.id, version: 1 });
      expect(deleted).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
    expect(await testDb().country.findUniqueOrThrow({ where: { id: country.id } })).toMatchObject({ name: country.name, version: 1 });
    expect(await testDb().publicHoliday.count({ where: { countryId: country.id } })).toBe(0);
    expect(await auditFor(country.id)).toHaveLength(0);
  });

  it("edits with a version check: a stale version gets CONFLICT and changes nothing", async () => {
    const country = await createCountry();
    const input = { id: country.id, version: 1, code: country.code, name: `Renamed ${uid()}`, timeZone: "Africa/Kampala", defaultLanguage: "en" };
    const first = await execute(testDb(), updateCountryCommand, admin, input);
    expect(first).toEqual({ ok: true, data: { id: country.id, version: 2 } });
    const stale = await execute(testDb(), updateCountryCommand, admin, { ...input, name: "Second writer" });
    expect(stale).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    const row = await testDb().country.findUniqueOrThrow({ where: { id: country.id } });
    expect(row).toMatchObject({ name: input.name, timeZone: "Africa/Kampala", version: 2 });
    const audit = await auditFor(country.id);
    expect(audit.map((a) => a.action)).toEqual(["country.updated"]);
    expect(audit[0]!.meta).toEqual({ changed: ["name", "timeZone"] });

    // Saving again without a change writes and audits nothing, but a stale form still conflicts.
    expect(await execute(testDb(), updateCountryCommand, admin, { ...input, version: 2 })).toEqual({ ok: true, data: { id: country.id, version: 2 } });
    expect(await execute(testDb(), updateCountryCommand, admin, input)).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await auditFor(country.id)).toHaveLength(1);
  });

  it("adds a public holiday, refuses the same date twice, and removes it, with audit rows", async () => {
    const country = await createCountry();
    const added = await execute(testDb(), addHolidayCommand, admin, { countryId: country.id, date: "2026-07-06", name: "Independence Day" });
    expect(added.ok).toBe(true);
    const dup = await execute(testDb(), addHolidayCommand, admin, { countryId: country.id, date: "2026-07-06", name: "Other" });
    expect(dup).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { date: ["holidayExists"] } } });
    const bad = await execute(testDb(), addHolidayCommand, admin, { countryId: country.id, date: "2026-02-30", name: "Nope" });
    expect(bad).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { date: ["invalid"] } } });
    // The same date in another country is a different holiday.
    const elsewhere = await execute(testDb(), addHolidayCommand, admin, { countryId: (await createCountry()).id, date: "2026-07-06", name: "Other" });
    expect(elsewhere.ok).toBe(true);

    const view = await getCountry(testDb(), admin, country.id);
    expect(view.holidays).toEqual([{ id: expect.any(String), date: "2026-07-06", name: "Independence Day" }]);
    if (!added.ok) return;
    const removed = await execute(testDb(), removeHolidayCommand, admin, { countryId: country.id, holidayId: added.data.id });
    expect(removed.ok).toBe(true);
    expect(await testDb().publicHoliday.count({ where: { countryId: country.id } })).toBe(0);
    const again = await execute(testDb(), removeHolidayCommand, admin, { countryId: country.id, holidayId: added.data.id });
    expect(again).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const audit = await auditFor(country.id);
    expect(audit.map((a) => [a.action, (a.meta as { date?: string }).date])).toEqual([
      ["holiday.added", "2026-07-06"],
      ["holiday.removed", "2026-07-06"],
    ]);
    expect(JSON.stringify(audit.map((a) => a.meta))).not.toContain("Independence");
  });

  it("deletes a country only when it has no sites", async () => {
    const site = await createSite();
    const inUse = await execute(testDb(), deleteCountryCommand, admin, { id: site.countryId, version: 1 });
    expect(inUse).toMatchObject({ ok: false, error: { code: "VALIDATION", message: "countryInUse" } });
    expect(await testDb().country.findUnique({ where: { id: site.countryId } })).not.toBeNull();

    const empty = await createCountry();
    await testDb().publicHoliday.create({ data: { countryId: empty.id, date: new Date("2026-01-01"), name: "New Year" } });
    const deleted = await execute(testDb(), deleteCountryCommand, admin, { id: empty.id, version: 1 });
    expect(deleted.ok).toBe(true);
    expect(await testDb().country.findUnique({ where: { id: empty.id } })).toBeNull();
    expect((await auditFor(empty.id)).map((a) => a.action)).toEqual(["country.deleted"]);
  });
});

describe("sites", () => {
  it("an admin creates a site: code upper-cased, time zone defaults to the country's, audited without the name", async () => {
    const country = await createCountry({ timeZone: "Africa/Blantyre" });
    const code = `mw-${uid()}`;
    const name = `Clinic ${uid()}`;
    const r = await execute(testDb(), createSiteCommand, admin, { countryId: country.id, code, name, timeZone: "", active: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const row = await testDb().site.findUniqueOrThrow({ where: { id: r.data.id } });
    expect(row).toMatchObject({ code: code.toUpperCase(), name, timeZone: "Africa/Blantyre", active: true, version: 1 });
    const audit = await auditFor(r.data.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "site.created", entityType: "site", meta: { code: code.toUpperCase(), countryId: country.id } });
    expect(JSON.stringify(audit[0]!.meta)).not.toContain(name);
  });

  it("refuses a duplicate or malformed code with a field error and writes nothing", async () => {
    const site = await createSite();
    const count = await testDb().site.count();
    const dup = await execute(testDb(), createSiteCommand, admin, { countryId: site.countryId, code: site.code.toLowerCase(), name: "Dup" });
    expect(dup).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { code: ["codeTaken"] } } });
    const bad = await execute(testDb(), createSiteCommand, admin, { countryId: site.countryId, code: "a b", name: "Bad" });
    expect(bad).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { code: ["invalidFormat"] } } });
    const other = await createSite();
    const renamed = await execute(testDb(), updateSiteCommand, admin, {
      id: other.id, version: 1, countryId: other.countryId, code: site.code, name: other.name, timeZone: other.timeZone, active: true,
    });
    expect(renamed).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { code: ["codeTaken"] } } });
    expect(await testDb().site.count()).toBe(count + 1);
    expect(await testDb().site.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ code: other.code, version: 1 });
  });

  it("refuses every other role with NOT_FOUND and writes nothing", async () => {
    const site = await createSite();
    for (const actor of await otherRoles()) {
      const code = `X-${uid()}`;
      const created = await execute(testDb(), createSiteCommand, actor, { countryId: site.countryId, code, name: "X" });
      expect(created).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      expect(await testDb().site.findUnique({ where: { code } })).toBeNull();
      const updated = await execute(testDb(), updateSiteCommand, actor, {
        id: site.id, version: 1, countryId: site.countryId, code: site.code, name: "Hacked", timeZone: site.timeZone, active: false,
      });
      expect(updated).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
    expect(await testDb().site.findUniqueOrThrow({ where: { id: site.id } })).toMatchObject({ name: site.name, active: true, version: 1 });
    expect(await auditFor(site.id)).toHaveLength(0);
  });

  it("edits with a version check and audits the changed field names", async () => {
    const site = await createSite({ code: `T-${uid()}`.toUpperCase() });
    const input = { id: site.id, version: 1, countryId: site.countryId, code: site.code, name: `New ${uid()}`, timeZone: "Africa/Harare", active: true };
    expect(await execute(testDb(), updateSiteCommand, admin, input)).toEqual({ ok: true, data: { id: site.id, version: 2 } });
    const stale = await execute(testDb(), updateSiteCommand, admin, { ...input, name: "Lost update" });
    expect(stale).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await testDb().site.findUniqueOrThrow({ where: { id: site.id } })).toMatchObject({ name: input.name, timeZone: "Africa/Harare", version: 2 });
    const audit = await auditFor(site.id);
    expect(audit.map((a) => a.action)).toEqual(["site.updated"]);
    expect(audit[0]!.meta).toEqual({ changed: ["name", "timeZone"] });
  });

  it("refuses deactivation while an active client or active user is at the site", async () => {
    const site = await createSite();
    const client = await createClient(site.id);
    const input = { id: site.id, version: 1, countryId: site.countryId, code: site.code, name: site.name, timeZone: site.timeZone, active: false };
    const refused = await execute(testDb(), updateSiteCommand, admin, input);
    expect(refused).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { active: ["siteInUse"] } } });
    expect(await testDb().site.findUniqueOrThrow({ where: { id: site.id } })).toMatchObject({ active: true, version: 1 });

    // The client leaves, an active supervisor still works there.
    await testDb().client.update({ where: { id: client.id }, data: { status: "EXITED" } });
    const supervisor = await createUser("SUPERVISOR", { siteIds: [site.id] });
    expect(await execute(testDb(), updateSiteCommand, admin, input)).toMatchObject({ ok: false, error: { fieldErrors: { active: ["siteInUse"] } } });

    await testDb().user.update({ where: { id: supervisor.id }, data: { active: false } });
    expect(await execute(testDb(), updateSiteCommand, admin, input)).toEqual({ ok: true, data: { id: site.id, version: 2 } });
    expect(await testDb().site.findUniqueOrThrow({ where: { id: site.id } })).toMatchObject({ active: false });
  });
});

describe("scope of the reads", () => {
  it("shows each role only its own countries, sites and site counts", async () => {
    const countryA = await createCountry();
    const countryB = await createCountry();
    const a1 = await createSite({ countryId: countryA.id });
    const a2 = await createSite({ countryId: countryA.id });
    const b1 = await createSite({ countryId: countryB.id });

    const adminCountries = await listCountries(testDb(), admin);
    expect(adminCountries.find((c) => c.id === countryA.id)?._count.sites).toBe(2);
    expect(adminCountries.find((c) => c.id === countryB.id)?._count.sites).toBe(1);
    const adminSites = (await listSites(testDb(), admin)).map((s) => s.id);
    expect(adminSites).toEqual(expect.arrayContaining([a1.id, a2.id, b1.id]));

    const manager = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: countryA.id }));
    expect((await listCountries(testDb(), manager)).map((c) => [c.id, c._count.sites])).toEqual([[countryA.id, 2]]);
    expect((await listSites(testDb(), manager)).map((s) => s.id).sort()).toEqual([a1.id, a2.id].sort());
    // Asking for another country's sites through the filter still returns nothing.
    expect(await listSites(testDb(), manager, { countryId: countryB.id })).toEqual([]);
    await expect(getSite(testDb(), manager, b1.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getCountry(testDb(), manager, countryB.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [a2.id] }));
    // Her country, counting only her site: the other site of the country stays invisible.
    expect((await listCountries(testDb(), supervisor)).map((c) => [c.id, c._count.sites])).toEqual([[countryA.id, 1]]);
    expect((await listSites(testDb(), supervisor)).map((s) => s.id)).toEqual([a2.id]);
    await expect(getSite(testDb(), supervisor, a1.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await getCountry(testDb(), supervisor, countryA.id)).siteCount).toBe(1);

    const mentor = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [b1.id] }));
    expect((await listSites(testDb(), mentor)).map((s) => s.id)).toEqual([b1.id]);
  });
});
