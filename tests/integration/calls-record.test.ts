// Recording calls against the real database: idempotency under concurrency, claims, the state
// machine applied in the transaction, the client effects and the append-only corrections.
import { randomUUID } from "node:crypto";
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { addDaysIso } from "@/lib/calls/calendar";
import { correctOutcomeCommand, recordOutcomeCommand } from "@/lib/calls/record";
import { claimNextTaskCommand, claimTaskCommand } from "@/lib/calls/claim";
import { actorFor, auditFor, closeDb, createClient, createSite, createUser, testDb } from "../factories";

const TZ = "Africa/Johannesburg";
const db = testDb();
const today = () => localDay(TZ, new Date());
const key = () => `k_${randomUUID().replace(/-/g, "")}`;

let siteId: string;
let mentor: Actor;
let other: Actor;

async function newMentor(): Promise<Actor> {
  const u = await createUser("MENTOR_MOTHER", { siteIds: [siteId] });
  return actorFor(u);
}

async function taskFor(
  m: Actor,
  over: Partial<{ reasons: string[]; taskDate: string; status: "PENDING" | "CARRIED_OVER" | "RETRY_LATER"; priority: number; clientId: string }> = {},
) {
  const clientId = over.clientId ?? (await createClient(siteId, { mentorId: m.userId })).id;
  const day = over.taskDate ?? today();
  return db.callTask.create({
    data: {
      clientId,
      mentorId: m.userId,
      taskDate: dateOnly(day),
      reasons: over.reasons ?? ["adherence"],
      priority: over.priority ?? 5,
      status: over.status ?? "PENDING",
      firstDueDate: dateOnly(day),
    },
  });
}

async function addPhone(clientId: string, number = `+2782${Math.floor(1e6 + Math.random() * 8e6)}`) {
  return db.clientPhone.create({ data: { clientId, number } });
}

const record = (actor: Actor, input: object) => execute(db, recordOutcomeCommand, actor, input);

beforeAll(async () => {
  siteId = (await createSite({ timeZone: TZ })).id;
  mentor = await newMentor();
  other = await newMentor();
});
afterAll(closeDb);

