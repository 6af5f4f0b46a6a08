// Issue 9: one owner for the call-task and client lifecycle, against the real database. Every test
// runs at a fixed instant through the command wrapper's clock, in a country where every weekday is
// a working day, so nothing here depends on the day the suite runs.
import { randomUUID } from "node:crypto";
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { addDaysIso } from "@/lib/calls/calendar";
import { generateDay, dueByClient } from "@/lib/calls/generate";
import { generateTodayCommand } from "@/lib/calls/commands";
import { recordOutcomeCommand } from "@/lib/calls/record";
import { claimNextTaskCommand, claimTaskCommand } from "@/lib/calls/claim";
import { callScreenTask } from "@/lib/calls/call-screen";
import { explainMyTask } from "@/lib/calls/queries";
import { myQueue } from "@/lib/calls/queue";
import { addHolidayCommand, removeHolidayCommand } from "@/lib/countries/commands";
import { updateCountrySettingsCommand } from "@/lib/settings/commands";
import { changeStatusCommand } from "@/lib/clients/profile-commands";
import { moveClientsCommand, removeLeaveCommand } from "@/lib/assignment/commands";
import { countrySettingsSchema } from "@/lib/settings/schemas";
import { actorFor, closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";

const db = testDb();
const TZ = "Africa/Nairobi";
/** 09:00 in Nairobi on Wednesday 2026-06-10: the "now" of every command below. */
const NOW = new Date("2026-06-10T06:00:00Z");
const TODAY = localDay(TZ, NOW);
const key = () => `k_${randomUUID().replace(/-/g, "")}`;
const SETTINGS = countrySettingsSchema.parse({ weekendDays: [] });

async function place() {
  const country = await createCountry({ timeZone: TZ, settings: SETTINGS });
  const site = await createSite({ countryId: country.id, timeZone: TZ });
  const admin = await actorFor(await createUser("ADMIN"));
  const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [site.id] }));
  return { country, site, admin, supervisor };
}

async function mentor(siteId: string, capacity = 40): Promise<Actor> {
  const u = await createUser("MENTOR_MOTHER", { siteIds: [siteId] });
  await db.mentorProfile.update({ where: { userId: u.id }, data: { dailyCapacity: capacity, workingDays: [1, 2, 3, 4, 5, 6, 7] } });
  return actorFor(u);
}

/** A client of `m` due a welcome call (enrolled yesterday, never reached), with `phones` numbers. */
async function client(siteId: string, m: Actor, phones = 1, over: { enrolmentDate?: string; lastReachedAt?: Date } = {}) {
  const c = await db.client.create({
    data: {
      ref: `L-${uid()}`, siteId, firstName: "Lerato", lastName: `L ${uid()}`, dateOfBirth: dateOnly("1995-05-05"), category: "POSTNATAL",
      enrolmentDate: dateOnly(over.enrolmentDate ?? addDaysIso(TODAY, -1)), preferredLanguage: "en", consentCalls: true, mentorId: m.userId,
      lastReachedAt: over.lastReachedAt ?? null,
    },
  });
  await db.assignment.create({ data: { clientId: c.id, mentorId: m.userId, reason: "enrolment" } });
  const numbers = [];
  for (let i = 0; i < phones; i++) {
    numbers.push(await db.clientPhone.create({ data: { clientId: c.id, number: `+2547${Math.floor(1e7 + Math.random() * 8e7)}`, isPrimary: i === 0 } }));
  }
  return { ...c, phones: numbers };
}

const tasksOf = (clientIds: string[]) =>
  db.callTask.findMany({ where: { clientId: { in: clientIds }, taskDate: dateOnly(TODAY) }, orderBy: { clientId: "asc" } });
const run = <T>(cmd: Parameters<typeof execute>[1], actor: Actor, input: T) => execute(db, cmd, actor, input, { now: NOW });
const reachedOutcome = { disposition: "REACHED", adherence: { dosesMissed7d: 0, pillsRanOut: false } };

afterAll(closeDb);

