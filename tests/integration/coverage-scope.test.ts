// The coverage pages' reads per role (issue 11): a supervisor sees her sites' Mentor Mothers only,
// a programme manager her country's sites (figures, never client names), an administrator every
// country; a Mentor Mother nothing. No out-of-scope rows and no out-of-scope totals.
import "./timeout";
import { randomUUID } from "node:crypto";
import { dateOnly } from "@/lib/dates";
import type { Actor } from "@/lib/authz";
import { coverageReport, mentorDay } from "@/lib/coverage/queries";
import { parseCoverageParams } from "@/lib/coverage/schemas";
import { actorFor, closeDb, createClient, createCountry, createSite, createUser, testDb } from "../factories";

const TZ = "Africa/Nairobi";
const db = testDb();
const DAY = "2026-12-08";
const NOW = new Date(`${DAY}T14:00:00+03:00`);

let a1: string;
let a2: string;
let b1: string;
let countryA: string;
let countryB: string;
const mm: Record<string, Actor> = {};
let supA1: Actor;
let pmA: Actor;
let admin: Actor;

/** `n` tasks for her today, the first `reached` of them reached by a call. */
async function dayOf(m: Actor, siteId: string, n: number, reached: number) {
  for (let i = 0; i < n; i++) {
    const c = await createClient(siteId, { mentorId: m.userId });
    const t = await db.callTask.create({
      data: { clientId: c.id, mentorId: m.userId, taskDate: dateOnly(DAY), reasons: ["adherence"], priority: 8, firstDueDate: dateOnly(DAY), status: i < reached ? "DONE" : "PENDING", attempts: i < reached ? 1 : 0 },
    });
    if (i < reached) {
      await db.callAttempt.create({
        data: { taskId: t.id, clientId: c.id, mentorId: m.userId, disposition: "REACHED", idempotencyKey: `k_${randomUUID().replace(/-/g, "")}`, createdAt: new Date(`${DAY}T10:00:00+03:00`) },
      });
    }
  }
}

beforeAll(async () => {
  countryA = (await createCountry({ timeZone: TZ })).id;
  countryB = (await createCountry({ timeZone: TZ })).id;
  a1 = (await createSite({ countryId: countryA, timeZone: TZ })).id;
  a2 = (await createSite({ countryId: countryA, timeZone: TZ })).id;
  b1 = (await createSite({ countryId: countryB, timeZone: TZ })).id;
  for (const [k, site] of [["a1", a1], ["a2", a2], ["b1", b1]] as const) {
    mm[k] = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [site], name: `MM ${k}` }));
  }
  await dayOf(mm.a1!, a1, 4, 1);
  await dayOf(mm.a2!, a2, 2, 2);
  await dayOf(mm.b1!, b1, 3, 3);
  supA1 = await actorFor(await createUser("SUPERVISOR", { siteIds: [a1] }));
  pmA = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: countryA }));
  admin = await actorFor(await createUser("ADMIN"));
});
afterAll(closeDb);

describe("coverage scope", () => {
  it("a supervisor sees her site's Mentor Mothers only, and only their totals", async () => {
    const r = await coverageReport(db, supA1, { period: "today" }, NOW);
    expect(r.level).toBe("mentor");
    expect(r.rows.map((x) => x.id)).toEqual([mm.a1!.userId]);
    expect(r.total).toMatchObject({ due: 4, reached: 1, calls: 1 });
    expect(r.rows[0]).toMatchObject({ rate: 0.25, belowGoal: true, notReached: 4 });
    // Another site named in the request is not hers: not found.
    await expect(coverageReport(db, supA1, { period: "today", site: a2 }, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a programme manager sees her country's sites, drills into one, never another country", async () => {
    const r = await coverageReport(db, pmA, { period: "today" }, NOW);
    expect(r.level).toBe("site");
    expect(r.rows.map((x) => x.id).sort()).toEqual([a1, a2].sort());
    expect(r.total).toMatchObject({ due: 6, reached: 3 });
    // Worst first: a1 (25 %) before a2 (100 %).
    expect(r.rows.map((x) => x.id)).toEqual([a1, a2]);
    const site = await coverageReport(db, pmA, { period: "today", site: a2 }, NOW);
    expect(site.rows.map((x) => x.id)).toEqual([mm.a2!.userId]);
    await expect(coverageReport(db, pmA, { period: "today", country: countryB }, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Her Mentor Mother's day: figures, no client names.
    const day = await mentorDay(db, pmA, mm.a1!.userId, DAY, NOW);
    expect(day.showClients).toBe(false);
    expect(day.tasks).toHaveLength(4);
    expect(day.tasks.every((t) => t.client === null)).toBe(true);
    await expect(mentorDay(db, pmA, mm.b1!.userId, DAY, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an administrator starts at the countries; a supervisor's drill-down names the clients in her scope", async () => {
    const r = await coverageReport(db, admin, { period: "today" }, NOW);
    expect(r.level).toBe("country");
    expect(r.rows.map((x) => x.id)).toEqual(expect.arrayContaining([countryA, countryB]));
    const a = r.rows.find((x) => x.id === countryA)!;
    expect(a.figures).toMatchObject({ due: 6, reached: 3 });
    const day = await mentorDay(db, supA1, mm.a1!.userId, undefined, NOW);
    expect(day.day).toBe(DAY);
    expect(day.tasks.every((t) => t.client?.firstName === "Test")).toBe(true);
    expect(day.tasks.filter((t) => t.calls.some((c) => c.disposition === "REACHED"))).toHaveLength(1);
    await expect(mentorDay(db, supA1, mm.a2!.userId, DAY, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a Mentor Mother gets nothing", async () => {
    await expect(coverageReport(db, mm.a1!, { period: "today" }, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(mentorDay(db, mm.a1!, mm.a1!.userId, DAY, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("the previous period sits beside each figure", async () => {
    const r = await coverageReport(db, supA1, { period: "range", from: "2026-12-09", to: "2026-12-09" }, NOW);
    expect(r.previousRange).toEqual({ from: DAY, to: DAY });
    expect(r.rows[0]!.previous).toMatchObject({ due: 4, reached: 1 });
    expect(r.rows[0]!.figures.due).toBe(0);
  });

  it("search parameters: a range longer than 92 days or backwards is refused with a reason", () => {
    expect(parseCoverageParams({ period: "range", from: "2026-01-01", to: "2026-06-30" }).rangeError).toBe("rangeTooLong");
    expect(parseCoverageParams({ period: "range", from: "2026-02-01", to: "2026-01-01" }).rangeError).toBe("rangeOrder");
    expect(parseCoverageParams({ period: "bogus" }).query.period).toBe("thisWeek");
    expect(parseCoverageParams({ period: "last30" }).query).toMatchObject({ period: "last30" });
  });
});