describe("recordOutcomeCommand", () => {
  it("10 concurrent submissions with one key store one attempt and answer the same", async () => {
    const task = await taskFor(mentor);
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => record(mentor, { taskId: task.id, idempotencyKey: k, disposition: "NO_ANSWER" })),
    );
    for (const r of results) expect(r.ok).toBe(true);
    const first = results[0]!;
    for (const r of results) expect(r).toEqual(first);
    expect(await db.callAttempt.count({ where: { idempotencyKey: k } })).toBe(1);
    expect(await db.callAttempt.count({ where: { taskId: task.id } })).toBe(1);
    const t = await db.callTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(t.attempts).toBe(1);
    expect(t.status).toBe("RETRY_LATER");
    const audits = (await db.auditEvent.findMany({ where: { action: "call.recorded", meta: { path: ["taskId"], equals: task.id } } }));
    expect(audits).toHaveLength(1);
  });

  it("a retry later with the same key changes nothing", async () => {
    const task = await taskFor(mentor);
    const k = key();
    const a = await record(mentor, { taskId: task.id, idempotencyKey: k, disposition: "BUSY" });
    const versionAfter = (await db.callTask.findUniqueOrThrow({ where: { id: task.id } })).version;
    const b = await record(mentor, { taskId: task.id, idempotencyKey: k, disposition: "BUSY" });
    expect(b).toEqual(a);
    expect((await db.callTask.findUniqueOrThrow({ where: { id: task.id } })).version).toBe(versionAfter);
  });

  it("a Mentor Mother cannot record on another's task: NOT_FOUND and nothing written", async () => {
    const task = await taskFor(mentor);
    const r = await record(other, { taskId: task.id, idempotencyKey: key(), disposition: "REACHED", adherence: { dosesMissed7d: 0, pillsRanOut: false } });
    expect(r).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await db.callAttempt.count({ where: { taskId: task.id } })).toBe(0);
    const t = await db.callTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(t.status).toBe("PENDING");
    expect(t.version).toBe(1);
    expect((await db.client.findUniqueOrThrow({ where: { id: task.clientId } })).lastReachedAt).toBeNull();
  });

  it("no answer -> RETRY_LATER in 2 h; the third failure escalates", async () => {
    const task = await taskFor(mentor, { reasons: ["missed"] });
    const before = Date.now();
    const r1 = await record(mentor, { taskId: task.id, idempotencyKey: key(), disposition: "NO_ANSWER" });
    expect(r1.ok).toBe(true);
    let t = await db.callTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(t.status).toBe("RETRY_LATER");
    expect(t.attempts).toBe(1);
    expect(t.claimedById).toBeNull();
    const delta = t.nextAttemptAt!.getTime() - before;
    expect(delta).toBeGreaterThanOrEqual(120 * 60_000);
    expect(delta).toBeLessThan(121 * 60_000);

    await record(mentor, { taskId: task.id, idempotencyKey: key(), disposition: "VOICEMAIL" });
    t = await db.callTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(t.attempts).toBe(2);
    expect(["RETRY_LATER", "ESCALATED"]).toContain(t.status);
    if (t.status === "RETRY_LATER") {
      const r3 = await record(mentor, { taskId: task.id, idempotencyKey: key(), disposition: "BUSY" });
      expect(r3).toMatchObject({ ok: true, data: { taskStatus: "ESCALATED", nextAttemptAt: null } });
      t = await db.callTask.findUniqueOrThrow({ where: { id: task.id } });
      expect(t.attempts).toBe(3);
    }
    expect(t.status).toBe("ESCALATED");
    // A finished task takes no more attempts.
    const r4 = await record(mentor, { taskId: task.id, idempotencyKey: key(), disposition: "BUSY" });
    expect(r4).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
  });

  it("counts the attempts of the CARRIED_OVER task it descends from", async () => {
    const client = await createClient(siteId, { mentorId: mentor.userId });
    const yesterday = addDaysIso(today(), -1);
    const carried = await taskFor(mentor, { clientId: client.id, taskDate: yesterday, status: "CARRIED_OVER" });
    const at = new Date(Date.now() - 20 * 3600_000);
    for (let i = 0; i < 2; i++) {
      await db.callAttempt.create({
        data: { taskId: carried.id, clientId: client.id, mentorId: mentor.userId, disposition: "NO_ANSWER", idempotencyKey: key(), createdAt: at },
      });
    }
    const task = await taskFor(mentor, { clientId: client.id });
    const r = await record(mentor, { taskId: task.id, idempotencyKey: key(), disposition: "NO_ANSWER" });
    expect(r).toMatchObject({ ok: true, data: { taskStatus: "ESCALATED" } });
    expect((await db.callTask.findUniqueOrThrow({ where: { id: task.id } })).attempts).toBe(3);
  });

  it("an older task that was not carried over does not count", async () => {
    const client = await createClient(siteId, { mentorId: mentor.userId });
    const old = await db.callTask.create({
      data: { clientId: client.id, mentorId: mentor.userId, taskDate: dateOnly(addDaysIso(today(), -1)), reasons: ["adherence"], priority: 5, status: "DONE", firstDueDate: dateOnly(today()) },
    });
    for (let i = 0; i < 2; i++) {
      await db.callAttempt.create({ data: { taskId: old.id, clientId: client.id, mentorId: mentor.userId, disposition: "NO_ANSWER", idempotencyKey: key() } });
    }
    const task = await taskFor(mentor, { clientId: client.id });
    const r = await record(mentor, { taskId: task.id, idempotencyKey: key(), disposition: "NO_ANSWER" });
    expect(r).toMatchObject({ ok: true, data: { taskStatus: "RETRY_LATER" } });
  });

  it("REACHED sets last_reached_at, closes the task and audits without health values", async () => {
    const task = await taskFor(mentor);
    const r = await record(mentor, {
      taskId: task.id, idempotencyKey: key(), disposition: "REACHED",
      adherence: { dosesMissed7d: 3, pillsRanOut: true }, barriers: ["DE54"], notes: "private words",
    });
    expect(r).toMatchObject({ ok: true, data: { taskStatus: "DONE" } });
    const c = await db.client.findUniqueOrThrow({ where: { id: task.clientId } });
    expect(c.lastReachedAt).not.toBeNull();
    expect(Date.now() - c.lastReachedAt!.getTime()).toBeLessThan(60_000);
    const attempt = await db.callAttempt.findFirstOrThrow({ where: { taskId: task.id } });
    expect(attempt.details).toMatchObject({ adherence: { dosesMissed7d: 3, pillsRanOut: true }, barriers: ["DE54"] });
    const audit = await auditFor(attempt.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe("call.recorded");
    expect(audit[0]!.meta).toEqual({ taskId: task.id, disposition: "REACHED", attemptId: attempt.id });
    expect(JSON.stringify(audit[0]!.meta)).not.toMatch(/private|DE54|dosesMissed/);
  });

  it("a tracing outcome only on a missed-appointment task", async () => {
    const task = await taskFor(mentor, { reasons: ["adherence"] });
    const r = await record(mentor, {
      taskId: task.id, idempotencyKey: key(), disposition: "REACHED", adherence: { dosesMissed7d: 0, pillsRanOut: false }, tracing: { outcome: "DE24" },
    });
    expect(r).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { tracing: ["invalidValue"] } } });
    expect(await db.callAttempt.count({ where: { taskId: task.id } })).toBe(0);
  });

  it("a new date moves the appointment she names, through the same command path as the profile", async () => {
    const task = await taskFor(mentor);
    const oldDate = addDaysIso(today(), 3);
    const newDate = addDaysIso(today(), 10);
    const appt = await db.appointment.create({ data: { clientId: task.clientId, date: dateOnly(oldDate), kind: "ART_REFILL" } });
    const other = await db.appointment.create({ data: { clientId: task.clientId, date: dateOnly(addDaysIso(today(), 1)), kind: "CLINICAL_REVIEW" } });
    const version = (await db.client.findUniqueOrThrow({ where: { id: task.clientId } })).version;
    const r = await record(mentor, {
      taskId: task.id, idempotencyKey: key(), disposition: "REACHED", adherence: { dosesMissed7d: 0, pillsRanOut: false },
      appointments: [{ appointmentId: appt.id, answer: "reschedule", newDate }],
    });
    expect(r.ok).toBe(true);
    expect((await db.appointment.findUniqueOrThrow({ where: { id: appt.id } })).status).toBe("RESCHEDULED");
    expect((await db.appointment.findUniqueOrThrow({ where: { id: other.id } })).status).toBe("SCHEDULED");
    const scheduled = await db.appointment.findMany({ where: { clientId: task.clientId, status: "SCHEDULED", kind: "ART_REFILL" } });
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]!.date.toISOString().slice(0, 10)).toBe(newDate);
    // As from the profile: the client's version moves on and the move is audited.
    expect((await db.client.findUniqueOrThrow({ where: { id: task.clientId } })).version).toBeGreaterThan(version);
    expect((await auditFor(task.clientId)).map((a) => a.action)).toContain("appointment.rescheduled");
  });

  it("a new date in the past, another client's appointment, or a closed one is refused and nothing is written", async () => {
    const task = await taskFor(mentor);
    const appt = await db.appointment.create({ data: { clientId: task.clientId, date: dateOnly(addDaysIso(today(), 3)), kind: "ART_REFILL" } });
    const foreign = await db.appointment.create({ data: { clientId: (await createClient(siteId)).id, date: dateOnly(addDaysIso(today(), 3)), kind: "ART_REFILL" } });
    const attended = await db.appointment.create({ data: { clientId: task.clientId, date: dateOnly(addDaysIso(today(), -3)), kind: "ART_REFILL", status: "ATTENDED" } });
    const reached = { taskId: task.id, disposition: "REACHED", adherence: { dosesMissed7d: 0, pillsRanOut: false } };
    const past = await record(mentor, { ...reached, idempotencyKey: key(), appointments: [{ appointmentId: appt.id, answer: "reschedule", newDate: addDaysIso(today(), -1) }] });
    expect(past).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { "appointments.0.newDate": ["dateInPast"] } } });
    const theirs = await record(mentor, { ...reached, idempotencyKey: key(), appointments: [{ appointmentId: foreign.id, answer: "confirmed" }] });
    expect(theirs).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { "appointments.0.appointmentId": ["invalidValue"] } } });
    const closed = await record(mentor, { ...reached, idempotencyKey: key(), appointments: [{ appointmentId: attended.id, answer: "missed" }] });
    expect(closed).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { "appointments.0": ["appointmentNotOpen"] } } });
    expect(await db.callAttempt.count({ where: { taskId: task.id } })).toBe(0);
    expect((await db.appointment.findUniqueOrThrow({ where: { id: appt.id } })).status).toBe("SCHEDULED");
  });

  it("opt-out sets the client's status and cancels her open tasks from today on", async () => {
    const client = await createClient(siteId, { mentorId: mentor.userId });
    const task = await taskFor(mentor, { clientId: client.id });
    const future = await taskFor(mentor, { clientId: client.id, taskDate: addDaysIso(today(), 2) });
    const past = await taskFor(mentor, { clientId: client.id, taskDate: addDaysIso(today(), -3), status: "RETRY_LATER" });
    const r = await record(mentor, { taskId: task.id, idempotencyKey: key(), disposition: "OPTED_OUT" });
    expect(r).toMatchObject({ ok: true, data: { taskStatus: "CANCELLED" } });
    const c = await db.client.findUniqueOrThrow({ where: { id: client.id } });
    expect(c.status).toBe("OPTED_OUT");
    expect(c.statusReasonCode).toBe("OPTED_OUT");
    // Opted out means not held any more: the assignment ends, as from the profile.
    expect(c.mentorId).toBeNull();
    expect(await db.assignment.count({ where: { clientId: client.id, endAt: null } })).toBe(0);
    expect(c.statusDate!.toISOString().slice(0, 10)).toBe(today());
    expect((await db.callTask.findUniqueOrThrow({ where: { id: future.id } })).status).toBe("CANCELLED");
    expect((await db.callTask.findUniqueOrThrow({ where: { id: past.id } })).status).toBe("RETRY_LATER");
  });

  it("wrong number flags the phone and escalates", async () => {
    const task = await taskFor(mentor);
    const phone = await addPhone(task.clientId);
    const r = await record(mentor, { taskId: task.id, idempotencyKey: key(), disposition: "WRONG_NUMBER", phoneId: phone.id });
    expect(r).toMatchObject({ ok: true, data: { taskStatus: "ESCALATED" } });
    expect((await db.clientPhone.findUniqueOrThrow({ where: { id: phone.id } })).status).toBe("WRONG_NUMBER");
  });

  it("at most maxCallsPerPhonePerDay calls to one number, across Mentor Mothers", async () => {
    const number = `+2783${Math.floor(1e6 + Math.random() * 8e6)}`;
    const t1 = await taskFor(mentor);
    const t2 = await taskFor(other);
    const p1 = await addPhone(t1.clientId, number);
    const p2 = await addPhone(t2.clientId, number);
    expect((await record(mentor, { taskId: t1.id, idempotencyKey: key(), disposition: "NO_ANSWER", phoneId: p1.id })).ok).toBe(true);
    expect((await record(other, { taskId: t2.id, idempotencyKey: key(), disposition: "NO_ANSWER", phoneId: p2.id })).ok).toBe(true);
    const k = key();
    const third = await record(mentor, { taskId: t1.id, idempotencyKey: k, disposition: "NO_ANSWER", phoneId: p1.id });
    expect(third).toEqual({ ok: false, error: { code: "VALIDATION", message: "phoneLimit" } });
    expect(await db.callAttempt.count({ where: { idempotencyKey: k } })).toBe(0);
  });

  it("a phone of another client is refused", async () => {
    const task = await taskFor(mentor);
    const elsewhere = await taskFor(mentor);
    const phone = await addPhone(elsewhere.clientId);
    const r = await record(mentor, { taskId: task.id, idempotencyKey: key(), disposition: "NO_ANSWER", phoneId: phone.id });
    expect(r).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { phoneId: ["invalidValue"] } } });
  });
});

