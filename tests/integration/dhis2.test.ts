// DHIS2 (issue 12): the indicators' one SQL statement against its pure twin on random data; the
// dataValueSet of a known register (every cell, zeros included); a push to a small DHIS2-like HTTP
// server started here, which checks the payload's shape and the token and answers an import
// summary (dry run and real); scope (a manager of country A cannot push country B); a missing
// mapping reported and nothing sent; an unreachable server answered clearly and audited as such.
import "./timeout";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { rng } from "../random";
import { addDaysIso } from "@/lib/calls/calendar";
import { execute } from "@/lib/action";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/authz";
import { countrySettingsSchema } from "@/lib/settings/schemas";
import { DHIS2_CELLS, dhis2Counts, siteCellKey } from "@/lib/dhis2/indicators";
import { dhis2CountsSql } from "@/lib/dhis2/sql";
import { dhis2DataValueSet, dhis2Download, pushDhis2, saveDhis2MappingCommand } from "@/lib/dhis2/service";
import type { EnrolmentClient } from "@/lib/reports/enrolment-rules";
import { actorFor, auditFor, closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";

const SEXES = ["FEMALE", "MALE", "OTHER", "UNKNOWN"] as const;
const STATUSES = ["ACTIVE", "ACTIVE", "ACTIVE", "TRANSFERRED_OUT", "LOST_TO_FOLLOW_UP", "DIED", "EXITED"] as const;

async function addClients(rows: Omit<EnrolmentClient, "countryId" | "category" | "statusReasonCode">[]) {
  await testDb().client.createMany({
    data: rows.map((r, i) => ({
      ref: `D-${uid()}-${i}`, siteId: r.siteId, firstName: "Test", lastName: `Dhis ${i}`, dateOfBirth: new Date(`${r.dateOfBirth}T00:00:00Z`),
      sex: r.sex as (typeof SEXES)[number], category: "OTHER" as const, enrolmentDate: new Date(`${r.enrolmentDate}T00:00:00Z`), preferredLanguage: "en",
      status: r.status as (typeof STATUSES)[number], statusDate: r.statusDate ? new Date(`${r.statusDate}T00:00:00Z`) : null,
    })),
  });
}

/** A full mapping for a country: data element per indicator and age band, combo per sex. */
function fullMapping(countryId: string, sites: { id: string }[]) {
  return {
    countryId,
    elements: DHIS2_CELLS.map((c) => ({ ...c, dataElement: `DE_${c.indicator}_${c.ageBand.replace(/\W/g, "")}`, categoryOptionCombo: `COC_${c.sex}` })),
    orgUnits: sites.map((s, i) => ({ siteId: s.id, orgUnit: `OU${i}` })),
  };
}

type Seen = { url: string; auth: string | undefined; body: { period: string; dataValues: Record<string, string>[] } };

/** A DHIS2-like server: checks the payload's shape, answers a WebMessage-wrapped ImportSummary. */
function fakeDhis2(token: string) {
  const seen: Seen[] = [];
  const stored = new Map<string, string>();
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      const url = new URL(req.url!, "http://x");
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method !== "POST" || url.pathname !== "/api/dataValueSets") return answer(404, { httpStatusCode: 404 });
      if (req.headers.authorization !== `ApiToken ${token}`) return answer(401, { httpStatus: "Unauthorized", httpStatusCode: 401 });
      const body = JSON.parse(text) as Seen["body"];
      seen.push({ url: req.url!, auth: req.headers.authorization, body });
      const shapeOk =
        /^\d{6}$/.test(body.period) && Array.isArray(body.dataValues) &&
        body.dataValues.every((v) => ["dataElement", "period", "orgUnit", "categoryOptionCombo", "value"].every((k) => typeof v[k] === "string") && /^\d+$/.test(v.value!));
      if (!shapeOk) return answer(400, { httpStatusCode: 400, status: "ERROR", message: "bad payload" });
      const dry = url.searchParams.get("dryRun") === "true";
      let imported = 0;
      let updated = 0;
      const conflicts: { object: string; value: string; errorCode: string }[] = [];
      for (const v of body.dataValues) {
        if (v.orgUnit === "OU_UNKNOWN") {
          conflicts.push({ object: v.orgUnit, value: "Org unit not found or not accessible", errorCode: "E7612" });
          continue;
        }
        const k = `${v.dataElement}|${v.period}|${v.orgUnit}|${v.categoryOptionCombo}`;
        if (stored.has(k)) updated += 1;
        else imported += 1;
        if (!dry) stored.set(k, v.value!);
      }
      const status = conflicts.length ? "WARNING" : "SUCCESS";
      answer(conflicts.length ? 409 : 200, {
        httpStatus: conflicts.length ? "Conflict" : "OK", httpStatusCode: conflicts.length ? 409 : 200, status: conflicts.length ? "WARNING" : "OK",
        response: { responseType: "ImportSummary", status, importOptions: { dryRun: dry }, description: dry ? "Dry run" : "Import process completed", importCount: { imported, updated, ignored: conflicts.length, deleted: 0 }, conflicts, dataSetComplete: "false" },
      });
    });
  });
  return {
    seen,
    stored,
    start: () => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const dbs = () => ({ read: testDb(), write: testDb() });
const ctx = (a: Actor) => ({ actorId: a.userId });

afterAll(closeDb);

describe("DHIS2 indicators: SQL and its pure twin agree", () => {
  it.each([["2026-03"], ["2026-06"], ["2025-12"]])("for %s on a random register", async (month) => {
    const country = await createCountry();
    const other = await createCountry();
    const sites = [await createSite({ countryId: country.id }), await createSite({ countryId: country.id }), await createSite({ countryId: other.id })];
    const r = rng(20261209 + Number(month.replace("-", "")));
    const rows = Array.from({ length: 400 }, () => {
      const site = r.pick(sites);
      const enrolmentDate = addDaysIso("2026-01-01", r.int(-200, 250));
      const status = r.pick(STATUSES);
      const statusDate = status === "ACTIVE" ? null : r.chance(0.1) ? null : addDaysIso(enrolmentDate, r.int(0, 150));
      return { siteId: site.id, sex: r.pick(SEXES), dateOfBirth: addDaysIso(addDaysIso("2026-03-31", -365 * r.int(10, 60)), r.int(-3, 3)), enrolmentDate, status, statusDate };
    });
    await addClients(rows);
    const mine = rows.filter((x) => x.siteId !== sites[2]!.id).map((x) => ({ ...x, countryId: country.id, category: "OTHER", statusReasonCode: null }));
    const got = await dhis2CountsSql(testDb(), country.id, month);
    const want = dhis2Counts(mine, month);
    expect(got.size).toBeGreaterThan(10);
    expect(Object.fromEntries([...got].sort())).toEqual(Object.fromEntries([...want].sort()));
  });
});

describe("DHIS2 dataValueSet and push", () => {
  const TOKEN = "d2pat_test_token_0123456789";
  const ENV = { DHIS2_TOKEN_TEST: TOKEN };
  const fake = fakeDhis2(TOKEN);
  let baseUrl: string;
  let countryA: { id: string };
  let countryB: { id: string };
  let sitesA: { id: string; name: string }[];
  let admin: Actor;
  let managerA: Actor;

  beforeAll(async () => {
    baseUrl = await fake.start();
    countryA = await createCountry({ settings: countrySettingsSchema.parse({ dhis2Url: baseUrl, dhis2TokenEnv: "DHIS2_TOKEN_TEST" }) });
    countryB = await createCountry({ settings: countrySettingsSchema.parse({ dhis2Url: baseUrl, dhis2TokenEnv: "DHIS2_TOKEN_TEST" }) });
    sitesA = [await createSite({ countryId: countryA.id, name: "Alpha clinic" }), await createSite({ countryId: countryA.id, name: "Beta clinic" })];
    admin = await actorFor(await createUser("ADMIN"));
    managerA = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: countryA.id }));
    // A known register at the first site: in November 2026, two women of 22 (one new), a man of 16
    // enrolled before and still active, a woman who left in October (counts nowhere).
    await addClients([
      { siteId: sitesA[0]!.id, sex: "FEMALE", dateOfBirth: "2004-01-15", enrolmentDate: "2026-11-03", status: "ACTIVE", statusDate: null },
      { siteId: sitesA[0]!.id, sex: "FEMALE", dateOfBirth: "2004-02-20", enrolmentDate: "2026-05-01", status: "ACTIVE", statusDate: null },
      { siteId: sitesA[0]!.id, sex: "MALE", dateOfBirth: "2010-06-01", enrolmentDate: "2026-02-01", status: "ACTIVE", statusDate: null },
      { siteId: sitesA[0]!.id, sex: "FEMALE", dateOfBirth: "1990-01-01", enrolmentDate: "2026-01-01", status: "EXITED", statusDate: "2026-10-15" },
    ]);
  });
  afterAll(() => fake.stop());

  it("reports a missing mapping clearly, sends nothing, and audits the refusal as not sent", async () => {
    const r = await pushDhis2(dbs(), managerA, { countryId: countryA.id, month: "2026-11", dryRun: true }, ctx(managerA), ENV);
    expect(r.outcome).toBe("missingMapping");
    if (r.outcome !== "missingMapping") return;
    expect(r.missing.sites.sort()).toEqual(["Alpha clinic", "Beta clinic"]);
    expect(r.missing.cells).toHaveLength(DHIS2_CELLS.length);
    expect(fake.seen).toHaveLength(0);
    const rows = await auditFor(countryA.id);
    expect(rows.at(-1)).toMatchObject({ action: "dhis2.push", meta: expect.objectContaining({ outcome: "missingMapping", dryRun: true }) });
  });

  it("an administrator saves the mapping (audited); the month's set is the full grid with zeros, with the known counts", async () => {
    const saved = await execute(testDb(), saveDhis2MappingCommand, admin, fullMapping(countryA.id, sitesA));
    expect(saved).toMatchObject({ ok: true, data: { elements: DHIS2_CELLS.length, orgUnits: 2 } });
    expect((await auditFor(countryA.id)).at(-1)).toMatchObject({ action: "dhis2.mapping_updated" });
    const r = await dhis2DataValueSet(testDb(), managerA, countryA.id, "2026-11");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.set.period).toBe("202611");
    expect(r.set.dataValues).toHaveLength(2 * DHIS2_CELLS.length);
    const value = (ou: string, de: string, coc: string) => r.set.dataValues.find((v) => v.orgUnit === ou && v.dataElement === de && v.categoryOptionCombo === coc)?.value;
    expect(value("OU0", "DE_NEW_ENROLMENTS_2024", "COC_FEMALE")).toBe("1");
    expect(value("OU0", "DE_ACTIVE_END_2024", "COC_FEMALE")).toBe("2");
    expect(value("OU0", "DE_ACTIVE_END_1519", "COC_MALE")).toBe("1");
    expect(value("OU0", "DE_NEW_ENROLMENTS_1519", "COC_MALE")).toBe("0");
    expect(value("OU1", "DE_ACTIVE_END_2024", "COC_FEMALE")).toBe("0");
    const sum = r.set.dataValues.reduce((s, v) => s + Number(v.value), 0);
    expect(sum).toBe(4); // 1 new + 3 active
    // The download is audited like every export.
    await dhis2Download(dbs(), managerA, countryA.id, "2026-11", ctx(managerA));
    const exp = await testDb().auditEvent.findFirst({ where: { actorId: managerA.userId, action: "export.dhis2" } });
    expect(exp?.meta).toMatchObject({ kind: "dhis2", format: "json", rows: 2 * DHIS2_CELLS.length });
  });

  it("dry run, then import: the token in the header, DHIS2's summary back, each audited; a re-send updates the same values", async () => {
    const dry = await pushDhis2(dbs(), managerA, { countryId: countryA.id, month: "2026-11", dryRun: true }, ctx(managerA), ENV);
    expect(dry).toMatchObject({ outcome: "sent", dryRun: true, values: 2 * DHIS2_CELLS.length, summary: { status: "SUCCESS", importCount: { imported: 2 * DHIS2_CELLS.length, updated: 0 } } });
    expect(fake.stored.size).toBe(0);
    expect(fake.seen.at(-1)!.url).toContain("dryRun=true");
    expect(fake.seen.at(-1)!.auth).toBe(`ApiToken ${TOKEN}`);
    const real = await pushDhis2(dbs(), managerA, { countryId: countryA.id, month: "2026-11", dryRun: false }, ctx(managerA), ENV);
    expect(real).toMatchObject({ outcome: "sent", dryRun: false, summary: { importCount: { imported: 2 * DHIS2_CELLS.length } } });
    expect(fake.seen.at(-1)!.url).toContain("dryRun=false");
    expect(fake.stored.size).toBe(2 * DHIS2_CELLS.length);
    const again = await pushDhis2(dbs(), managerA, { countryId: countryA.id, month: "2026-11", dryRun: false }, ctx(managerA), ENV);
    expect(again).toMatchObject({ outcome: "sent", summary: { importCount: { imported: 0, updated: 2 * DHIS2_CELLS.length } } });
    const pushes = (await auditFor(countryA.id)).filter((a) => a.action === "dhis2.push").slice(-3);
    expect(pushes.map((p) => (p.meta as { dryRun: boolean }).dryRun)).toEqual([true, false, false]);
    expect(pushes[1]!.meta).toMatchObject({ outcome: "sent", status: "SUCCESS", importCount: { imported: 2 * DHIS2_CELLS.length }, conflicts: 0 });
    // The token is nowhere in the audit.
    expect(JSON.stringify(pushes.map((p) => p.meta))).not.toContain(TOKEN);
  });

  it("shows DHIS2's conflicts", async () => {
    await testDb().dhis2OrgUnit.update({ where: { siteId: sitesA[1]!.id }, data: { orgUnit: "OU_UNKNOWN" } });
    try {
      const r = await pushDhis2(dbs(), managerA, { countryId: countryA.id, month: "2026-11", dryRun: true }, ctx(managerA), ENV);
      expect(r).toMatchObject({ outcome: "sent", httpStatus: 409, summary: { status: "WARNING" } });
      if (r.outcome === "sent") expect(r.summary.conflicts[0]).toMatchObject({ object: "OU_UNKNOWN", errorCode: "E7612" });
    } finally {
      await testDb().dhis2OrgUnit.update({ where: { siteId: sitesA[1]!.id }, data: { orgUnit: "OU1" } });
    }
  });

  it("a manager of country A cannot download or push country B's month (not found), and nothing is sent", async () => {
    const before = fake.seen.length;
    await expect(pushDhis2(dbs(), managerA, { countryId: countryB.id, month: "2026-11", dryRun: true }, ctx(managerA), ENV)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(dhis2Download(dbs(), managerA, countryB.id, "2026-11", ctx(managerA))).rejects.toBeInstanceOf(AppError);
    const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [sitesA[0]!.id] }));
    await expect(pushDhis2(dbs(), supervisor, { countryId: countryA.id, month: "2026-11", dryRun: true }, ctx(supervisor), ENV)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(fake.seen.length).toBe(before);
    expect((await auditFor(countryB.id)).filter((a) => a.action === "dhis2.push")).toHaveLength(0);
  });

  it("a missing token or an unreachable server is answered clearly and audited as not sent", async () => {
    const noToken = await pushDhis2(dbs(), managerA, { countryId: countryA.id, month: "2026-11", dryRun: true }, ctx(managerA), {});
    expect(noToken).toEqual({ outcome: "notConfigured", what: "token", tokenEnv: "DHIS2_TOKEN_TEST" });
    const wrongToken = await pushDhis2(dbs(), managerA, { countryId: countryA.id, month: "2026-11", dryRun: true }, ctx(managerA), { DHIS2_TOKEN_TEST: "wrong" });
    expect(wrongToken).toMatchObject({ outcome: "unauthorised", httpStatus: 401 });
    // A port nobody listens on.
    const closed = fakeDhis2(TOKEN);
    const deadUrl = await closed.start();
    await closed.stop();
    const settings = countrySettingsSchema.parse({ dhis2Url: deadUrl, dhis2TokenEnv: "DHIS2_TOKEN_TEST" });
    await testDb().country.update({ where: { id: countryA.id }, data: { settings } });
    const down = await pushDhis2(dbs(), managerA, { countryId: countryA.id, month: "2026-11", dryRun: false }, ctx(managerA), ENV);
    expect(down).toEqual({ outcome: "unreachable", dryRun: false, values: 2 * DHIS2_CELLS.length, httpStatus: null });
    const last = (await auditFor(countryA.id)).at(-1)!;
    expect(last).toMatchObject({ action: "dhis2.push", meta: expect.objectContaining({ outcome: "unreachable", dryRun: false }) });
    expect(last.meta).not.toHaveProperty("importCount");
  });

  it("a supervisor or a manager cannot save a mapping", async () => {
    expect(await execute(testDb(), saveDhis2MappingCommand, managerA, fullMapping(countryA.id, sitesA))).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    // A site of another country in the mapping is refused, nothing written.
    const siteB = await createSite({ countryId: countryB.id });
    expect(await execute(testDb(), saveDhis2MappingCommand, admin, { countryId: countryA.id, elements: [], orgUnits: [{ siteId: siteB.id, orgUnit: "X" }] })).toMatchObject({ ok: false });
    expect(await testDb().dhis2OrgUnit.findUnique({ where: { siteId: siteB.id } })).toBeNull();
    expect(siteCellKey("s", DHIS2_CELLS[0]!)).toBe("s|NEW_ENROLMENTS|<15|FEMALE");
  });
});
