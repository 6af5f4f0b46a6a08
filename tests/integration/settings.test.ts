// Country rule settings and programme settings through the real command pipeline.
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { updateCountrySettingsCommand, updateProgrammeSettingsCommand } from "@/lib/settings/commands";
import { getCountrySettings, getProgrammeSettings } from "@/lib/settings/queries";
import { countrySettingsSchema, programmeSettingsSchema, readProgrammeSettings } from "@/lib/settings/schemas";
import { actorFor, auditFor, closeDb, createClient, createCountry, createSite, createUser, testDb, uid } from "@/tests/factories";

let admin: Actor;
afterAll(closeDb);
beforeAll(async () => {
  admin = await actorFor(await createUser("ADMIN"));
});

const defaults = () => countrySettingsSchema.parse({});

describe("country rule settings", () => {
  it("saves a change with a version bump and audits only the changed keys", async () => {
    const country = await createCountry();
    const settings = { ...defaults(), caseloadCap: "150", mentorsMayEnrol: true, weekendDays: ["7"] };
    const r = await execute(testDb(), updateCountrySettingsCommand, admin, { countryId: country.id, version: 1, settings });
    expect(r).toEqual({ ok: true, data: { version: 2 } });
    const row = await testDb().country.findUniqueOrThrow({ where: { id: country.id } });
    expect(row.version).toBe(2);
    expect(row.settings).toMatchObject({ caseloadCap: 150, mentorsMayEnrol: true, weekendDays: [7], vlHighAbove: 1000 });
    const audit = await auditFor(country.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "country.settings_updated", entityType: "country", actorId: admin.userId });
    expect(audit[0]!.meta).toEqual({ changed: ["caseloadCap", "mentorsMayEnrol", "weekendDays"] });
    expect((await getCountrySettings(testDb(), admin, country.id)).settings.caseloadCap).toBe(150);
  });

  it("refuses a bad value or a broken cross-field rule with field errors and writes nothing", async () => {
    const country = await createCountry();
    const cases: [object, Record<string, string[]>][] = [
      [{ maxAttemptsPerTask: 0 }, { "settings.maxAttemptsPerTask": ["tooSmall|1"] }],
      [{ welcomeWithinWorkingDays: "" }, { "settings.welcomeWithinWorkingDays": ["required"] }],
      [{ vlSuppressedBelow: 1000, vlHighAbove: 200 }, { "settings.vlHighAbove": ["vlThresholdOrder"] }],
      [{ vlFirstTestMonths: 12, vlSecondTestMonths: 12 }, { "settings.vlSecondTestMonths": ["vlTestOrder"] }],
      [{ weekendDays: [1, 2, 3, 4, 5, 6, 7] }, { "settings.weekendDays": ["tooMany|6"] }],
    ];
    for (const [change, fieldErrors] of cases) {
      const r = await execute(testDb(), updateCountrySettingsCommand, admin, { countryId: country.id, version: 1, settings: { ...defaults(), ...change } });
      expect(r).toEqual({ ok: false, error: { code: "VALIDATION", message: "correctFields", fieldErrors } });
    }
    const row = await testDb().country.findUniqueOrThrow({ where: { id: country.id } });
    expect(row.version).toBe(1);
    expect(row.settings).toEqual(defaults());
    expect(await auditFor(country.id)).toHaveLength(0);
  });

  it("answers a stale version with CONFLICT, other roles with NOT_FOUND", async () => {
    const site = await createSite();
    const settings = { ...defaults(), caseloadCap: 99 };
    const stale = await execute(testDb(), updateCountrySettingsCommand, admin, { countryId: site.countryId, version: 7, settings });
    expect(stale).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    const manager = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: site.countryId }));
    const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [site.id] }));
    for (const actor of [manager, supervisor]) {
      const r = await execute(testDb(), updateCountrySettingsCommand, actor, { countryId: site.countryId, version: 1, settings });
      expect(r).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
    expect(await testDb().country.findUniqueOrThrow({ where: { id: site.countryId } })).toMatchObject({ version: 1, settings: defaults() });
    // They may read the settings of their own country, though.
    expect((await getCountrySettings(testDb(), manager, site.countryId)).settings.caseloadCap).toBe(120);
  });

  it("writes and audits nothing when nothing changed", async () => {
    const country = await createCountry();
    const r = await execute(testDb(), updateCountrySettingsCommand, admin, { countryId: country.id, version: 1, settings: defaults() });
    expect(r).toEqual({ ok: true, data: { version: 1 } });
    expect(await auditFor(country.id)).toHaveLength(0);
  });
});