describe("correctOutcomeCommand", () => {
  it("within 24 h: a new row linked to the original, the original unchanged", async () => {
    const task = await taskFor(mentor);
    const r = await record(mentor, { taskId: task.id, idempotencyKey: key(), disposition: "NO_ANSWER" });
    if (!r.ok) throw new Error("record failed");
    const c = await execute(db, correctOutcomeCommand, mentor, {
      taskId: task.id, idempotencyKey: key(), correctsId: r.data.attemptId, disposition: "REACHED", adherence: { dosesMissed7d: 1, pillsRanOut: false },
    });
    expect(c).toMatchObject({ ok: true, data: { taskStatus: "DONE" } });
    const rows = await db.callAttempt.findMany({ where: { taskId: task.id }, orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0]!.disposition).toBe("NO_ANSWER");
    expect(rows[1]!.correctsId).toBe(rows[0]!.id);
    const t = await db.callTask.findUniqueOrThrow({ where: { id: task.id } });
    // The correction replaces the original's attempt, it is not another call.
    expect(t.attempts).toBe(1);
    expect((await db.client.findUniqueOrThrow({ where: { id: task.clientId } })).lastReachedAt).not.toBeNull();
  });

  it("after 24 h: correctionWindow, nothing written", async () => {
    const task = await taskFor(mentor);
    const original = await db.callAttempt.create({
      data: { taskId: task.id, clientId: task.clientId, mentorId: mentor.userId, disposition: "NO_ANSWER", idempotencyKey: key(), createdAt: new Date(Date.now() - 25 * 3600_000) },
    });
    const c = await execute(db, correctOutcomeCommand, mentor, { taskId: task.id, idempotencyKey: key(), correctsId: original.id, disposition: "BUSY" });
    expect(c).toEqual({ ok: false, error: { code: "VALIDATION", message: "correctionWindow" } });
    expect(await db.callAttempt.count({ where: { taskId: task.id } })).toBe(1);
  });

  it("another Mentor Mother cannot correct it", async () => {
    const task = await taskFor(mentor);
    const r = await record(mentor, { taskId: task.id, idempotencyKey: key(), disposition: "NO_ANSWER" });
    if (!r.ok) throw new Error("record failed");
    const c = await execute(db, correctOutcomeCommand, other, { taskId: task.id, idempotencyKey: key(), correctsId: r.data.attemptId, disposition: "BUSY" });
    expect(c).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("call_attempts refuses UPDATE and DELETE", async () => {
    const task = await taskFor(mentor);
    const r = await record(mentor, { taskId: task.id, idempotencyKey: key(), disposition: "NO_ANSWER" });
    if (!r.ok) throw new Error("record failed");
    await expect(db.$executeRaw`UPDATE call_attempts SET disposition = 'BUSY' WHERE id = ${r.data.attemptId}::uuid`).rejects.toThrow();
    await expect(db.$executeRaw`DELETE FROM call_attempts WHERE id = ${r.data.attemptId}::uuid`).rejects.toThrow();
  });
});

describe("claims", () => {
  it("two Mentor Mothers claiming the same task during cover: one wins, the other CONFLICT", async () => {
    const owner = await newMentor();
    const a = await newMentor();
    const b = await newMentor();
    await db.mentorLeave.create({ data: { userId: owner.userId, startDate: dateOnly(addDaysIso(today(), -1)), endDate: dateOnly(addDaysIso(today(), 1)) } });
    const task = await taskFor(owner);
    const results = await Promise.all([a, b].map((m) => execute(db, claimTaskCommand, m, { taskId: task.id })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: { code: "CONFLICT", message: "CONFLICT" } }]);
    const t = await db.callTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(t.status).toBe("CLAIMED");
    expect([a.userId, b.userId]).toContain(t.claimedById);
  });

  it("a colleague cannot claim when the owner is not on leave", async () => {
    const task = await taskFor(mentor);
    const r = await execute(db, claimTaskCommand, other, { taskId: task.id });
    expect(r).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("an abandoned claim (older than 15 minutes) may be taken", async () => {
    const owner = await newMentor();
    const cover = await newMentor();
    await db.mentorLeave.create({ data: { userId: owner.userId, startDate: dateOnly(today()), endDate: dateOnly(today()) } });
    const task = await taskFor(owner);
    await db.callTask.update({ where: { id: task.id }, data: { status: "CLAIMED", claimedById: owner.userId, claimedAt: new Date(Date.now() - 16 * 60_000) } });
    const r = await execute(db, claimTaskCommand, cover, { taskId: task.id });
    expect(r.ok).toBe(true);
    expect((await db.callTask.findUniqueOrThrow({ where: { id: task.id } })).claimedById).toBe(cover.userId);
  });

  it("claimNext: priority order, skips future retries and live claims, returns her own claim again", async () => {
    const m = await newMentor();
    const later = await taskFor(m, { priority: 1 });
    await db.callTask.update({ where: { id: later.id }, data: { status: "RETRY_LATER", nextAttemptAt: new Date(Date.now() + 3600_000) } });
    const low = await taskFor(m, { priority: 9 });
    const high = await taskFor(m, { priority: 3 });
    // "Next call" only offers tasks with a working phone (safe hours: calls-queue.test.ts).
    for (const t of [later, low, high]) await addPhone(t.clientId);
    const r1 = await execute(db, claimNextTaskCommand, m, {});
    expect(r1).toMatchObject({ ok: true, data: { taskId: high.id } });
    const again = await execute(db, claimNextTaskCommand, m, {});
    expect(again).toMatchObject({ ok: true, data: { taskId: high.id } });
    await record(m, { taskId: high.id, idempotencyKey: key(), disposition: "REACHED", adherence: { dosesMissed7d: 0, pillsRanOut: false } });
    const r2 = await execute(db, claimNextTaskCommand, m, {});
    expect(r2).toMatchObject({ ok: true, data: { taskId: low.id } });
    await record(m, { taskId: low.id, idempotencyKey: key(), disposition: "DECLINED" });
    const r3 = await execute(db, claimNextTaskCommand, m, {});
    expect(r3).toEqual({ ok: true, data: null });
  });

  it("claimNext skips a task another transaction holds instead of waiting for it", async () => {
    const m = await newMentor();
    const top = await taskFor(m, { priority: 1 });
    const second = await taskFor(m, { priority: 2 });
    for (const t of [top, second]) await addPhone(t.clientId);
    await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM call_tasks WHERE id = ${top.id}::uuid FOR UPDATE`;
      const r = await execute(db, claimNextTaskCommand, m, {});
      expect(r).toMatchObject({ ok: true, data: { taskId: second.id } });
    });
    expect((await db.callTask.findUniqueOrThrow({ where: { id: top.id } })).status).toBe("PENDING");
  });
});