describe("regeneration when a change affects today", () => {
  it("a holiday added today withdraws the untouched calls; removed again, it fills the list; worked calls never move", async () => {
    const { country, site, admin } = await place();
    const m = await mentor(site.id);
    const clients = [await client(site.id, m), await client(site.id, m), await client(site.id, m)];
    await generateDay(db, { day: TODAY, siteIds: [site.id], trigger: "schedule" });
    const made = await tasksOf(clients.map((c) => c.id));
    expect(made.map((t) => t.status)).toEqual(["PENDING", "PENDING", "PENDING"]);
    // One call is worked before the change.
    const worked = made[0]!;
    expect((await run(recordOutcomeCommand, m, { taskId: worked.id, idempotencyKey: key(), disposition: "NO_ANSWER" })).ok).toBe(true);
    const workedBefore = await db.callTask.findUniqueOrThrow({ where: { id: worked.id } });

    const added = await run(addHolidayCommand, admin, { countryId: country.id, date: TODAY, name: "Surprise holiday" });
    expect(added.ok).toBe(true);
    const during = await tasksOf(clients.map((c) => c.id));
    expect(during.find((t) => t.id === worked.id)).toEqual(workedBefore);
    expect(during.filter((t) => t.id !== worked.id).map((t) => t.status)).toEqual(["CARRIED_OVER", "CARRIED_OVER"]);
    expect((await myQueue(db, m, { now: NOW })).items.map((i) => i.id)).toEqual([worked.id]);

    const holiday = await db.publicHoliday.findFirstOrThrow({ where: { countryId: country.id, date: dateOnly(TODAY) } });
    expect((await run(removeHolidayCommand, admin, { countryId: country.id, holidayId: holiday.id })).ok).toBe(true);
    const after = await tasksOf(clients.map((c) => c.id));
    expect(after.find((t) => t.id === worked.id)).toEqual(workedBefore);
    expect(after.map((t) => t.status).sort()).toEqual(["PENDING", "PENDING", "RETRY_LATER"]);
    // Same rows (a client has one task a day), re-opened with the day's reasons.
    expect(after.map((t) => t.id).sort()).toEqual(made.map((t) => t.id).sort());
    const run1 = await db.callListRun.findUniqueOrThrow({ where: { siteId_day: { siteId: site.id, day: dateOnly(TODAY) } } });
    expect(run1).toMatchObject({ trigger: "change", generatedById: admin.userId, runs: 3 });
  });

  it("a day that was empty because of a holiday is filled when the holiday is removed", async () => {
    const { country, site, admin } = await place();
    const m = await mentor(site.id);
    const holiday = await db.publicHoliday.create({ data: { countryId: country.id, date: dateOnly(TODAY), name: "Holiday" } });
    const c = await client(site.id, m);
    // Her queue was opened on the holiday: the day counts as generated, and is empty.
    await generateDay(db, { day: TODAY, siteIds: [site.id], onlyMissing: true, trigger: "queue" });
    expect(await tasksOf([c.id])).toEqual([]);
    expect((await run(removeHolidayCommand, admin, { countryId: country.id, holidayId: holiday.id })).ok).toBe(true);
    expect((await tasksOf([c.id])).map((t) => [t.status, t.reasons])).toEqual([["PENDING", ["welcome"]]]);
  });

  it("a rule setting changed today re-ranks today's untouched calls", async () => {
    const { country, site, admin } = await place();
    const m = await mentor(site.id);
    const c = await client(site.id, m, 1, { enrolmentDate: "2025-01-01", lastReachedAt: new Date("2026-06-01T08:00:00Z") });
    // An appointment in 3 days: a reminder only when reminders start 3 days before.
    await db.appointment.create({ data: { clientId: c.id, date: dateOnly(addDaysIso(TODAY, 3)), kind: "ART_REFILL" } });
    await generateDay(db, { day: TODAY, siteIds: [site.id] });
    expect(await tasksOf([c.id])).toEqual([]);
    const v = (await db.country.findUniqueOrThrow({ where: { id: country.id } })).version;
    const saved = await run(updateCountrySettingsCommand, admin, { countryId: country.id, version: v, settings: { ...SETTINGS, appointmentReminderDaysBefore: 3 } });
    expect(saved.ok).toBe(true);
    expect((await tasksOf([c.id])).map((t) => t.reasons)).toEqual([["appointment"]]);
  });
});

