// The typed task and attempt scopes (lib/authz.ts taskScope, attemptScope) against their SQL twins
// (lib/scope-sql.ts taskScopeSql, attemptScopeSql), per role, on the same rows (architecture.md
// convention 11, security.md: access through a task or an attempt follows the client's current
// assignment or a cover valid now). Covers: a task a Mentor Mother once held whose client moved on
// (not hers any more), a colleague's client she covers today during a leave (hers today only), two
// sites in two countries.
import "./timeout";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { dateOnly } from "@/lib/dates";
import { attemptScope, clientScope, taskScope, type Actor } from "@/lib/authz";
import { attemptScopeSql, clientScopeSql, taskScopeSql } from "@/lib/scope-sql";
import { actorFor, closeDb, createClient, createCountry, createSite, createUser, testDb } from "../factories";

const db = testDb();
const TODAY = "2026-12-08";
const YESTERDAY = "2026-12-07";

const taskIds: string[] = [];
const attemptIds: string[] = [];
const clientIds: string[] = [];
const actors: Record<string, Actor> = {};

async function taskWithCall(clientId: string, mentorId: string, day: string, callerId: string) {
  const t = await db.callTask.create({
    data: { clientId, mentorId, taskDate: dateOnly(day), reasons: ["adherence"], priority: 8, firstDueDate: dateOnly(day) },
  });
  const a = await db.callAttempt.create({
    data: { taskId: t.id, clientId, mentorId: callerId, disposition: "NO_ANSWER", idempotencyKey: `k_${randomUUID().replace(/-/g, "")}` },
  });
  taskIds.push(t.id);
  attemptIds.push(a.id);
}

beforeAll(async () => {
  const cA = await createCountry();
  const cB = await createCountry();
  const sA = await createSite({ countryId: cA.id });
  const sB = await createSite({ countryId: cB.id });
  const ana = await createUser("MENTOR_MOTHER", { siteIds: [sA.id] });
  const bea = await createUser("MENTOR_MOTHER", { siteIds: [sA.id] });
  const cia = await createUser("MENTOR_MOTHER", { siteIds: [sB.id] });
  // Bea is on leave today: Ana covers her client's task of today.
  await db.mentorLeave.create({ data: { userId: bea.id, startDate: dateOnly(TODAY), endDate: dateOnly(TODAY) } });
  const anas = await createClient(sA.id, { mentorId: ana.id });
  const beas = await createClient(sA.id, { mentorId: bea.id });
  const moved = await createClient(sA.id, { mentorId: bea.id }); // was Ana's yesterday
  const cias = await createClient(sB.id, { mentorId: cia.id });
  clientIds.push(anas.id, beas.id, moved.id, cias.id);
  await taskWithCall(anas.id, ana.id, TODAY, ana.id);
  await taskWithCall(beas.id, ana.id, TODAY, ana.id); // handed to Ana for Bea's leave
  await taskWithCall(beas.id, bea.id, YESTERDAY, bea.id); // Bea's, before the leave
  await taskWithCall(moved.id, ana.id, YESTERDAY, ana.id); // Ana held it once; the client is Bea's now
  await taskWithCall(cias.id, cia.id, TODAY, cia.id);
  actors.ana = await actorFor(ana);
  actors.bea = await actorFor(bea);
  actors.cia = await actorFor(cia);
  actors.supervisorA = await actorFor(await createUser("SUPERVISOR", { siteIds: [sA.id] }));
  actors.clerkB = await actorFor(await createUser("DATA_CLERK", { siteIds: [sB.id] }));
  actors.managerA = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: cA.id }));
  actors.managerAll = await actorFor(await createUser("PROGRAMME_MANAGER"));
  actors.admin = await actorFor(await createUser("ADMIN"));
});
afterAll(closeDb);

const sorted = (xs: string[]) => [...xs].sort();

async function viaPrisma(actor: Actor, today: string | null) {
  const [tasks, attempts, clients] = await Promise.all([
    db.callTask.findMany({ where: { AND: [taskScope(actor, today), { id: { in: taskIds } }] }, select: { id: true } }),
    db.callAttempt.findMany({ where: { AND: [attemptScope(actor, today), { id: { in: attemptIds } }] }, select: { id: true } }),
    db.client.findMany({ where: { AND: [clientScope(actor), { id: { in: clientIds } }] }, select: { id: true } }),
  ]);
  return { tasks: sorted(tasks.map((t) => t.id)), attempts: sorted(attempts.map((a) => a.id)), clients: sorted(clients.map((c) => c.id)) };
}

async function viaSql(actor: Actor, today: string | null) {
  const [tasks, attempts, clients] = await Promise.all([
    db.$queryRaw<{ id: string }[]>`SELECT t.id::text FROM call_tasks t JOIN clients c ON c.id = t.client_id
      WHERE t.id = ANY(${taskIds}::uuid[]) AND ${taskScopeSql(actor, today, Prisma.raw("t"), Prisma.raw("c"))}`,
    db.$queryRaw<{ id: string }[]>`SELECT a.id::text FROM call_attempts a JOIN clients c ON c.id = a.client_id
      WHERE a.id = ANY(${attemptIds}::uuid[]) AND ${attemptScopeSql(actor, today, Prisma.raw("c"))}`,
    db.$queryRaw<{ id: string }[]>`SELECT c.id::text FROM clients c WHERE c.id = ANY(${clientIds}::uuid[]) AND ${clientScopeSql(actor, Prisma.raw("c"))}`,
  ]);
  return { tasks: sorted(tasks.map((t) => t.id)), attempts: sorted(attempts.map((a) => a.id)), clients: sorted(clients.map((c) => c.id)) };
}

describe.each(["ana", "bea", "cia", "supervisorA", "clerkB", "managerA", "managerAll", "admin"])("%s", (who) => {
  it.each([TODAY, YESTERDAY, null])("the typed scope and its SQL form select the same rows (today %s)", async (today) => {
    const actor = actors[who]!;
    expect(await viaSql(actor, today)).toEqual(await viaPrisma(actor, today));
  });
});

describe("what the scopes select", () => {
  it("a Mentor Mother: her clients' tasks and calls, and her cover today only; never a task she once held", async () => {
    const today = await viaPrisma(actors.ana!, TODAY);
    // Ana: her client's task, Bea's client's task of today (cover), not the moved client's old task.
    expect(today.tasks).toEqual(sorted([taskIds[0]!, taskIds[1]!]));
    // The calls of a client she covers today: all of them (she needs the last notes), hers too.
    expect(today.attempts).toEqual(sorted([attemptIds[0]!, attemptIds[1]!, attemptIds[2]!]));
    const later = await viaPrisma(actors.ana!, YESTERDAY);
    expect(later.tasks).toHaveLength(1);
    expect(later.attempts).toHaveLength(1);
  });
  it("a supervisor: her site's; a country manager: her country's; programme-wide and admin: all", async () => {
    expect((await viaPrisma(actors.supervisorA!, TODAY)).tasks).toHaveLength(4);
    expect((await viaPrisma(actors.managerA!, TODAY)).tasks).toHaveLength(4);
    expect((await viaPrisma(actors.managerAll!, TODAY)).tasks).toHaveLength(5);
    expect((await viaPrisma(actors.admin!, TODAY)).tasks).toHaveLength(5);
    expect((await viaPrisma(actors.clerkB!, TODAY)).tasks).toHaveLength(1);
  });
});
