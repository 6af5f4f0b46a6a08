// The coverage statement (lib/coverage/sql.ts) against the pure definitions (lib/coverage/
// definitions.ts) on random call histories: tasks in every state, calls by the holder and by
// colleagues, corrections (and a correction of a correction, which changes nothing), sites in
// three time zones with calls around their midnights, tasks held by a Mentor Mother of another
// site (a transfer). Compared Mentor Mother by Mentor Mother, day by day; the other levels must be
// the sums of those rows.
import "./timeout";
import { Prisma } from "@/lib/generated/prisma/client";
import { addDaysIso } from "@/lib/calls/calendar";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import type { Disposition } from "@/lib/calls/state-machine";
import type { TaskStatus } from "@/lib/calls/task-status";
import {
  COVERAGE_DISPOSITIONS, coverageByMentorDay, emptyFigures, mentorDayKey, notReachedFor, sumFigures,
  type CoverageCall, type CoverageFigures, type CoverageMentor, type CoverageTask,
} from "@/lib/coverage/definitions";
import { NOT_REACHED_SQL, runCoverage, type SiteRange } from "@/lib/coverage/sql";
import { finaliseCoverage } from "@/lib/coverage/rollup";
import { closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";
import { rng } from "@/tests/random";

afterAll(closeDb);

const D = "2026-06-10";
const db = () => testDb();


const STATUSES: TaskStatus[] = ["PENDING", "CLAIMED", "RETRY_LATER", "DONE", "DONE", "ESCALATED", "CANCELLED", "CANCELLED", "CARRIED_OVER", "CARRIED_OVER"];

type World = {
  sites: { id: string; timeZone: string; countryId: string }[];
  mentors: { id: string; siteId: string; timeZone: string }[];
  tasks: CoverageTask[];
  calls: CoverageCall[];
};

async function buildWorld(seed: number): Promise<World> {
  const r = rng(seed);
  const zones = ["Africa/Nairobi", "Africa/Accra", "Atlantic/Cape_Verde"];
  const sites: World["sites"] = [];
  const mentors: World["mentors"] = [];
  for (const timeZone of zones) {
    const country = await createCountry({ timeZone });
    const site = await createSite({ countryId: country.id, timeZone });
    sites.push({ id: site.id, timeZone, countryId: country.id });
    for (let i = 0; i < 3; i++) {
      const m = await createUser("MENTOR_MOTHER", { siteIds: [site.id] });
      mentors.push({ id: m.id, siteId: site.id, timeZone });
    }
  }
  const tasks: World["tasks"] = [];
  const calls: World["calls"] = [];
  const taskRows: Prisma.CallTaskCreateManyInput[] = [];
  const callRows: Prisma.CallAttemptCreateManyInput[] = [];
  for (const site of sites) {
    const own = mentors.filter((m) => m.siteId === site.id);
    for (let n = 0; n < 25; n++) {
      const client = await db().client.create({
        data: {
          ref: `CV-${uid()}${uid()}`, siteId: site.id, firstName: "Cov", lastName: `Erage ${uid()}`, dateOfBirth: dateOnly("1990-01-01"),
          category: "OTHER", enrolmentDate: dateOnly("2025-01-01"), preferredLanguage: "en", consentCalls: true, mentorId: own[0]!.id,
        },
        select: { id: true },
      });
      for (let back = 20; back >= -2; back--) {
        if (!r.chance(0.35)) continue;
        const day = addDaysIso(D, -back);
        const id = crypto.randomUUID();
        // Mostly her site's Mentor Mothers; sometimes one of another site (a client transferred
        // with her open tasks).
        const holder = r.chance(0.9) ? r.pick(own) : r.pick(mentors);
        const status = r.pick(STATUSES);
        tasks.push({ id, mentorId: holder.id, day, status });
        taskRows.push({ id, clientId: client.id, mentorId: holder.id, taskDate: dateOnly(day), reasons: ["adherence"], priority: 8, status, firstDueDate: dateOnly(day) });
        const nCalls = status === "CANCELLED" ? r.pick([0, 0, 1]) : r.int(0, 3);
        for (let k = 0; k < nCalls; k++) {
          // By the holder, or a colleague of her site (cover).
          const caller = r.chance(0.8) ? holder : r.pick(own);
          // Any hour of the UTC day before, on or after the task day: calls near a site's midnight
          // fall on the neighbouring local day.
          const createdAt = new Date(Date.parse(`${day}T00:00:00Z`) + r.int(-6 * 60, 30 * 60) * 60_000 + r.int(0, 59_999));
          const callId = crypto.randomUUID();
          const disposition = r.pick(COVERAGE_DISPOSITIONS) as Disposition;
          calls.push({ id: callId, taskId: id, mentorId: caller.id, createdAt, disposition, correctsId: null });
          callRows.push({ id: callId, taskId: id, clientId: client.id, mentorId: caller.id, disposition, createdAt, idempotencyKey: `cv-${callId}` });
          for (let c = r.chance(0.25) ? r.int(1, 2) : 0; c > 0; c--) {
            const fixId = crypto.randomUUID();
            const fixAt = new Date(createdAt.getTime() + r.int(1, 23 * 60) * 60_000);
            const fix = r.pick(COVERAGE_DISPOSITIONS) as Disposition;
            calls.push({ id: fixId, taskId: id, mentorId: caller.id, createdAt: fixAt, disposition: fix, correctsId: callId });
            callRows.push({ id: fixId, taskId: id, clientId: client.id, mentorId: caller.id, disposition: fix, createdAt: fixAt, correctsId: callId, idempotencyKey: `cv-${fixId}` });
            if (r.chance(0.2)) {
              // A correction of the correction: not a call, and not a correction of the call.
              const id2 = crypto.randomUUID();
              const at2 = new Date(fixAt.getTime() + 60_000);
              const d2 = r.pick(COVERAGE_DISPOSITIONS) as Disposition;
              calls.push({ id: id2, taskId: id, mentorId: caller.id, createdAt: at2, disposition: d2, correctsId: fixId });
              callRows.push({ id: id2, taskId: id, clientId: client.id, mentorId: caller.id, disposition: d2, createdAt: at2, correctsId: fixId, idempotencyKey: `cv-${id2}` });
            }
          }
        }
      }
    }
  }
  await db().callTask.createMany({ data: taskRows });
  // Corrections point to earlier rows: originals first.
  await db().callAttempt.createMany({ data: callRows.filter((c) => !c.correctsId) });
  await db().callAttempt.createMany({ data: callRows.filter((c) => c.correctsId && calls.find((x) => x.id === c.correctsId)?.correctsId === null) });
  await db().callAttempt.createMany({ data: callRows.filter((c) => c.correctsId && calls.find((x) => x.id === c.correctsId)?.correctsId !== null) });
  return { sites, mentors, tasks, calls };
}

const plain = (f: CoverageFigures) => JSON.stringify(f);

describe("the coverage statement counts what lib/coverage/definitions.ts counts", () => {
  let w: World;
  let ranges: SiteRange[];
  let mentors: CoverageMentor[];

  beforeAll(async () => {
    w = await buildWorld(20261207);
    // Each site its own period (its own local days).
    ranges = w.sites.map((s, i) => ({ siteId: s.id, from: addDaysIso(D, -14 - i), to: addDaysIso(D, i - 1) }));
    mentors = w.mentors.map((m) => {
      const range = ranges.find((x) => x.siteId === m.siteId)!;
      return { id: m.id, timeZone: m.timeZone, from: range.from, to: range.to };
    });
  });

  test("Mentor Mother by Mentor Mother, day by day", async () => {
    const want = coverageByMentorDay({ mentors, tasks: w.tasks, calls: w.calls });
    const rows = await runCoverage(db(), { sites: ranges, levels: ["mentorDay"] });
    const got = new Map(rows.map((r) => [mentorDayKey(r.mentorId!, r.day!), r.figures]));
    expect(rows.every((r) => r.level === "mentorDay")).toBe(true);
    const keys = new Set([...want.keys(), ...got.keys()]);
    for (const k of keys) {
      const a = want.get(k) ?? emptyFigures();
      const b = got.get(k) ?? emptyFigures();
      if (plain(a) !== plain(b)) throw new Error(`${k}: definitions ${plain(a)} vs SQL ${plain(b)}`);
    }
    // The data exercise every figure.
    const total = sumFigures(want.values());
    for (const k of ["due", "attempted", "reached", "carriedOver", "escalated", "calls", "optOuts", "wrongNumbers"] as const) {
      expect(total[k]).toBeGreaterThan(0);
    }
    expect(keys.size).toBeGreaterThan(100);
    // Some calls fell on another local day than their task's, and some tasks were cancelled unworked.
    expect(w.calls.some((c) => {
      const t = w.tasks.find((x) => x.id === c.taskId)!;
      const m = w.mentors.find((x) => x.id === c.mentorId)!;
      return localDay(m.timeZone, c.createdAt) !== t.day;
    })).toBe(true);
    expect(w.tasks.some((t) => t.status === "CANCELLED" && !w.calls.some((c) => c.taskId === t.id))).toBe(true);
  });

  test("the other levels are the sums of the Mentor Mother x day figures", async () => {
    const want = coverageByMentorDay({ mentors, tasks: w.tasks, calls: w.calls });
    const rows = await runCoverage(db(), { sites: ranges, levels: ["mentor", "site", "country", "day", "total", "siteDay"] });
    const siteOf = new Map(w.mentors.map((m) => [m.id, m.siteId]));
    const sum = (pred: (mentorId: string, day: string) => boolean) =>
      sumFigures([...want.entries()].filter(([k]) => pred(k.split("|")[0]!, k.split("|")[1]!)).map(([, f]) => f));
    for (const r of rows) {
      let expected: CoverageFigures;
      switch (r.level) {
        case "mentor": expected = sum((m) => m === r.mentorId); break;
        case "site": expected = sum((m) => siteOf.get(m) === r.siteId); break;
        case "country": expected = sum((m) => w.sites.find((s) => s.id === siteOf.get(m))!.countryId === r.countryId); break;
        case "day": expected = sum((_, d) => d === r.day); break;
        case "siteDay": expected = sum((m, d) => d === r.day && siteOf.get(m) === r.siteId); break;
        case "total": expected = sumFigures(want.values()); break;
        default: throw new Error(`unexpected level ${r.level}`);
      }
      expect(plain(r.figures)).toBe(plain(expected));
    }
    expect(rows.filter((r) => r.level === "total")).toHaveLength(1);
    expect(rows.filter((r) => r.level === "site")).toHaveLength(3);
  });

  test("one Mentor Mother's days (her drill-down)", async () => {
    const m = mentors[4]!;
    const want = coverageByMentorDay({ mentors: [m], tasks: w.tasks, calls: w.calls });
    const range = ranges.find((x) => x.siteId === w.mentors[4]!.siteId)!;
    const rows = await runCoverage(db(), { sites: [range], mentorId: m.id, levels: ["day"] });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(plain(r.figures)).toBe(plain(want.get(mentorDayKey(m.id, r.day!)) ?? emptyFigures()));
    expect(rows.length).toBe(want.size);
  });
});

// The roll-up (lib/coverage/rollup.ts): finished days read from coverage_days give the same figures,
// and a late change to a finished day - a correction, a call on an old task, a task re-statused,
// moved to another Mentor Mother or deleted - is counted at once (its triggers delete the day's row),
// before and after the day is finalised again.
describe("the roll-up of finished days counts the same, and late changes re-open their day", () => {
  let w: World;
  let ranges: SiteRange[];
  let mentors: CoverageMentor[];
  const finishedTo = addDaysIso(D, -3);

  async function expectSame(label: string) {
    const want = coverageByMentorDay({ mentors, tasks: w.tasks, calls: w.calls });
    const rows = await runCoverage(db(), { sites: ranges, levels: ["mentorDay", "total"] });
    const got = new Map(rows.filter((r) => r.level === "mentorDay").map((r) => [mentorDayKey(r.mentorId!, r.day!), r.figures]));
    for (const k of new Set([...want.keys(), ...got.keys()])) {
      const a = want.get(k) ?? emptyFigures();
      const b = got.get(k) ?? emptyFigures();
      if (plain(a) !== plain(b)) throw new Error(`${label} ${k}: definitions ${plain(a)} vs SQL ${plain(b)}`);
    }
    expect(plain(rows.find((r) => r.level === "total")!.figures)).toBe(plain(sumFigures(want.values())));
  }

  const rolledUp = async () =>
    (await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM coverage_days WHERE mentor_id = ANY(${w.mentors.map((m) => m.id)}::uuid[])`)[0]!.n;

  beforeAll(async () => {
    w = await buildWorld(99);
    ranges = w.sites.map((s, i) => ({ siteId: s.id, from: addDaysIso(D, -14 - i), to: addDaysIso(D, i - 1) }));
    mentors = w.mentors.map((m) => {
      const range = ranges.find((x) => x.siteId === m.siteId)!;
      return { id: m.id, timeZone: m.timeZone, from: range.from, to: range.to };
    });
  });

  test("finalised days, then late changes, then finalised again", async () => {
    await expectSame("before");
    const finalise = () => db().$transaction((tx) => finaliseCoverage(tx, ranges.map((r) => ({ ...r, to: finishedTo }))));
    const written = await finalise();
    // Every Mentor Mother's every finished day of her period, zeros included.
    const daysOf = (r: SiteRange) => Math.round((Date.parse(finishedTo) - Date.parse(r.from)) / 86_400_000) + 1;
    expect(written).toBe(ranges.reduce((n, r) => n + 3 * daysOf(r), 0));
    expect(await rolledUp()).toBe(written);
    await expectSame("finalised");
    // Finalising again writes nothing.
    expect(await finalise()).toBe(0);

    const r = rng(5);
    const old = (t: CoverageTask) => t.day <= addDaysIso(finishedTo, -1);
    const oldTasks = w.tasks.filter(old);
    const clientOf = async (taskId: string) => (await db().callTask.findUniqueOrThrow({ where: { id: taskId }, select: { clientId: true } })).clientId;
    // Corrections of calls on finished days.
    for (const c of w.calls.filter((x) => !x.correctsId && oldTasks.some((t) => t.id === x.taskId)).slice(0, 8)) {
      const id = crypto.randomUUID();
      const fix = { id, taskId: c.taskId, mentorId: c.mentorId, createdAt: new Date(c.createdAt.getTime() + 3_600_000), disposition: r.pick(COVERAGE_DISPOSITIONS) as Disposition, correctsId: c.id };
      await db().callAttempt.create({ data: { ...fix, clientId: await clientOf(c.taskId), idempotencyKey: `cv-${id}` } });
      w.calls.push(fix);
    }
    // A late call on an old task (made "today").
    for (const t of oldTasks.slice(0, 3)) {
      const id = crypto.randomUUID();
      const call = { id, taskId: t.id, mentorId: t.mentorId, createdAt: new Date(`${D}T09:00:00Z`), disposition: "REACHED" as Disposition, correctsId: null };
      await db().callAttempt.create({ data: { ...call, clientId: await clientOf(t.id), idempotencyKey: `cv-${id}` } });
      w.calls.push(call);
    }
    // Old tasks re-statused and moved to another Mentor Mother; one without calls deleted.
    for (const t of oldTasks.slice(3, 9)) {
      t.status = r.pick(["CANCELLED", "CARRIED_OVER", "ESCALATED", "DONE"] as TaskStatus[]);
      await db().callTask.update({ where: { id: t.id }, data: { status: t.status } });
    }
    for (const t of oldTasks.slice(9, 13)) {
      t.mentorId = r.pick(w.mentors.filter((m) => m.id !== t.mentorId)).id;
      await db().callTask.update({ where: { id: t.id }, data: { mentorId: t.mentorId } });
    }
    const lonely = oldTasks.find((t) => !w.calls.some((c) => c.taskId === t.id))!;
    await db().callTask.delete({ where: { id: lonely.id } });
    w.tasks = w.tasks.filter((t) => t.id !== lonely.id);

    expect(await rolledUp()).toBeLessThan(written);
    await expectSame("after late changes");
    expect(await finalise()).toBeGreaterThan(0);
    expect(await rolledUp()).toBe(written);
    await expectSame("finalised again");
  });
});

describe("not reached in N days: the SQL fragment and notReachedFor agree", () => {
  test("on random clients around the boundary, in a UTC+3 site", async () => {
    const r = rng(7);
    const timeZone = "Africa/Nairobi";
    const site = await createSite({ countryId: (await createCountry({ timeZone })).id, timeZone });
    const m = await createUser("MENTOR_MOTHER", { siteIds: [site.id] });
    const days = 30;
    const since = addDaysIso(D, -days);
    const clients = [];
    for (let i = 0; i < 120; i++) {
      const reachedDay = addDaysIso(since, r.int(-3, 3));
      const c = await db().client.create({
        data: {
          ref: `NR-${uid()}${uid()}`, siteId: site.id, firstName: "Not", lastName: `Reached ${uid()}`, dateOfBirth: dateOnly("1990-01-01"),
          category: "OTHER", preferredLanguage: "en", consentCalls: true,
          enrolmentDate: dateOnly(addDaysIso(since, r.int(-2, 2))),
          status: r.chance(0.9) ? "ACTIVE" : "OPTED_OUT",
          mentorId: r.chance(0.9) ? m.id : null,
          // Any time of the UTC day: 21:00-23:59 UTC is the next day in Nairobi.
          lastReachedAt: r.chance(0.15) ? null : new Date(`${reachedDay}T${String(r.int(0, 23)).padStart(2, "0")}:${String(r.int(0, 59)).padStart(2, "0")}:00Z`),
        },
        select: { id: true, status: true, mentorId: true, enrolmentDate: true, lastReachedAt: true },
      });
      clients.push(c);
    }
    const want = clients
      .filter((c) => notReachedFor({ ...c, enrolmentDate: c.enrolmentDate.toISOString().slice(0, 10) }, D, days, timeZone))
      .map((c) => c.id)
      .sort();
    const rows = await db().$queryRaw<{ id: string }[]>`
      SELECT c.id::text AS id FROM clients c
      WHERE c.site_id = ${site.id}::uuid AND ${NOT_REACHED_SQL("c", Prisma.sql`${since}::date`, Prisma.sql`${timeZone}`)}
      ORDER BY c.id`;
    expect(rows.map((x) => x.id)).toEqual(want);
    expect(want.length).toBeGreaterThan(10);
    expect(want.length).toBeLessThan(clients.length - 10);
  });
});