describe("generate today's lists now", () => {
  it("a supervisor for her sites, an administrator for any; a Mentor Mother and another site's supervisor get NOT_FOUND", async () => {
    const { site, admin, supervisor } = await place();
    const other = await place();
    const m = await mentor(site.id);
    const c = await client(site.id, m);
    const mine = await run(generateTodayCommand, supervisor, {});
    expect(mine).toMatchObject({ ok: true, data: { sites: 1, tasks: 1 } });
    expect((await tasksOf([c.id])).length).toBe(1);
    // Again: nothing new, nothing lost.
    expect(await run(generateTodayCommand, supervisor, { siteId: site.id })).toMatchObject({ ok: true, data: { sites: 1 } });
    expect((await tasksOf([c.id])).length).toBe(1);
    expect(await run(generateTodayCommand, other.supervisor, { siteId: site.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await run(generateTodayCommand, m, {})).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await run(generateTodayCommand, admin, { siteId: other.site.id })).toMatchObject({ ok: true, data: { sites: 1 } });
    const runRow = await db.callListRun.findUniqueOrThrow({ where: { siteId_day: { siteId: site.id, day: dateOnly(TODAY) } } });
    expect(runRow).toMatchObject({ trigger: "manual", generatedById: supervisor.userId });
  });
});

describe("reading changes nothing", () => {
  it("the call screen, the why route and the queue change no task, client or attempt row", async () => {
    const { site } = await place();
    const m = await mentor(site.id);
    const c = await client(site.id, m);
    await generateDay(db, { day: TODAY, siteIds: [site.id] });
    const [task] = await tasksOf([c.id]);
    // A "call again later" task: the case that used to flip back to "to do" when looked at.
    await run(claimNextTaskCommand, m, {});
    await run(recordOutcomeCommand, m, { taskId: task!.id, idempotencyKey: key(), disposition: "NO_ANSWER" });
    const snapshot = async () => ({
      tasks: await db.callTask.findMany({ where: { clientId: c.id } }),
      client: await db.client.findUniqueOrThrow({ where: { id: c.id } }),
      attempts: await db.callAttempt.findMany({ where: { clientId: c.id } }),
    });
    const before = await snapshot();
    expect(before.tasks[0]!.status).toBe("RETRY_LATER");
    await callScreenTask(db, m, task!.id, NOW);
    await explainMyTask(db, m, task!.id, NOW);
    await myQueue(db, m, { now: NOW });
    await callScreenTask(db, m, task!.id, NOW);
    expect(await snapshot()).toEqual(before);
    // The views themselves are on record.
    const views = await db.auditEvent.findMany({ where: { entityId: c.id, action: "client.viewed", actorId: m.userId } });
    expect(views.map((v) => (v.meta as { via: string }).via).sort()).toEqual(["call_screen", "call_screen", "why"]);
  });
});

describe("the number she taps is the number the call is recorded against", () => {
  it("a wrong number on the second phone flags the second phone", async () => {
    const { site } = await place();
    const m = await mentor(site.id);
    const c = await client(site.id, m, 2);
    await generateDay(db, { day: TODAY, siteIds: [site.id] });
    const [task] = await tasksOf([c.id]);
    const second = c.phones[1]!;
    expect(await run(claimTaskCommand, m, { taskId: task!.id, phoneId: second.id })).toMatchObject({ ok: true });
    expect((await db.callTask.findUniqueOrThrow({ where: { id: task!.id } })).claimedPhoneId).toBe(second.id);
    expect(await run(recordOutcomeCommand, m, { taskId: task!.id, idempotencyKey: key(), disposition: "WRONG_NUMBER" })).toMatchObject({ ok: true });
    const phones = await db.clientPhone.findMany({ where: { clientId: c.id }, orderBy: { isPrimary: "desc" } });
    expect(phones.map((p) => [p.id, p.status])).toEqual([[c.phones[0]!.id, "OK"], [second.id, "WRONG_NUMBER"]]);
    const attempt = await db.callAttempt.findFirstOrThrow({ where: { taskId: task!.id } });
    expect(attempt.phoneId).toBe(second.id);
  });

  it("another client's phone cannot be claimed", async () => {
    const { site } = await place();
    const m = await mentor(site.id);
    const c = await client(site.id, m);
    const stranger = await client(site.id, m);
    await generateDay(db, { day: TODAY, siteIds: [site.id] });
    const [task] = await tasksOf([c.id]);
    expect(await run(claimTaskCommand, m, { taskId: task!.id, phoneId: stranger.phones[0]!.id })).toMatchObject({
      ok: false, error: { code: "VALIDATION", fieldErrors: { phoneId: ["invalidValue"] } },
    });
    expect((await db.callTask.findUniqueOrThrow({ where: { id: task!.id } })).status).toBe("PENDING");
  });
});

describe("the client lifecycle owner", () => {
  it("opting out from a call and from the profile leave the same state", async () => {
    const { site, supervisor } = await place();
    const m = await mentor(site.id);
    const byCall = await client(site.id, m);
    const byProfile = await client(site.id, m);
    await generateDay(db, { day: TODAY, siteIds: [site.id] });
    for (const c of [byCall, byProfile]) {
      await db.callTask.create({
        data: { clientId: c.id, mentorId: m.userId, taskDate: dateOnly(addDaysIso(TODAY, 2)), firstDueDate: dateOnly(TODAY), reasons: ["callback"], priority: 7 },
      });
    }
    const [callTask] = await tasksOf([byCall.id]);
    expect(await run(recordOutcomeCommand, m, { taskId: callTask!.id, idempotencyKey: key(), disposition: "OPTED_OUT" })).toMatchObject({ ok: true });
    const v = (await db.client.findUniqueOrThrow({ where: { id: byProfile.id } })).version;
    expect(
      await run(changeStatusCommand, supervisor, { clientId: byProfile.id, version: v, status: "OPTED_OUT", reason: "Asked on the phone", date: TODAY }),
    ).toMatchObject({ ok: true });

    const state = async (id: string) => {
      const c = await db.client.findUniqueOrThrow({ where: { id } });
      const tasks = await db.callTask.findMany({ where: { clientId: id, taskDate: { gte: dateOnly(TODAY) } }, orderBy: { taskDate: "asc" } });
      return {
        status: c.status,
        code: c.statusReasonCode,
        statusDate: c.statusDate,
        mentorId: c.mentorId,
        openAssignments: await db.assignment.count({ where: { clientId: id, endAt: null } }),
        openTasks: tasks.filter((t) => ["PENDING", "CLAIMED", "RETRY_LATER"].includes(t.status)).length,
        cancelled: tasks.filter((t) => t.status === "CANCELLED").length,
      };
    };
    const a = await state(byCall.id);
    expect(a).toEqual(await state(byProfile.id));
    expect(a).toEqual({ status: "OPTED_OUT", code: "OPTED_OUT", statusDate: dateOnly(TODAY), mentorId: null, openAssignments: 0, openTasks: 0, cancelled: 2 });
  });

  it("'died (reported)' on a call exits the client: coded, assignment closed, calls cancelled, the missed appointment dealt with", async () => {
    const { site } = await place();
    const m = await mentor(site.id);
    const c = await client(site.id, m, 1, { enrolmentDate: "2025-01-01", lastReachedAt: new Date("2026-05-01T08:00:00Z") });
    const missedAppt = await db.appointment.create({ data: { clientId: c.id, date: dateOnly(addDaysIso(TODAY, -5)), kind: "ART_REFILL", status: "MISSED" } });
    const later = await db.callTask.create({
      data: { clientId: c.id, mentorId: m.userId, taskDate: dateOnly(addDaysIso(TODAY, 1)), firstDueDate: dateOnly(TODAY), reasons: ["callback"], priority: 7 },
    });
    await generateDay(db, { day: TODAY, siteIds: [site.id] });
    const [task] = await tasksOf([c.id]);
    expect(task!.reasons).toEqual(["missed"]);
    const r = await run(recordOutcomeCommand, m, { ...reachedOutcome, taskId: task!.id, idempotencyKey: key(), tracing: { outcome: "DE29" } });
    expect(r).toMatchObject({ ok: true, data: { taskStatus: "DONE" } });
    const after = await db.client.findUniqueOrThrow({ where: { id: c.id } });
    expect(after).toMatchObject({ status: "DIED", statusReasonCode: "DIED_REPORTED", mentorId: null });
    expect(await db.assignment.count({ where: { clientId: c.id, endAt: null } })).toBe(0);
    expect((await db.callTask.findUniqueOrThrow({ where: { id: later.id } })).status).toBe("CANCELLED");
    const traced = await db.tracingOutcome.findMany({ where: { clientId: c.id } });
    expect(traced).toMatchObject([{ outcome: "DE29", contactMethod: "DE16", appointmentId: missedAppt.id, recordedById: m.userId }]);
    expect((await db.appointment.findUniqueOrThrow({ where: { id: missedAppt.id } })).resolvedAt).not.toBeNull();
    // Off the lists from tomorrow on.
    expect(await dueByClient(db, { day: addDaysIso(TODAY, 1), siteIds: [site.id], holidays: [], settings: SETTINGS })).toEqual([]);
  });

  it("'returning to clinic' deals with the missed appointment and books the promised date", async () => {
    const { site } = await place();
    const m = await mentor(site.id);
    const c = await client(site.id, m, 1, { enrolmentDate: "2025-01-01", lastReachedAt: new Date("2026-05-01T08:00:00Z") });
    const missedAppt = await db.appointment.create({ data: { clientId: c.id, date: dateOnly(addDaysIso(TODAY, -5)), kind: "ART_REFILL", status: "MISSED" } });
    await generateDay(db, { day: TODAY, siteIds: [site.id] });
    const [task] = await tasksOf([c.id]);
    const promised = addDaysIso(TODAY, 4);
    const r = await run(recordOutcomeCommand, m, { ...reachedOutcome, taskId: task!.id, idempotencyKey: key(), tracing: { outcome: "DE24", returnDate: promised } });
    expect(r.ok).toBe(true);
    expect((await db.client.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("ACTIVE");
    expect((await db.appointment.findUniqueOrThrow({ where: { id: missedAppt.id } })).resolvedAt).not.toBeNull();
    const booked = await db.appointment.findMany({ where: { clientId: c.id, status: "SCHEDULED" } });
    expect(booked.map((a) => [a.date.toISOString().slice(0, 10), a.kind])).toEqual([[promised, "ART_REFILL"]]);
    const due = await dueByClient(db, { day: addDaysIso(TODAY, 1), siteIds: [site.id], holidays: [], settings: SETTINGS });
    expect(due.flatMap((d) => d.reasons)).not.toContain("missed");
  });

  it("on a missed-appointment call, the missed appointment is the one moved - not her next future one", async () => {
    const { site } = await place();
    const m = await mentor(site.id);
    const c = await client(site.id, m, 1, { enrolmentDate: "2025-01-01", lastReachedAt: new Date("2026-05-01T08:00:00Z") });
    const missedAppt = await db.appointment.create({ data: { clientId: c.id, date: dateOnly(addDaysIso(TODAY, -5)), kind: "ART_REFILL", status: "MISSED" } });
    const january = await db.appointment.create({ data: { clientId: c.id, date: dateOnly("2027-01-15"), kind: "CLINICAL_REVIEW" } });
    await generateDay(db, { day: TODAY, siteIds: [site.id] });
    const [task] = await tasksOf([c.id]);
    const screen = await callScreenTask(db, m, task!.id, NOW);
    expect(screen.client.appointments.map((a) => [a.id, a.state])).toEqual([[missedAppt.id, "missed"], [january.id, "coming"]]);
    const newDate = addDaysIso(TODAY, 2);
    const r = await run(recordOutcomeCommand, m, {
      ...reachedOutcome, taskId: task!.id, idempotencyKey: key(), appointments: [{ appointmentId: missedAppt.id, answer: "reschedule", newDate }],
    });
    expect(r.ok).toBe(true);
    expect((await db.appointment.findUniqueOrThrow({ where: { id: january.id } })).status).toBe("SCHEDULED");
    expect((await db.appointment.findUniqueOrThrow({ where: { id: missedAppt.id } })).status).toBe("RESCHEDULED");
  });

  it("the visit check records attended or missed; a call about something else leaves it open", async () => {
    const { site } = await place();
    const m = await mentor(site.id);
    const went = await client(site.id, m, 1, { enrolmentDate: "2025-01-01", lastReachedAt: new Date("2026-05-01T08:00:00Z") });
    const didNot = await client(site.id, m, 1, { enrolmentDate: "2025-01-01", lastReachedAt: new Date("2026-05-01T08:00:00Z") });
    const other = await client(site.id, m, 1, { enrolmentDate: "2025-01-01", lastReachedAt: new Date("2026-05-01T08:00:00Z") });
    const yesterday = addDaysIso(TODAY, -1);
    const appts = new Map<string, string>();
    for (const c of [went, didNot, other]) {
      appts.set(c.id, (await db.appointment.create({ data: { clientId: c.id, date: dateOnly(yesterday), kind: "ART_REFILL" } })).id);
    }
    await generateDay(db, { day: TODAY, siteIds: [site.id] });
    const tasks = await tasksOf([went.id, didNot.id, other.id]);
    for (const t of tasks) expect([t.reasons, t.priority]).toEqual([["visit_check"], 4]);
    const byClient = new Map(tasks.map((t) => [t.clientId, t]));
    await run(recordOutcomeCommand, m, { ...reachedOutcome, taskId: byClient.get(went.id)!.id, idempotencyKey: key(), appointments: [{ appointmentId: appts.get(went.id), answer: "attended" }] });
    await run(recordOutcomeCommand, m, { ...reachedOutcome, taskId: byClient.get(didNot.id)!.id, idempotencyKey: key(), appointments: [{ appointmentId: appts.get(didNot.id), answer: "missed" }] });
    await run(recordOutcomeCommand, m, { ...reachedOutcome, taskId: byClient.get(other.id)!.id, idempotencyKey: key() });
    const tomorrow = new Map(
      (await dueByClient(db, { day: addDaysIso(TODAY, 1), siteIds: [site.id], holidays: [], settings: SETTINGS })).map((d) => [d.clientId, d]),
    );
    expect(tomorrow.get(went.id)).toBeUndefined();
    expect(tomorrow.get(didNot.id)).toMatchObject({ reasons: ["missed"], priority: 1 });
    expect(tomorrow.get(other.id)).toMatchObject({ reasons: ["visit_check"], priority: 4 });
  });
});

describe("access through a task follows the client's current holder", () => {
  it("after a reassignment the former Mentor Mother can no longer open, explain, claim or record her old task", async () => {
    const { site, supervisor } = await place();
    const a = await mentor(site.id);
    const b = await mentor(site.id);
    const c = await client(site.id, a);
    await generateDay(db, { day: TODAY, siteIds: [site.id] });
    const [task] = await tasksOf([c.id]);
    expect((await run(moveClientsCommand, supervisor, { clientIds: [c.id], target: b.userId })).ok).toBe(true);
    await expect(callScreenTask(db, a, task!.id, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(explainMyTask(db, a, task!.id, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await run(claimTaskCommand, a, { taskId: task!.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await run(recordOutcomeCommand, a, { taskId: task!.id, idempotencyKey: key(), disposition: "NO_ANSWER" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    // The new holder can.
    await expect(callScreenTask(db, b, task!.id, NOW)).resolves.toMatchObject({ id: task!.id });
    expect(await db.callAttempt.count({ where: { taskId: task!.id } })).toBe(0);
  });

  it("a cover ends with the leave: the colleague cannot record on the task she had claimed", async () => {
    const { site, supervisor } = await place();
    const owner = await mentor(site.id);
    const colleague = await mentor(site.id);
    const c = await client(site.id, owner);
    await generateDay(db, { day: TODAY, siteIds: [site.id] });
    const [task] = await tasksOf([c.id]);
    const leave = await db.mentorLeave.create({ data: { userId: owner.userId, startDate: dateOnly(TODAY), endDate: dateOnly(TODAY) } });
    expect(await run(claimTaskCommand, colleague, { taskId: task!.id })).toMatchObject({ ok: true });
    expect((await run(removeLeaveCommand, supervisor, { leaveId: leave.id })).ok).toBe(true);
    expect(await run(recordOutcomeCommand, colleague, { taskId: task!.id, idempotencyKey: key(), disposition: "NO_ANSWER" })).toMatchObject({
      ok: false, error: { code: "NOT_FOUND" },
    });
    await expect(callScreenTask(db, colleague, task!.id, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
