// The common outcome runs on the raw path (lib/sql.ts rawTransaction, decision 025), the rare ones
// on Prisma's transaction - and both write the same rows (tests/integration/calls-record.test.ts
// checks the behaviour; here: which path ran, and that the raw one left the same trail).
import { randomUUID } from "node:crypto";
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { dateOnly } from "@/lib/dates";
import { poolOf } from "@/lib/prisma-client";
import { localDay } from "@/lib/site-clock";
import { isCommonOutcome, recordOutcomeCommand } from "@/lib/calls/record";
import { outcomeSchema } from "@/lib/calls/record-schemas";
import { actorFor, closeDb, createClient, createSite, createUser, testDb } from "../factories";

const TZ = "Africa/Johannesburg";
const db = testDb();
const key = () => `k_${randomUUID().replace(/-/g, "")}`;
let siteId: string;
let mentor: Actor;

async function task() {
  const client = await createClient(siteId, { mentorId: mentor.userId });
  const phone = await db.clientPhone.create({ data: { clientId: client.id, number: `+2782${Math.floor(1e6 + Math.random() * 8e6)}` } });
  const day = localDay(TZ, new Date());
  const t = await db.callTask.create({
    data: { clientId: client.id, mentorId: mentor.userId, taskDate: dateOnly(day), reasons: ["adherence"], priority: 5, firstDueDate: dateOnly(day) },
  });
  return { task: t, phone };
}

beforeAll(async () => {
  siteId = (await createSite({ timeZone: TZ })).id;
  mentor = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteId] }));
});
afterEach(() => jest.restoreAllMocks());
afterAll(closeDb);

describe("recording on the raw path", () => {
  it("isCommonOutcome: not an opt-out, nor answers about appointments or a tracing outcome", () => {
    const base = { taskId: randomUUID(), idempotencyKey: key() };
    const parse = (o: object) => outcomeSchema.parse({ ...base, ...o });
    expect(isCommonOutcome(parse({ disposition: "NO_ANSWER" }))).toBe(true);
    expect(isCommonOutcome(parse({ disposition: "WRONG_NUMBER" }))).toBe(true);
    expect(isCommonOutcome(parse({ disposition: "REACHED", adherence: { dosesMissed7d: 1, pillsRanOut: false } }))).toBe(true);
    expect(isCommonOutcome(parse({ disposition: "OPTED_OUT" }))).toBe(false);
    expect(isCommonOutcome(parse({ disposition: "REACHED", adherence: { dosesMissed7d: 0, pillsRanOut: false }, tracing: { outcome: "DE24" } }))).toBe(false);
    expect(isCommonOutcome(parse({
      disposition: "REACHED", adherence: { dosesMissed7d: 0, pillsRanOut: false }, appointments: [{ appointmentId: randomUUID(), answer: "confirmed" }],
    }))).toBe(false);
  });

  it("a common outcome runs on the client's own pool, not in a Prisma transaction, and writes the same trail", async () => {
    const { task: t, phone } = await task();
    const connect = jest.spyOn(poolOf(db)!, "connect");
    const prismaTx = jest.spyOn(db, "$transaction");
    const now = new Date();
    const r = await execute(db, recordOutcomeCommand, mentor, { taskId: t.id, idempotencyKey: key(), disposition: "REACHED", adherence: { dosesMissed7d: 2, pillsRanOut: false } }, { requestId: "req-raw", ip: "10.0.0.1", now });
    expect(r).toMatchObject({ ok: true, data: { taskStatus: "DONE", disposition: "REACHED", nextAttemptAt: null } });
    expect(connect).toHaveBeenCalled();
    expect(prismaTx).not.toHaveBeenCalled();
    if (!r.ok) return;
    const attempt = await db.callAttempt.findUniqueOrThrow({ where: { id: r.data.attemptId } });
    expect(attempt).toMatchObject({ phoneId: phone.id, mentorId: mentor.userId, disposition: "REACHED", details: { adherence: { dosesMissed7d: 2, pillsRanOut: false }, barriers: [], referrals: [] } });
    expect(attempt.createdAt.getTime()).toBe(now.getTime());
    const after = await db.callTask.findUniqueOrThrow({ where: { id: t.id } });
    expect(after).toMatchObject({ status: "DONE", attempts: 1, version: t.version + 1, claimedById: null });
    expect((await db.client.findUniqueOrThrow({ where: { id: t.clientId } })).lastReachedAt?.getTime()).toBe(now.getTime());
    const audit = await db.auditEvent.findMany({ where: { entityId: r.data.attemptId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "call.recorded", entityType: "call_attempt", actorId: mentor.userId, requestId: "req-raw", ip: "10.0.0.1",
      meta: { taskId: t.id, disposition: "REACHED", attemptId: r.data.attemptId, phoneId: phone.id },
    });
  });

  it("an opt-out goes through Prisma's transaction", async () => {
    const { task: t } = await task();
    const prismaTx = jest.spyOn(db, "$transaction");
    const r = await execute(db, recordOutcomeCommand, mentor, { taskId: t.id, idempotencyKey: key(), disposition: "OPTED_OUT" });
    expect(r.ok).toBe(true);
    expect(prismaTx).toHaveBeenCalled();
  });

  it("another Mentor Mother's key answers not-found on the raw path, and nothing is written", async () => {
    const { task: t } = await task();
    const other = await createUser("MENTOR_MOTHER", { siteIds: [siteId] });
    const k = key();
    expect((await execute(db, recordOutcomeCommand, mentor, { taskId: t.id, idempotencyKey: k, disposition: "BUSY" })).ok).toBe(true);
    const r = await execute(db, recordOutcomeCommand, await actorFor(other), { taskId: t.id, idempotencyKey: k, disposition: "BUSY" });
    expect(r).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await db.callAttempt.count({ where: { taskId: t.id } })).toBe(1);
  });
});