describe("programme settings", () => {
  // The single row is shared: this block owns it for its duration (integration tests run in band).
  beforeEach(() => testDb().programmeSettings.deleteMany({ where: { id: 1 } }));

  it("creates the row from the defaults on the first save (upsert), then versions it", async () => {
    expect(await getProgrammeSettings(testDb(), admin)).toMatchObject({ version: 1, settings: programmeSettingsSchema.parse({}) });
    const input = { ...programmeSettingsSchema.parse({}), programmeName: `Programme ${uid()}`, minPasswordLength: "12", version: 1 };
    const r = await execute(testDb(), updateProgrammeSettingsCommand, admin, input);
    expect(r).toEqual({ ok: true, data: { version: 2 } });
    const row = await testDb().programmeSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(row.version).toBe(2);
    expect(readProgrammeSettings(row.settings)).toMatchObject({ programmeName: input.programmeName, minPasswordLength: 12, defaultDailyCapacity: 40 });
    const audit = await auditFor("1");
    const last = audit.filter((a) => a.entityType === "programme_settings").at(-1)!;
    expect(last).toMatchObject({ action: "settings.updated", actorId: admin.userId });
    expect(last.meta).toEqual({ changed: ["programmeName", "minPasswordLength"], created: true });

    const stale = await execute(testDb(), updateProgrammeSettingsCommand, admin, { ...input, defaultDailyCapacity: 30, version: 1 });
    expect(stale).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    const next = await execute(testDb(), updateProgrammeSettingsCommand, admin, { ...input, defaultDailyCapacity: 30, version: 2 });
    expect(next).toEqual({ ok: true, data: { version: 3 } });
    const latest = (await auditFor("1")).filter((a) => a.entityType === "programme_settings").at(-1)!;
    expect(latest.meta).toEqual({ changed: ["defaultDailyCapacity"] });
  });

  it("refuses duplicate language codes, a short minimum password and other roles", async () => {
    const base = { ...programmeSettingsSchema.parse({}), version: 1 };
    const dup = await execute(testDb(), updateProgrammeSettingsCommand, admin, { ...base, languages: [...base.languages, { code: "en", name: "English again" }] });
    expect(dup).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { [`languages.${base.languages.length}.code`]: ["codeTaken"] } } });
    const short = await execute(testDb(), updateProgrammeSettingsCommand, admin, { ...base, minPasswordLength: 8 });
    expect(short).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { minPasswordLength: ["tooSmall|10"] } } });
    const manager = await actorFor(await createUser("PROGRAMME_MANAGER"));
    expect(await execute(testDb(), updateProgrammeSettingsCommand, manager, { ...base, programmeName: "Hijacked" })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await testDb().programmeSettings.findUnique({ where: { id: 1 } })).toBeNull();
  });

  it("refuses to remove a language still spoken by a Mentor Mother or preferred by a client", async () => {
    const spoken = `tq-${uid().slice(0, 5)}`;
    const preferred = `tr-${uid().slice(0, 5)}`;
    const unused = `ts-${uid().slice(0, 5)}`;
    const base = programmeSettingsSchema.parse({});
    const languages = [...base.languages, { code: spoken, name: "Spoken" }, { code: preferred, name: "Preferred" }, { code: unused, name: "Unused" }];
    const added = await execute(testDb(), updateProgrammeSettingsCommand, admin, { ...base, languages, version: 1 });
    expect(added).toEqual({ ok: true, data: { version: 2 } });

    const site = await createSite();
    await createUser("MENTOR_MOTHER", { siteIds: [site.id], languages: ["en", spoken] });
    const client = await createClient(site.id);
    await testDb().client.update({ where: { id: client.id }, data: { preferredLanguage: preferred } });

    for (const code of [spoken, preferred]) {
      const r = await execute(testDb(), updateProgrammeSettingsCommand, admin, { ...base, languages: languages.filter((l) => l.code !== code), version: 2 });
      expect(r).toEqual({ ok: false, error: { code: "VALIDATION", message: "correctFields", fieldErrors: { languages: [`languageInUse|${code}`] } } });
    }
    expect(readProgrammeSettings((await testDb().programmeSettings.findUniqueOrThrow({ where: { id: 1 } })).settings).languages).toHaveLength(languages.length);

    const removed = await execute(testDb(), updateProgrammeSettingsCommand, admin, { ...base, languages: languages.filter((l) => l.code !== unused), version: 2 });
    expect(removed).toEqual({ ok: true, data: { version: 3 } });
  });

  afterAll(() => testDb().programmeSettings.deleteMany({ where: { id: 1 } }));
});
