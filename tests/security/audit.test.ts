// Security brief test 10 (issue 13, item 4): every view of a client's data writes an audit row -
// the call screen each time it is opened (a finished task's too) and the "why" read - and every
// refusal of a signed-in user is recorded (access.denied, naming the action and the id asked for).
// Rows hold record ids, never names, numbers or health values.
import { randomUUID } from "node:crypto";
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { callScreenTask } from "@/lib/calls/call-screen";
import { explainMyTask } from "@/lib/calls/queries";
import { recordOutcomeCommand } from "@/lib/calls/record";
import { moveClientsCommand } from "@/lib/assignment/commands";
import { getClientProfile } from "@/lib/clients/profile-queries";
import { actorFor, closeDb, createClient, createSite, createUser, testDb } from "@/tests/factories";

const TZ = "Africa/Blantyre";
const db = testDb();
let siteId: string;
let mentor: Actor;
let other: Actor;
let supervisor: Actor;

beforeAll(async () => {
  siteId = (await createSite({ timeZone: TZ })).id;
  mentor = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteId] }));
  other = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteId] }));
  supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteId] }));
});
afterAll(closeDb);

async function task(holder: Actor) {
  const client = await createClient(siteId, { mentorId: holder.userId });
  await db.clientPhone.create({ data: { clientId: client.id, number: `+2659${Math.floor(1e7 + Math.random() * 8e7)}` } });
  const day = dateOnly(localDay(TZ, new Date()));
  return db.callTask.create({ data: { clientId: client.id, mentorId: holder.userId, taskDate: day, reasons: ["adherence"], priority: 8, firstDueDate: day } });
}

const views = (actorId: string, clientId: string) =>
  db.auditEvent.findMany({ where: { actorId, entityId: clientId, action: "client.viewed" }, orderBy: { id: "asc" } });

describe("views are audited", () => {
  it("each opening of the call screen, a finished task's too, and the why read write a row", async () => {
    const t = await task(mentor);
    await callScreenTask(db, mentor, t.id, new Date(), { requestId: "req-1" });
    await callScreenTask(db, mentor, t.id, new Date(), { requestId: "req-2" });
    const done = await execute(db, recordOutcomeCommand, mentor, { taskId: t.id, idempotencyKey: `k_${randomUUID().replace(/-/g, "")}`, disposition: "REACHED", adherence: { dosesMissed7d: 0, pillsRanOut: false } });
    expect(done.ok).toBe(true);
    await callScreenTask(db, mentor, t.id, new Date(), { requestId: "req-3" });
    await explainMyTask(db, mentor, t.id, new Date(), { requestId: "req-4" });
    const rows = await views(mentor.userId, t.clientId);
    expect(rows.map((r) => [(r.meta as { via: string }).via, r.requestId])).toEqual([
      ["call_screen", "req-1"], ["call_screen", "req-2"], ["call_screen", "req-3"], ["why", "req-4"],
    ]);
  });

  it("the profile view is audited; the rows carry ids and codes only", async () => {
    const t = await task(mentor);
    await getClientProfile(db, supervisor, t.clientId, { requestId: "req-p" });
    const rows = await views(supervisor.userId, t.clientId);
    expect(rows).toHaveLength(1);
    const client = await db.client.findUniqueOrThrow({ where: { id: t.clientId }, include: { phones: true } });
    const text = JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    for (const secret of [client.firstName, client.lastName, ...client.phones.map((p) => p.number)]) expect(text).not.toContain(secret);
  });

  it("an assignment change is audited", async () => {
    const t = await task(mentor);
    const r = await execute(db, moveClientsCommand, supervisor, { clientIds: [t.clientId], target: other.userId });
    expect(r.ok).toBe(true);
    const rows = await db.auditEvent.findMany({ where: { actorId: supervisor.userId, action: "assignment.changed", meta: { path: ["clientIds"], array_contains: [t.clientId] } } });
    expect(rows).toHaveLength(1);
  });
});

describe("refusals are recorded", () => {
  it("an action on another Mentor Mother's task: NOT_FOUND and an access.denied row naming it", async () => {
    const t = await task(other);
    const r = await execute(db, recordOutcomeCommand, mentor, { taskId: t.id, idempotencyKey: `k_${randomUUID().replace(/-/g, "")}`, disposition: "NO_ANSWER" }, { requestId: "req-d" });
    expect(r).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const rows = await db.auditEvent.findMany({ where: { actorId: mentor.userId, action: "access.denied", requestId: "req-d" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entityId: t.id, meta: { where: "action:calls.record", code: "NOT_FOUND" } });
  });

  it("a wrong role is recorded the same way", async () => {
    const r = await execute(db, moveClientsCommand, mentor, { clientIds: [randomUUID()], target: other.userId }, { requestId: "req-r" });
    expect(r).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await db.auditEvent.count({ where: { actorId: mentor.userId, action: "access.denied", requestId: "req-r" } })).toBe(1);
  });
});
