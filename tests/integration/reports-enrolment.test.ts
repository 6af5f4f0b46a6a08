// The enrolment report's one SQL statement (lib/reports/enrolment-sql.ts) against its pure twin
// (lib/reports/enrolment-rules.ts) on random registers: every status, coded and uncoded exits,
// clients without a status date, birthdays around the period's edges, two countries of which the
// actor sees one (a programme manager), and a supervisor who sees one site.
import "./timeout";
import { rng } from "../random";
import { addDaysIso } from "@/lib/calls/calendar";
import { isoDate } from "@/lib/dates";
import { countKey, enrolmentCounts, monthPeriod, previousPeriod, quarterPeriod, type EnrolmentClient, type EnrolmentCount, type Period } from "@/lib/reports/enrolment-rules";
import { enrolmentCountsSql } from "@/lib/reports/enrolment-sql";
import { EXIT_REASON_CODES } from "@/lib/clients/exit-reasons";
import type { Actor } from "@/lib/authz";
import { actorFor, closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";

afterAll(closeDb);


const CATEGORIES = ["PREGNANT", "POSTNATAL", "INFANT_CAREGIVER", "ADOLESCENT", "PARTNER", "OTHER"] as const;
const SEXES = ["FEMALE", "MALE", "OTHER", "UNKNOWN"] as const;
const STATUSES = ["ACTIVE", "ACTIVE", "ACTIVE", "TRANSFERRED_OUT", "LOST_TO_FOLLOW_UP", "DIED", "EXITED", "OPTED_OUT"] as const;

type Row = EnrolmentClient & { id: string };

async function register(seed: number, sites: { id: string; countryId: string }[], n: number, ages: [number, number] = [10, 60]): Promise<Row[]> {
  const r = rng(seed);
  const rows: Row[] = [];
  const data = [];
  for (let i = 0; i < n; i++) {
    const site = r.pick(sites);
    const enrolmentDate = addDaysIso("2026-01-01", r.int(-200, 250));
    const status = r.pick(STATUSES);
    const statusDate = status === "ACTIVE" ? (r.chance(0.2) ? addDaysIso(enrolmentDate, r.int(0, 60)) : null) : r.chance(0.1) ? null : addDaysIso(enrolmentDate, r.int(0, 150));
    // Birthdays close to the period edges, ages from 10 to 60 (or as asked).
    const dateOfBirth = addDaysIso(addDaysIso("2026-03-31", -365 * r.int(ages[0], ages[1])), r.int(-3, 3));
    const row: Row = {
      id: "", countryId: site.countryId, siteId: site.id, category: r.pick(CATEGORIES), sex: r.pick(SEXES), dateOfBirth, enrolmentDate,
      status, statusDate, statusReasonCode: status === "ACTIVE" || r.chance(0.2) ? null : r.pick(EXIT_REASON_CODES),
    };
    rows.push(row);
    data.push({
      ref: `R-${uid()}-${i}`, siteId: site.id, firstName: "Test", lastName: `Twin ${i}`, dateOfBirth: new Date(`${dateOfBirth}T00:00:00Z`),
      sex: row.sex as (typeof SEXES)[number], category: row.category as (typeof CATEGORIES)[number], enrolmentDate: new Date(`${enrolmentDate}T00:00:00Z`),
      preferredLanguage: "en", status: row.status as (typeof STATUSES)[number], statusDate: statusDate ? new Date(`${statusDate}T00:00:00Z`) : null,
      statusReasonCode: row.statusReasonCode,
    });
  }
  await testDb().client.createMany({ data });
  return rows;
}

function compare(sql: EnrolmentCount[], pure: Map<string, EnrolmentCount>) {
  const got = new Map(sql.map((c) => [countKey(c), c.count]));
  const want = new Map([...pure.values()].map((c) => [countKey(c), c.count]));
  expect(got.size).toBeGreaterThan(10);
  expect(Object.fromEntries([...got].sort())).toEqual(Object.fromEntries([...want].sort()));
}

describe("enrolment report: SQL and its pure twin agree", () => {
  let sites: { id: string; countryId: string }[];
  let rows: Row[];
  let manager: Actor;
  let supervisor: Actor;

  beforeAll(async () => {
    const [a, b] = [await createCountry(), await createCountry()];
    sites = [
      await createSite({ countryId: a.id }), await createSite({ countryId: a.id }), await createSite({ countryId: b.id }),
    ].map((s) => ({ id: s.id, countryId: s.countryId }));
    rows = await register(20261208, sites, 600);
    manager = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: a.id }));
    supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [sites[1]!.id] }));
  });

  const cases: [string, Period, Period][] = [
    ["a month", monthPeriod("2026-03"), previousPeriod("month", monthPeriod("2026-03"))],
    ["a quarter", quarterPeriod("2026-Q2"), previousPeriod("quarter", quarterPeriod("2026-Q2"))],
    ["a custom range", { from: "2025-11-17", to: "2026-02-03" }, previousPeriod("range", { from: "2025-11-17", to: "2026-02-03" })],
  ];

  it.each(cases)("for a country manager, over %s", async (_label, current, previous) => {
    const country = sites[0]!.countryId;
    const mine = rows.filter((r) => r.countryId === country);
    compare(await enrolmentCountsSql(testDb(), manager, { current, previous, countryId: null, siteId: null }), enrolmentCounts(mine, { current, previous }));
  });

  it("for a supervisor (her site only), and with a site filter", async () => {
    const [current, previous] = [monthPeriod("2026-04"), monthPeriod("2026-03")];
    const hers = rows.filter((r) => r.siteId === sites[1]!.id);
    compare(await enrolmentCountsSql(testDb(), supervisor, { current, previous, countryId: null, siteId: null }), enrolmentCounts(hers, { current, previous }));
    const site0 = rows.filter((r) => r.siteId === sites[0]!.id);
    compare(await enrolmentCountsSql(testDb(), manager, { current, previous, countryId: null, siteId: sites[0]!.id }), enrolmentCounts(site0, { current, previous }));
    // A filter outside her scope gives nothing, never another country's figures.
    expect(await enrolmentCountsSql(testDb(), manager, { current, previous, countryId: sites[2]!.countryId, siteId: null })).toEqual([]);
  });

  it("with the finer MER age bands (<1 to 65+)", async () => {
    const country = await createCountry();
    const site = await createSite({ countryId: country.id });
    const more = await register(65, [{ id: site.id, countryId: country.id }], 400, [0, 80]);
    const admin = await actorFor(await createUser("ADMIN"));
    const current = quarterPeriod("2026-Q1");
    const previous = previousPeriod("quarter", current);
    const sql = await enrolmentCountsSql(testDb(), admin, { current, previous, countryId: country.id, siteId: null, ageBands: "mer" });
    compare(sql, enrolmentCounts(more, { current, previous }, "mer"));
    expect(new Set(sql.filter((c) => c.dimension === "ageBand").map((c) => c.key))).toEqual(expect.objectContaining({ size: 15 }));
  });

  it("on a second random register", async () => {
    const country = await createCountry();
    const site = await createSite({ countryId: country.id });
    const more = await register(7, [{ id: site.id, countryId: country.id }], 300);
    const admin = await actorFor(await createUser("ADMIN"));
    const current = { from: "2026-01-01", to: isoDate(new Date("2026-06-30T00:00:00Z")) };
    const previous = previousPeriod("range", current);
    compare(await enrolmentCountsSql(testDb(), admin, { current, previous, countryId: country.id, siteId: null }), enrolmentCounts(more, { current, previous }));
  });
});
