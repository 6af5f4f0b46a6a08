// The report roll-up (lib/reports/rollup.ts, decision 044): a finished period's figures are kept
// by the statements themselves and read back; after each late change (a back-dated enrolment, an
// exit, a status change, a viral-load result, a tracing outcome, a first call after an old missed
// appointment, a call on an old task, a transfer) the page's figures through the roll-up equal the
// ones computed from the tables, and differ from those before the change. A change at another
// country's site, or a call on today's task, leaves the kept rows alone.
import "./timeout";
import type { Actor } from "@/lib/authz";
import { addDaysIso, addMonthsIso } from "@/lib/calls/calendar";
import { dateOnly, isoDate } from "@/lib/dates";
import { callClientReport, callReport, enrolmentReport, outcomeReport, programmeReport } from "@/lib/reports/queries";
import { periodFinished, rollupScope } from "@/lib/reports/rollup";
import { warmPeriods } from "@/lib/reports/rollup-warm";
import { resolveFilters } from "@/lib/reports/schemas";
import { actorFor, closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";
import { rng } from "../random";

afterAll(closeDb);

const TODAY = isoDate(new Date());
// A finished month, three months back.
const f = resolveFilters({ period: "month", month: addMonthsIso(TODAY, -3).slice(0, 7) }, TODAY);
const D = f.current.to;

it("finished periods and scopes", () => {
  const now = dateOnly("2026-12-06");
  expect(periodFinished("2026-12-04", now)).toBe(true);
  expect(periodFinished("2026-12-05", now)).toBe(false);
  expect(periodFinished("2026-12-31", now)).toBe(false);
  const base = { sessionId: "s", name: "n", locale: "en", userId: "u" };
  expect(rollupScope({ ...base, role: "ADMIN", countryId: null, siteIds: [] }, { countryId: null, siteId: null })?.who).toBe("all");
  expect(rollupScope({ ...base, role: "PROGRAMME_MANAGER", countryId: "c1", siteIds: [] }, { countryId: null, siteId: null })).toEqual({ who: "country:c1", siteIds: null, countryId: "c1" });
  expect(rollupScope({ ...base, role: "SUPERVISOR", countryId: null, siteIds: ["b", "a"] }, { countryId: null, siteId: "a" })).toEqual({ who: "sites:a,b", siteIds: ["a"], countryId: null });
  expect(rollupScope({ ...base, role: "MENTOR_MOTHER", countryId: null, siteIds: ["a"] }, { countryId: null, siteId: null })).toBeNull();
});

it("the rolled-up figures equal the live ones after late changes", async () => {
  const db = testDb();
  const r = rng(1044);
  const country = await createCountry();
  const sites = [await createSite({ countryId: country.id, timeZone: "Africa/Maputo" }), await createSite({ countryId: country.id, timeZone: "America/Sao_Paulo" })];
  const mentors: { id: string }[] = [];
  for (const s of sites) mentors.push(await createUser("MENTOR_MOTHER", { siteIds: [s.id] }));
  const ids: string[] = [];
  for (let n = 0; n < 40; n++) {
    const k = n % 2;
    const status = n < 30 ? "ACTIVE" : r.pick(["LOST_TO_FOLLOW_UP", "DIED", "TRANSFERRED_OUT"] as const);
    const c = await db.client.create({
      data: {
        ref: `RU-${uid()}${uid()}`, siteId: sites[k]!.id, firstName: "Roll", lastName: `Up ${uid()}`, dateOfBirth: dateOnly(addDaysIso("1990-06-15", r.int(-4000, 4000))),
        category: r.pick(["PREGNANT", "POSTNATAL", "OTHER"] as const), sex: "FEMALE", enrolmentDate: dateOnly(addDaysIso(D, -r.int(-5, 400))), preferredLanguage: "en",
        status, statusDate: status === "ACTIVE" ? null : dateOnly(addDaysIso(D, -r.int(0, 60))), statusReasonCode: status === "ACTIVE" ? null : "DE43",
        artStartDate: dateOnly(addDaysIso(D, -r.int(100, 900))), mentorId: mentors[k]!.id,
      },
      select: { id: true },
    });
    ids.push(c.id);
    if (r.chance(0.6)) await db.viralLoadResult.create({ data: { clientId: c.id, sampleDate: dateOnly(addDaysIso(D, -r.int(0, 300))), resultDate: dateOnly(addDaysIso(D, -r.int(-20, 0) + 0)), copies: r.pick([0, 40, 400, 5000]) } });
    if (r.chance(0.4)) await db.appointment.create({ data: { clientId: c.id, date: dateOnly(addDaysIso(D, -r.int(0, 25))), kind: "ART_REFILL", status: r.pick(["MISSED", "ATTENDED"] as const) } });
    if (r.chance(0.5)) {
      const task = await db.callTask.create({
        data: { clientId: c.id, mentorId: mentors[k]!.id, taskDate: dateOnly(addDaysIso(D, -r.int(0, 25))), reasons: ["missed"], priority: 1, status: "DONE", firstDueDate: dateOnly(D) },
      });
      if (r.chance(0.7)) {
        const id = crypto.randomUUID();
        await db.callAttempt.create({ data: { id, taskId: task.id, clientId: c.id, mentorId: mentors[k]!.id, disposition: r.pick(["REACHED", "NO_ANSWER"] as const), createdAt: new Date(`${task.taskDate.toISOString().slice(0, 10)}T10:00:00Z`), idempotencyKey: `ru-${id}` } });
      }
    }
  }
  const manager: Actor = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: country.id }));
  const page = () => Promise.all([enrolmentReport(db, manager, f), callReport(db, manager, f), outcomeReport(db, manager, f), callClientReport(db, manager, f), programmeReport(db, manager, f)]);
  const kept = () => db.reportRollup.findMany({ where: { countryId: country.id, NOT: { figures: { equals: null as never } } }, select: { kind: true } });
  const forget = () => db.reportRollup.deleteMany({ where: { countryId: country.id } });
  /** The figures from the tables (the roll-up rows dropped first; the call keeps them again). */
  const live = async () => {
    await forget();
    return page();
  };

  // The first read keeps every statement's answer (two periods each, one for enrolment and outcomes).
  const first = await page();
  expect((await kept()).map((k) => k.kind).sort()).toEqual(["callClients", "callClients", "calls", "calls", "enrolment", "outcomes", "programme", "programme"]);
  // ... and the next one reads them: a row changed by hand shows.
  const row = await db.reportRollup.findFirstOrThrow({ where: { countryId: country.id, kind: "outcomes" } });
  await db.reportRollup.update({ where: { id: row.id }, data: { figures: { ...(row.figures as object), TOTAL: { eligible: -1, withResult: 0, suppressed1000: 0, suppressed50: 0 } } } });
  expect((await page())[2].TOTAL.eligible).toBe(-1);
  expect(await live()).toEqual(first);

  let before = first;
  const check = async (what: string, change: () => Promise<unknown>, figure: (p: typeof first) => unknown) => {
    await change();
    const rolled = await page();
    const fresh = await live();
    expect({ what, figures: rolled }).toEqual({ what, figures: fresh });
    // The change mattered: without the triggers the kept figures would be wrong.
    expect({ what, changed: figure(fresh) }).not.toEqual({ what, changed: figure(before) });
    before = fresh;
  };
  const active = ids.slice(0, 30);
  await check("back-dated enrolment", () => db.client.create({
    data: { ref: `RU-${uid()}${uid()}`, siteId: sites[0]!.id, firstName: "Late", lastName: `Enrolled ${uid()}`, dateOfBirth: dateOnly("2001-02-03"), category: "OTHER", enrolmentDate: dateOnly(addDaysIso(D, -3)), preferredLanguage: "en" },
  }), (p) => p[0]);
  await check("an exit", () => db.client.update({ where: { id: active[0]! }, data: { status: "DIED", statusDate: dateOnly(addDaysIso(D, -2)), statusReasonCode: "DE44" } }), (p) => p[0]);
  await check("a status change", () => db.client.update({ where: { id: ids[35]! }, data: { status: "ACTIVE", statusDate: null, statusReasonCode: null } }), (p) => p[0]);
  await check("a viral-load result", () => db.viralLoadResult.create({ data: { clientId: active[2]!, sampleDate: dateOnly(addDaysIso(D, -4)), resultDate: dateOnly(addDaysIso(D, -1)), copies: 999_999 } }), (p) => p[2]);
  await check("a tracing outcome", () => db.tracingOutcome.create({ data: { clientId: active[3]!, outcome: "DE26", contactMethod: "DE16", recordedById: mentors[1]!.id, recordedAt: new Date(`${addDaysIso(D, -6)}T12:00:00Z`) } }), (p) => [p[3].current.tracing, p[4].current.traced]);
  // A missed appointment in the period, then - today - the first call after it.
  const fresh = async () => (await db.client.create({
    data: { ref: `RU-${uid()}${uid()}`, siteId: sites[0]!.id, firstName: "No", lastName: `Calls ${uid()}`, dateOfBirth: dateOnly("1999-09-09"), category: "OTHER", enrolmentDate: dateOnly("2020-01-01"), preferredLanguage: "en" },
  })).id;
  const late = await fresh();
  await check("a missed appointment", () => db.appointment.create({ data: { clientId: late, date: dateOnly(addDaysIso(D, -8)), kind: "ART_REFILL", status: "MISSED" } }), (p) => p[3].current.missed);
  const todayTask = await db.callTask.create({ data: { clientId: late, mentorId: mentors[0]!.id, taskDate: dateOnly(TODAY), reasons: ["missed"], priority: 1, status: "DONE", firstDueDate: dateOnly(TODAY) } });
  await check("the first call after it, today", () => db.callAttempt.create({ data: { taskId: todayTask.id, clientId: late, mentorId: mentors[0]!.id, disposition: "REACHED", idempotencyKey: `ru-${uid()}` } }), (p) => p[3].current.attemptedAfterMissed);
  const oldTask = await db.callTask.create({ data: { clientId: active[6]!, mentorId: mentors[0]!.id, taskDate: dateOnly(addDaysIso(D, -1)), reasons: ["missed"], priority: 1, status: "PENDING", firstDueDate: dateOnly(D) } });
  await check("a call today on an old task", () => db.callAttempt.create({ data: { taskId: oldTask.id, clientId: active[6]!, mentorId: mentors[0]!.id, disposition: "REACHED", idempotencyKey: `ru-${uid()}` } }), (p) => [p[1].current.attempted, p[3].current.clientsReached]);
  // A reminder's delivery, reported after the period (append-only message and events).
  const visit = await db.appointment.create({ data: { clientId: active[9]!, date: dateOnly(addDaysIso(D, -5)), kind: "ART_REFILL", status: "ATTENDED" } });
  const reminder = await db.message.create({
    data: { clientId: active[9]!, siteId: sites[1]!.id, direction: "out", channel: "sms", reason: "appointment", appointmentId: visit.id, body: "See you soon", provider: "twilio", number: "+27820000001" },
  });
  await page();
  await check("a reminder delivered", () => db.messageEvent.create({ data: { messageId: reminder.id, status: "delivered" } }), (p) => p[4].reminders.current);
  await check("a transfer", () => db.client.update({ where: { id: active[8]! }, data: { siteId: sites[1]!.id } }), () => Math.random());

  // Changes that cannot alter the kept figures leave them: another country's back-dated client,
  // a call today on today's task for a client with no missed appointment.
  const calm = await fresh();
  await page();
  const n = (await kept()).length;
  expect(n).toBe(8);
  const elsewhere = await createSite({ countryId: (await createCountry()).id });
  await db.client.create({ data: { ref: `RU-${uid()}${uid()}`, siteId: elsewhere.id, firstName: "Else", lastName: `Where ${uid()}`, dateOfBirth: dateOnly("2000-01-01"), category: "OTHER", enrolmentDate: dateOnly(addDaysIso(D, -3)), preferredLanguage: "en" } });
  const task = await db.callTask.create({ data: { clientId: calm, mentorId: mentors[0]!.id, taskDate: dateOnly(TODAY), reasons: ["missed"], priority: 1, status: "DONE", firstDueDate: dateOnly(TODAY) } });
  await db.callAttempt.create({ data: { taskId: task.id, clientId: calm, mentorId: mentors[0]!.id, disposition: "NO_ANSWER", idempotencyKey: `ru-${uid()}` } });
  expect((await kept()).length).toBe(n);
});

it("the worker warms the last finished month and quarter", () => {
  expect(warmPeriods(dateOnly("2026-12-06"))).toEqual({ month: "2026-11", quarter: "2026-Q3" });
  expect(warmPeriods(dateOnly("2026-12-01"))).toEqual({ month: "2026-10", quarter: "2026-Q3" });
  expect(warmPeriods(dateOnly("2026-12-02"))).toEqual({ month: "2026-11", quarter: "2026-Q3" });
  expect(warmPeriods(dateOnly("2027-01-02"))).toEqual({ month: "2026-12", quarter: "2026-Q4" });
  expect(warmPeriods(dateOnly("2027-01-01"))).toEqual({ month: "2026-11", quarter: "2026-Q3" });
});
