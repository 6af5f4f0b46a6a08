// The call screen's read against the real database (issue 5): the adherence timeline, the last
// calls with their notes and which of them she may correct, and the correction page's target.
import { randomUUID } from "node:crypto";
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { callScreenTask, correctionTarget } from "@/lib/calls/call-screen";
import { correctOutcomeCommand, recordOutcomeCommand } from "@/lib/calls/record";
import { actorFor, closeDb, createClient, createSite, createUser, testDb } from "../factories";

const TZ = "Africa/Blantyre";
const db = testDb();
const today = () => localDay(TZ, new Date());
const key = () => `k_${randomUUID().replace(/-/g, "")}`;
const HOUR = 3600_000;

let siteId: string;
let mentor: Actor;
let other: Actor;

async function taskFor(m: Actor, reasons = ["adherence"]) {
  const client = await createClient(siteId, { mentorId: m.userId });
  await db.clientPhone.create({ data: { clientId: client.id, number: `+2659${Math.floor(1e7 + Math.random() * 8e7)}` } });
  return db.callTask.create({
    data: { clientId: client.id, mentorId: m.userId, taskDate: dateOnly(today()), reasons, priority: 8, firstDueDate: dateOnly(today()) },
  });
}

/** An attempt written as record.ts would have, at a chosen time (inserts are allowed; updates are not). */
function pastAttempt(task: { id: string; clientId: string }, m: Actor, hoursAgo: number, disposition: "REACHED" | "NO_ANSWER" | "BUSY", details: object = {}, correctsId?: string) {
  return db.callAttempt.create({
    data: {
      taskId: task.id, clientId: task.clientId, mentorId: m.userId, disposition, details, idempotencyKey: key(),
      createdAt: new Date(Date.now() - hoursAgo * HOUR), ...(correctsId ? { correctsId } : {}),
    },
  });
}

beforeAll(async () => {
  siteId = (await createSite({ timeZone: TZ })).id;
  mentor = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteId] }));
  other = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteId] }));
});
afterAll(closeDb);

describe("callScreenTask history", () => {
  it("shows the adherence answers of the last 8 weeks week by week, corrections applied", async () => {
    const task = await taskFor(mentor);
    await pastAttempt(task, mentor, 24 * 3, "REACHED", { adherence: { dosesMissed7d: 2, pillsRanOut: true }, barriers: ["DE54"], notes: "forgot at night" });
    await pastAttempt(task, mentor, 24 * 20, "REACHED", { adherence: { dosesMissed7d: 0, pillsRanOut: false } });
    const wrong = await pastAttempt(task, mentor, 24 * 30, "REACHED", { adherence: { dosesMissed7d: 7, pillsRanOut: false } });
    await pastAttempt(task, mentor, 24 * 30 - 1, "REACHED", { adherence: { dosesMissed7d: 1, pillsRanOut: false } }, wrong.id);
    await pastAttempt(task, mentor, 24 * 70, "REACHED", { adherence: { dosesMissed7d: 5, pillsRanOut: false } });
    await pastAttempt(task, mentor, 24 * 2, "NO_ANSWER");

    const screen = await callScreenTask(db, mentor, task.id, new Date());
    const weeks = screen.client.adherence;
    expect(weeks).toHaveLength(8);
    expect(weeks[0]!.to).toBe(today());
    const answers = weeks.flatMap((w) => w.answers.map((a) => [a.dosesMissed7d, a.pillsRanOut]));
    // Newest first; the corrected 7 is replaced by its correction; 70 days ago is outside the 8 weeks.
    expect(answers).toEqual([[2, true], [0, false], [1, false]]);
    expect(weeks[0]!.answers).toHaveLength(1);
  });

  it("lists the last calls with their notes; only her own recent, uncorrected, non-correction attempts are correctable", async () => {
    const task = await taskFor(mentor);
    const old = await pastAttempt(task, mentor, 30, "NO_ANSWER", { notes: "no reply" });
    const corrected = await pastAttempt(task, mentor, 5, "NO_ANSWER");
    const fix = await pastAttempt(task, mentor, 4, "BUSY", { notes: "line busy" }, corrected.id);
    const fresh = await pastAttempt(task, mentor, 1, "NO_ANSWER");

    const calls = (await callScreenTask(db, mentor, task.id, new Date())).client.lastCalls;
    expect(calls.map((c) => c.id)).toEqual([fresh.id, fix.id, corrected.id, old.id]);
    const byId = Object.fromEntries(calls.map((c) => [c.id, c]));
    expect(byId[fresh.id]).toMatchObject({ correctable: true, isCorrection: false, corrected: false, taskId: task.id, notes: null });
    expect(byId[fix.id]).toMatchObject({ correctable: false, isCorrection: true, notes: "line busy" });
    expect(byId[corrected.id]).toMatchObject({ correctable: false, corrected: true });
    expect(byId[old.id]).toMatchObject({ correctable: false, notes: "no reply" });
  });

  it("a colleague's attempt on a client she now covers is shown but not correctable by her", async () => {
    const task = await taskFor(mentor);
    const theirs = await pastAttempt(task, other, 1, "NO_ANSWER", { notes: "tried" });
    const calls = (await callScreenTask(db, mentor, task.id, new Date())).client.lastCalls;
    expect(calls.find((c) => c.id === theirs.id)).toMatchObject({ correctable: false, notes: "tried" });
  });
});

