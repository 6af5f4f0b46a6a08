// Security brief test 1 (issue 13, item 1): access through a task follows the client's CURRENT
// assignment or a cover valid now - never who once held the task. After a reassignment the first
// Mentor Mother cannot open her old (carried-over) task's screen or "why", nor read the new holder's
// notes; after a cover ends the colleague cannot record on a task she had claimed.
import { randomUUID } from "node:crypto";
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { addDaysIso } from "@/lib/calls/calendar";
import { callScreenTask } from "@/lib/calls/call-screen";
import { explainMyTask } from "@/lib/calls/queries";
import { recordOutcomeCommand } from "@/lib/calls/record";
import { claimTaskCommand } from "@/lib/calls/claim";
import { addLeaveCommand, moveClientsCommand, removeLeaveCommand } from "@/lib/assignment/commands";
import { actorFor, closeDb, createClient, createSite, createUser, testDb } from "@/tests/factories";

const TZ = "Africa/Blantyre";
const db = testDb();
const today = () => localDay(TZ, new Date());
const key = () => `k_${randomUUID().replace(/-/g, "")}`;

let siteId: string;
let supervisor: Actor;
let first: Actor;
let second: Actor;

beforeAll(async () => {
  siteId = (await createSite({ timeZone: TZ })).id;
  supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteId] }));
  first = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteId] }));
  second = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteId] }));
});
afterAll(closeDb);

async function clientWithTasks(holder: Actor) {
  const client = await createClient(siteId, { mentorId: holder.userId });
  await db.clientPhone.create({ data: { clientId: client.id, number: `+2659${Math.floor(1e7 + Math.random() * 8e7)}` } });
  const yesterday = addDaysIso(today(), -1);
  const old = await db.callTask.create({
    data: { clientId: client.id, mentorId: holder.userId, taskDate: dateOnly(yesterday), reasons: ["adherence"], priority: 8, firstDueDate: dateOnly(yesterday), status: "CARRIED_OVER" },
  });
  const current = await db.callTask.create({
    data: { clientId: client.id, mentorId: holder.userId, taskDate: dateOnly(today()), reasons: ["adherence"], priority: 8, firstDueDate: dateOnly(yesterday) },
  });
  return { client, old, current };
}

const code = async (p: Promise<unknown>) => p.then(() => "OK", (e: { code?: string }) => e.code ?? "ERROR");

describe("reassignment closes the first Mentor Mother's door", () => {
  it("her old task's screen and why answer NOT_FOUND, she cannot record, and the new holder's notes stay hidden", async () => {
    const { client, old, current } = await clientWithTasks(first);
    expect(await code(callScreenTask(db, first, old.id, new Date()))).toBe("OK");

    const moved = await execute(db, moveClientsCommand, supervisor, { clientIds: [client.id], target: second.userId });
    expect(moved.ok).toBe(true);
    // The new holder calls and writes a note.
    const r = await execute(db, recordOutcomeCommand, second, { taskId: current.id, idempotencyKey: key(), disposition: "NO_ANSWER", notes: "secret-note-of-second" });
    expect(r.ok).toBe(true);

    for (const taskId of [old.id, current.id]) {
      expect(await code(callScreenTask(db, first, taskId, new Date()))).toBe("NOT_FOUND");
      expect(await code(explainMyTask(db, first, taskId, new Date()))).toBe("NOT_FOUND");
      const rec = await execute(db, recordOutcomeCommand, first, { taskId, idempotencyKey: key(), disposition: "NO_ANSWER" });
      expect(rec).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      expect(JSON.stringify(rec)).not.toContain("secret-note");
    }
    // Nothing she was refused was recorded as a view of hers.
    expect(await db.auditEvent.count({ where: { actorId: first.userId, entityId: client.id, action: "client.viewed", at: { gte: new Date(Date.now() - 60_000) }, meta: { path: ["taskId"], equals: current.id } } })).toBe(0);
  });
});

describe("an ended cover closes the colleague's door", () => {
  it("she claimed during the leave; once the leave is removed she can neither record nor open the task", async () => {
    const { current } = await clientWithTasks(first);
    const leave = await execute(db, addLeaveCommand, supervisor, { mentorId: first.userId, startDate: today(), endDate: today() });
    if (!leave.ok) throw new Error(JSON.stringify(leave.error));
    const claim = await execute(db, claimTaskCommand, second, { taskId: current.id });
    expect(claim.ok).toBe(true);
    expect(await code(callScreenTask(db, second, current.id, new Date()))).toBe("OK");

    const leaveId = (await db.mentorLeave.findFirstOrThrow({ where: { userId: first.userId }, orderBy: { id: "desc" } })).id;
    const removed = await execute(db, removeLeaveCommand, supervisor, { leaveId });
    expect(removed.ok).toBe(true);

    const rec = await execute(db, recordOutcomeCommand, second, { taskId: current.id, idempotencyKey: key(), disposition: "NO_ANSWER" });
    expect(rec).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await code(callScreenTask(db, second, current.id, new Date()))).toBe("NOT_FOUND");
    expect(await db.callAttempt.count({ where: { taskId: current.id, mentorId: second.userId } })).toBe(0);
  });
});
