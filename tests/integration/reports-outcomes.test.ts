// The viral-load figures' SQL (lib/reports/outcome-sql.ts) against their pure twin
// (lib/reports/outcome-rules.ts) on random registers: ART starts around the 6-month line, results
// around the 12-month window and the period end (sampled before, known after), several results per
// client, every status and group.
import "./timeout";
import { addDaysIso } from "@/lib/calls/calendar";
import { viralLoadFigures, type OutcomeClient } from "@/lib/reports/outcome-rules";
import { viralLoadFiguresSql } from "@/lib/reports/outcome-sql";
import { actorFor, closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";

afterAll(closeDb);

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!, chance: (p: number) => next() < p };
}

const END = "2026-08-31";
const CATEGORIES = ["PREGNANT", "POSTNATAL", "INFANT_CAREGIVER", "ADOLESCENT", "PARTNER", "OTHER"] as const;
const STATUSES = ["ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "TRANSFERRED_OUT", "DIED", "OPTED_OUT"] as const;
const day = (d: string) => new Date(`${d}T00:00:00Z`);

it("viral-load coverage and suppression: SQL and its pure twin agree, per group and in total", async () => {
  const r = rng(2026);
  const country = await createCountry();
  const site = await createSite({ countryId: country.id });
  const mine: OutcomeClient[] = [];
  for (let i = 0; i < 250; i++) {
    const enrolmentDate = addDaysIso(END, -r.int(-20, 700));
    const status = r.pick(STATUSES);
    const statusDate = status === "ACTIVE" ? null : addDaysIso(END, r.int(-100, 30));
    const artStartDate = r.chance(0.1) ? null : addDaysIso(END, -r.int(150, 220) - (r.chance(0.5) ? 0 : 400));
    const c = await testDb().client.create({
      data: {
        ref: `VL-${uid()}-${i}`, siteId: site.id, firstName: "Vl", lastName: `Twin ${i}`, dateOfBirth: day("1994-02-02"), category: r.pick(CATEGORIES),
        breastfeeding: r.chance(0.2), enrolmentDate: day(enrolmentDate), preferredLanguage: "en", status, statusDate: statusDate ? day(statusDate) : null,
        artStartDate: artStartDate ? day(artStartDate) : null,
      },
    });
    const results: OutcomeClient["results"] = [];
    for (let k = r.int(0, 4); k > 0; k--) {
      const sampleDate = addDaysIso(END, -r.int(-10, 420));
      const resultDate = addDaysIso(sampleDate, r.int(0, 30));
      const copies = r.pick([0, 20, 49, 50, 999, 1000, 25000]);
      const v = await testDb().viralLoadResult.create({ data: { clientId: c.id, sampleDate: day(sampleDate), resultDate: day(resultDate), copies } });
      results.push({ id: v.id, sampleDate, resultDate, copies });
    }
    mine.push({ category: c.category, breastfeeding: c.breastfeeding, enrolmentDate, status, statusDate, artStartDate, results });
  }
  const manager = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: country.id }));
  for (const end of [END, "2026-05-31", "2026-02-28"]) {
    const want = viralLoadFigures(mine, end);
    expect(await viralLoadFiguresSql(testDb(), manager, { end, countryId: null, siteId: null })).toEqual(want);
  }
  expect(viralLoadFigures(mine, END).TOTAL.withResult).toBeGreaterThan(10);
  // Another country's manager sees none of them.
  const other = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: (await createCountry()).id }));
  expect((await viralLoadFiguresSql(testDb(), other, { end: END, countryId: null, siteId: null })).TOTAL.eligible).toBe(0);
});