describe("correctionTarget and the correction flow", () => {
  it("her recent attempt: open; the correction through the command is a new row and the target then reads corrected", async () => {
    const task = await taskFor(mentor, ["missed"]);
    const r = await execute(db, recordOutcomeCommand, mentor, {
      taskId: task.id, idempotencyKey: key(), disposition: "REACHED", adherence: { dosesMissed7d: 3, pillsRanOut: false }, notes: "late pick-up",
    });
    if (!r.ok) throw new Error("record failed");
    const target = await correctionTarget(db, mentor, task.id, r.data.attemptId, new Date());
    expect(target).toMatchObject({ state: "open", disposition: "REACHED", missed: true, notes: "late pick-up", adherence: { dosesMissed7d: 3, pillsRanOut: false } });

    // The task is DONE: a correction needs no claim.
    const c = await execute(db, correctOutcomeCommand, mentor, {
      taskId: task.id, idempotencyKey: key(), correctsId: r.data.attemptId, disposition: "REACHED", adherence: { dosesMissed7d: 1, pillsRanOut: false },
    });
    expect(c.ok).toBe(true);
    expect(await db.callAttempt.count({ where: { taskId: task.id, correctsId: r.data.attemptId } })).toBe(1);
    expect((await correctionTarget(db, mentor, task.id, r.data.attemptId, new Date())).state).toBe("corrected");
    const screen = await callScreenTask(db, mentor, task.id, new Date());
    expect(screen.client.lastCalls.find((a) => a.id === r.data.attemptId)).toMatchObject({ corrected: true, correctable: false });
    expect(screen.client.adherence[0]!.answers.map((a) => a.dosesMissed7d)).toEqual([1]);
  });

  it("after 24 h: expired", async () => {
    const task = await taskFor(mentor);
    const a = await pastAttempt(task, mentor, 25, "NO_ANSWER");
    expect((await correctionTarget(db, mentor, task.id, a.id, new Date())).state).toBe("expired");
  });

  it("someone else's attempt, another task's id or an unknown id: NOT_FOUND", async () => {
    const task = await taskFor(mentor);
    const mine = await pastAttempt(task, mentor, 1, "NO_ANSWER");
    const theirs = await pastAttempt(task, other, 1, "NO_ANSWER");
    const elsewhere = await taskFor(mentor);
    await expect(correctionTarget(db, mentor, task.id, theirs.id, new Date())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(correctionTarget(db, other, task.id, mine.id, new Date())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(correctionTarget(db, mentor, elsewhere.id, mine.id, new Date())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(correctionTarget(db, mentor, task.id, randomUUID(), new Date())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(correctionTarget(db, mentor, task.id, "not-a-uuid", new Date())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
