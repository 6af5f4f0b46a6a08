// Back-check calls against the real database (issue 11): the SQL draw picks exactly the calls the
// pure rules pick on random histories (corrections, opted-out clients, several weeks) and a second
// draw adds nothing; recording obeys the call rules (safe hours, opt-out, the per-phone daily limit,
// which Mentor Mothers' calls and back-checks share) and is audited; scope per role (a supervisor
// her sites, nobody else: Mentor Mothers and programme managers get not found); the share confirmed
// reaches coverage.
import "./timeout";
import { randomUUID } from "node:crypto";
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { addDaysIso } from "@/lib/calls/calendar";
import { recordOutcomeCommand } from "@/lib/calls/record";
import { countrySettingsSchema } from "@/lib/settings/schemas";
import { drawBackChecks, runScheduledBackChecks } from "@/lib/back-checks/draw";
import { drawSample, weekOf, type SampleCandidate } from "@/lib/back-checks/rules";
import { recordBackCheckCommand } from "@/lib/back-checks/commands";
import { backCheckList, backCheckView, dueBackCheckCount } from "@/lib/back-checks/queries";
import { coverageReport } from "@/lib/coverage/queries";
import type { Disposition } from "@/lib/calls/state-machine";
import { actorFor, auditFor, closeDb, createClient, createCountry, createSite, createUser, testDb } from "../factories";
import { rng } from "../random";

const TZ = "Africa/Johannesburg";
const db = testDb();
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+02:00`);
// Two full ISO weeks (Mondays), then the Monday the draw of the second runs.
const W1 = "2026-11-16";
const W2 = "2026-11-23";
const MON = "2026-11-30";

const record = (actor: Actor, input: object, now: Date) => execute(db, recordBackCheckCommand, actor, input, { now });

async function setup(settings: object = {}) {
  const countryId = (await createCountry({ timeZone: TZ, settings: countrySettingsSchema.parse(settings) })).id;
  const siteId = (await createSite({ countryId, timeZone: TZ })).id;
  const mentors = [];
  for (let i = 0; i < 3; i++) mentors.push(await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteId] })));
  const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteId] }));
  return { countryId, siteId, mentors, supervisor };
}

let phoneSeq = 0;
async function clientWithPhone(siteId: string, mentorId: string, phone: Partial<{ safeFromMinute: number; safeToMinute: number; number: string }> = {}) {
  const c = await createClient(siteId, { mentorId });
  const p = await db.clientPhone.create({
    data: { clientId: c.id, number: phone.number ?? `+2782${String(1_000_000 + (Date.now() % 1_000_000) + ++phoneSeq * 7).slice(-7)}`, ...phone },
  });
  return { client: c, phone: p };
}

async function call(o: { clientId: string; mentorId: string; phoneId: string; day: string; hhmm: string; disposition: Disposition; taskId?: string; correctsId?: string }) {
  const taskId = o.taskId ?? (await db.callTask.upsert({
    where: { clientId_taskDate: { clientId: o.clientId, taskDate: dateOnly(o.day) } },
    create: { clientId: o.clientId, mentorId: o.mentorId, taskDate: dateOnly(o.day), reasons: ["adherence"], priority: 8, firstDueDate: dateOnly(o.day), status: "DONE" },
    update: {},
  })).id;
  return db.callAttempt.create({
    data: {
      taskId, clientId: o.clientId, mentorId: o.mentorId, phoneId: o.phoneId, disposition: o.disposition, idempotencyKey: `k_${randomUUID().replace(/-/g, "")}`,
      correctsId: o.correctsId ?? null, createdAt: at(o.day, o.hhmm),
    },
  });
}

/** One back-check drawn for a fresh reached call of `mentor`'s client in week W2. */
async function oneBackCheck(s: Awaited<ReturnType<typeof setup>>, phone: Parameters<typeof clientWithPhone>[2] = {}) {
  const { client, phone: p } = await clientWithPhone(s.siteId, s.mentors[0]!.userId, phone);
  const a = await call({ clientId: client.id, mentorId: s.mentors[0]!.userId, phoneId: p.id, day: addDaysIso(W2, 1), hhmm: "10:00", disposition: "REACHED" });
  await db.$transaction((tx) => drawBackChecks(tx, [{ siteId: s.siteId, week: W2, perWeek: 5 }]));
  return { client, phone: p, backCheck: await db.backCheck.findUniqueOrThrow({ where: { attemptId: a.id } }) };
}

afterAll(closeDb);

describe("the weekly draw", () => {
  it("picks in SQL exactly the calls the pure rules pick, on random histories; a second draw adds nothing", async () => {
    for (const seed of [1, 2, 3]) {
      const r = rng(seed);
      const s = await setup();
      const people = [];
      for (const m of s.mentors) for (let i = 0; i < 6; i++) people.push({ mentor: m, ...(await clientWithPhone(s.siteId, m.userId)) });
      const dispositions: Disposition[] = ["REACHED", "REACHED", "REACHED", "NO_ANSWER", "BUSY", "OPTED_OUT"];
      // Calls on the days of both weeks and a little around them (the Sunday before, the Monday after),
      // at hours that cross the UTC midnight at the site; some corrected.
      for (const p of people) {
        for (let k = 0; k < r.int(1, 5); k++) {
          const day = addDaysIso(W1, r.int(-1, 14));
          const a = await call({ clientId: p.client.id, mentorId: p.mentor.userId, phoneId: p.phone.id, day, hhmm: r.pick(["00:30", "08:15", "13:00", "23:45"]), disposition: r.pick(dispositions) });
          if (r.chance(0.2)) await call({ clientId: p.client.id, mentorId: p.mentor.userId, phoneId: p.phone.id, day, hhmm: "23:50", disposition: r.pick(dispositions), taskId: a.taskId, correctsId: a.id });
        }
        if (r.chance(0.15)) await db.client.update({ where: { id: p.client.id }, data: { status: "OPTED_OUT" } });
      }
      // Something drawn already in W1 (an earlier, smaller draw): the rest only tops it up.
      await db.$transaction((tx) => drawBackChecks(tx, [{ siteId: s.siteId, week: W1, perWeek: 1 }]));
      const before = await drawnRows(s.mentors);

      const mentorIds = s.mentors.map((m) => m.userId);
      const rows = await db.callAttempt.findMany({ where: { mentorId: { in: mentorIds } }, include: { client: { select: { status: true } } } });
      const latest = new Map<string, (typeof rows)[number]>();
      for (const c of rows.filter((x) => x.correctsId)) {
        const seen = latest.get(c.correctsId!);
        if (!seen || c.createdAt > seen.createdAt || (c.createdAt.getTime() === seen.createdAt.getTime() && c.id > seen.id)) latest.set(c.correctsId!, c);
      }
      const candidates: SampleCandidate[] = rows
        .filter((x) => !x.correctsId)
        .map((x) => ({
          attemptId: x.id, mentorId: x.mentorId, week: weekOf(localDay(TZ, x.createdAt)),
          reached: (latest.get(x.id)?.disposition ?? x.disposition) === "REACHED", clientActive: x.client.status === "ACTIVE",
        }))
        .filter((x) => x.week === W1 || x.week === W2);
      const expected = drawSample(candidates, before, 2);

      await db.$transaction((tx) => drawBackChecks(tx, [{ siteId: s.siteId, week: W1, perWeek: 2 }, { siteId: s.siteId, week: W2, perWeek: 2 }]));
      const after = await drawnRows(s.mentors);
      const added = after.map((d) => d.attemptId).filter((id) => !before.some((b) => b.attemptId === id)).sort();
      expect(added).toEqual(expected);
      expect(added.length).toBeGreaterThan(0);
      // Stable: drawing again changes nothing.
      await db.$transaction((tx) => drawBackChecks(tx, [{ siteId: s.siteId, week: W1, perWeek: 2 }, { siteId: s.siteId, week: W2, perWeek: 2 }]));
      expect(await drawnRows(s.mentors)).toEqual(after);
    }
  });

  it("the scheduled tick draws each site's last full week once", async () => {
    const s = await setup({ backChecksPerWeek: 1 });
    const { client, phone } = await clientWithPhone(s.siteId, s.mentors[0]!.userId);
    await call({ clientId: client.id, mentorId: s.mentors[0]!.userId, phoneId: phone.id, day: addDaysIso(W2, 2), hhmm: "09:00", disposition: "REACHED" });
    await call({ clientId: client.id, mentorId: s.mentors[0]!.userId, phoneId: phone.id, day: addDaysIso(W2, 3), hhmm: "09:00", disposition: "REACHED" });
    const first = await runScheduledBackChecks(db, at(MON, "08:00"), { siteIds: [s.siteId] });
    expect(first).toEqual([{ siteId: s.siteId, week: W2, perWeek: 1 }]);
    expect(await db.backCheck.count({ where: { clientId: client.id } })).toBe(1);
    expect(await runScheduledBackChecks(db, at(MON, "08:15"), { siteIds: [s.siteId] })).toEqual([]);
    expect(await db.backCheck.count({ where: { clientId: client.id } })).toBe(1);
  });
});

async function drawnRows(mentors: Actor[]) {
  const rows = await db.backCheck.findMany({ where: { mentorId: { in: mentors.map((m) => m.userId) } }, orderBy: { attemptId: "asc" } });
  return rows.map((b) => ({ attemptId: b.attemptId, mentorId: b.mentorId, week: b.week.toISOString().slice(0, 10) }));
}

describe("recording a back-check", () => {
  it("records the answer once, audited without the note; a second answer is a conflict", async () => {
    const s = await setup();
    const { backCheck, client } = await oneBackCheck(s);
    const now = at(MON, "10:00");
    const r = await record(s.supervisor, { backCheckId: backCheck.id, version: backCheck.version, result: "NOT_CONFIRMED", note: "She says nobody called that week" }, now);
    expect(r.ok ? "ok" : JSON.stringify(r.error)).toBe("ok");
    const saved = await db.backCheck.findUniqueOrThrow({ where: { id: backCheck.id } });
    expect(saved).toMatchObject({ status: "NOT_CONFIRMED", note: "She says nobody called that week", recordedById: s.supervisor.userId, version: 2, calledAt: now });
    const audit = await auditFor(backCheck.id);
    expect(audit.map((a) => a.action)).toEqual(["backcheck.recorded"]);
    expect(audit[0]!.meta).toMatchObject({ clientId: client.id, result: "NOT_CONFIRMED" });
    expect(JSON.stringify(audit[0]!.meta)).not.toContain("nobody called");
    const again = await record(s.supervisor, { backCheckId: backCheck.id, version: 2, result: "CONFIRMED" }, now);
    expect(again.ok ? "ok" : again.error.code).toBe("CONFLICT");
  });

  it("a call not confirmed needs a note saying what she said", async () => {
    const s = await setup();
    const { backCheck } = await oneBackCheck(s);
    const r = await record(s.supervisor, { backCheckId: backCheck.id, version: 1, result: "NOT_CONFIRMED" }, at(MON, "10:00"));
    expect(r.ok ? "ok" : r.error.fieldErrors).toEqual({ note: ["tooShort|3"] });
  });

  it("obeys the phone's safe hours", async () => {
    const s = await setup();
    const { backCheck } = await oneBackCheck(s, { safeFromMinute: 18 * 60, safeToMinute: 20 * 60 });
    const early = await record(s.supervisor, { backCheckId: backCheck.id, version: 1, result: "CONFIRMED" }, at(MON, "10:00"));
    expect(early.ok ? "ok" : early.error.message).toBe("backCheckOutsideSafeHours");
    expect((await backCheckView(db, s.supervisor, backCheck.id, at(MON, "10:00"))).block).toBe("outsideSafeHours");
    const evening = await record(s.supervisor, { backCheckId: backCheck.id, version: 1, result: "CONFIRMED" }, at(MON, "18:30"));
    expect(evening.ok ? "ok" : evening.error.message).toBe("ok");
  });

  it("obeys the opt-out: a client who opted out is not called back", async () => {
    const s = await setup();
    const { backCheck, client } = await oneBackCheck(s);
    await db.client.update({ where: { id: client.id }, data: { status: "OPTED_OUT" } });
    const r = await record(s.supervisor, { backCheckId: backCheck.id, version: 1, result: "CONFIRMED" }, at(MON, "10:00"));
    expect(r.ok ? "ok" : r.error.message).toBe("backCheckOptedOut");
    expect((await db.backCheck.findUniqueOrThrow({ where: { id: backCheck.id } })).status).toBe("DUE");
  });

  it("obeys the per-phone daily limit, which Mentor Mothers' calls and back-checks share", async () => {
    const s = await setup({ maxCallsPerPhonePerDay: 2 });
    const { backCheck, client, phone } = await oneBackCheck(s);
    const mentor = s.mentors[0]!;
    const task = await db.callTask.create({ data: { clientId: client.id, mentorId: mentor.userId, taskDate: dateOnly(MON), reasons: ["adherence"], priority: 8, firstDueDate: dateOnly(MON) } });
    const outcome = (hhmm: string) =>
      execute(db, recordOutcomeCommand, mentor, { taskId: task.id, idempotencyKey: `k_${randomUUID().replace(/-/g, "")}`, disposition: "NO_ANSWER", phoneId: phone.id }, { now: at(MON, hhmm) });
    // One Mentor Mother's call, then the back-check: the number's two calls of the day.
    expect((await outcome("09:00")).ok).toBe(true);
    const r = await record(s.supervisor, { backCheckId: backCheck.id, version: 1, result: "COULD_NOT_REACH" }, at(MON, "10:00"));
    expect(r.ok ? "ok" : r.error.message).toBe("ok");
    const third = await outcome("12:00");
    expect(third.ok ? "ok" : third.error.message).toBe("phoneLimit");
    // And the other way round: two calls of the Mentor Mother use the day up for a back-check.
    const s2 = await setup({ maxCallsPerPhonePerDay: 2 });
    const b2 = await oneBackCheck(s2);
    const t2 = await db.callTask.create({ data: { clientId: b2.client.id, mentorId: s2.mentors[0]!.userId, taskDate: dateOnly(MON), reasons: ["adherence"], priority: 8, firstDueDate: dateOnly(MON) } });
    for (const hhmm of ["08:00", "09:00"]) {
      const o = await execute(db, recordOutcomeCommand, s2.mentors[0]!, { taskId: t2.id, idempotencyKey: `k_${randomUUID().replace(/-/g, "")}`, disposition: "BUSY", phoneId: b2.phone.id }, { now: at(MON, hhmm) });
      expect(o.ok ? "ok" : o.error.message).toBe("ok");
    }
    const refused = await record(s2.supervisor, { backCheckId: b2.backCheck.id, version: 1, result: "CONFIRMED" }, at(MON, "10:00"));
    expect(refused.ok ? "ok" : refused.error.message).toBe("phoneLimit");
    // The next day the number may be called again.
    const tomorrow = await record(s2.supervisor, { backCheckId: b2.backCheck.id, version: 1, result: "CONFIRMED" }, at(addDaysIso(MON, 1), "10:00"));
    expect(tomorrow.ok ? "ok" : tomorrow.error.message).toBe("ok");
  });
});

describe("scope per role", () => {
  it("a supervisor sees and records her sites' back-checks only; Mentor Mothers and programme managers get not found", async () => {
    const s = await setup();
    const { backCheck } = await oneBackCheck(s);
    const elsewhere = await actorFor(await createUser("SUPERVISOR", { siteIds: [(await createSite({ countryId: s.countryId, timeZone: TZ })).id] }));
    const manager = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: s.countryId }));
    const admin = await actorFor(await createUser("ADMIN"));
    const now = at(MON, "10:00");

    expect((await backCheckList(db, s.supervisor, now)).due.map((r) => r.id)).toContain(backCheck.id);
    expect(await dueBackCheckCount(db, s.supervisor)).toBeGreaterThan(0);
    expect((await backCheckList(db, elsewhere, now)).due.map((r) => r.id)).not.toContain(backCheck.id);
    await expect(backCheckView(db, elsewhere, backCheck.id, now)).rejects.toMatchObject({ code: "NOT_FOUND" });
    for (const actor of [s.mentors[0]!, manager, admin]) {
      await expect(backCheckList(db, actor, now)).rejects.toMatchObject({ code: "NOT_FOUND" });
      const r = await record(actor, { backCheckId: backCheck.id, version: 1, result: "CONFIRMED" }, now);
      expect(r.ok ? "ok" : r.error.code).toBe("NOT_FOUND");
    }
    const other = await record(elsewhere, { backCheckId: backCheck.id, version: 1, result: "CONFIRMED" }, now);
    expect(other.ok ? "ok" : other.error.code).toBe("NOT_FOUND");
    expect(await auditFor(backCheck.id)).toEqual([]);
    expect((await db.backCheck.findUniqueOrThrow({ where: { id: backCheck.id } })).status).toBe("DUE");
  });

  it("coverage shows the share confirmed per Mentor Mother, to the programme manager as figures", async () => {
    const s = await setup();
    const mentor = s.mentors[0]!;
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const { client, phone } = await clientWithPhone(s.siteId, mentor.userId);
      ids.push((await call({ clientId: client.id, mentorId: mentor.userId, phoneId: phone.id, day: addDaysIso(W2, i), hhmm: "10:00", disposition: "REACHED" })).id);
    }
    await db.$transaction((tx) => drawBackChecks(tx, [{ siteId: s.siteId, week: W2, perWeek: 3 }]));
    const rows = await db.backCheck.findMany({ where: { attemptId: { in: ids } }, orderBy: { attemptId: "asc" } });
    const results = ["CONFIRMED", "CONFIRMED", "NOT_CONFIRMED"];
    for (const [i, b] of rows.entries()) {
      const r = await record(s.supervisor, { backCheckId: b.id, version: 1, result: results[i], note: "not that day" }, at(MON, "10:00"));
      expect(r.ok ? "ok" : JSON.stringify(r.error)).toBe("ok");
    }
    const q = { period: "range" as const, from: W2, to: addDaysIso(W2, 6) };
    const report = await coverageReport(db, s.supervisor, q, at(MON, "11:00"));
    expect(report.rows.find((r) => r.id === mentor.userId)?.backChecks).toEqual({ confirmed: 2, notConfirmed: 1, couldNotReach: 0, due: 0 });
    const manager = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: s.countryId }));
    const byManager = await coverageReport(db, manager, { ...q, site: s.siteId }, at(MON, "11:00"));
    expect(byManager.rows.find((r) => r.id === mentor.userId)?.backChecks).toEqual({ confirmed: 2, notConfirmed: 1, couldNotReach: 0, due: 0 });
    const sites = await coverageReport(db, manager, q, at(MON, "11:00"));
    expect(sites.rows.find((r) => r.id === s.siteId)?.backChecks.confirmed).toBe(2);
  });
});
