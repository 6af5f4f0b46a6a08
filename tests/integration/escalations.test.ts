// Escalations against the real database (issue 11): a task that runs out of attempts opens one
// escalation per client and cause through the task owner; while it is open, generation makes no
// phone task for that cause (and the pure rules agree); the supervisor sends it back with a fresh
// attempt budget, refers it to a home visit and records the tracing outcome, or closes it; every
// step is audited; scope is the client's.
import "./timeout";
import { randomUUID } from "node:crypto";
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { dateOnly } from "@/lib/dates";
import { recordOutcomeCommand } from "@/lib/calls/record";
import { generateDay } from "@/lib/calls/generate";
import { countryRules, loadRuleFacts } from "@/lib/calls/queries";
import { dueReasons } from "@/lib/calls/rules";
import { countrySettingsSchema } from "@/lib/settings/schemas";
import { resolveEscalationCommand } from "@/lib/escalations/commands";
import { clientsNotReached, openEscalations } from "@/lib/escalations/queries";
import { actorFor, auditFor, closeDb, createClient, createCountry, createSite, createUser, testDb } from "../factories";

const TZ = "Africa/Johannesburg";
const db = testDb();
const key = () => `k_${randomUUID().replace(/-/g, "")}`;
// Tuesday 8 and Wednesday 9 December 2026, mornings at the site (UTC+2).
const TUE = "2026-12-08";
const WED = "2026-12-09";
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+02:00`);

let countryId: string;
let siteId: string;
let mentor: Actor;
let other: Actor;
let supervisor: Actor;
let elsewhere: Actor;

async function clientWithPhone(m: Actor) {
  const c = await createClient(siteId, { mentorId: m.userId });
  await db.clientPhone.create({ data: { clientId: c.id, number: `+2782${Math.floor(1e6 + Math.random() * 8e6)}` } });
  await db.assignment.create({ data: { clientId: c.id, mentorId: m.userId, reason: "seed" } });
  return c;
}

async function task(clientId: string, m: Actor, day: string, reasons: string[]) {
  return db.callTask.create({
    data: { clientId, mentorId: m.userId, taskDate: dateOnly(day), reasons, priority: 5, firstDueDate: dateOnly(day) },
  });
}

const record = (actor: Actor, input: object, now: Date) => execute(db, recordOutcomeCommand, actor, input, { now });
const resolve = (actor: Actor, input: object, now: Date) => execute(db, resolveEscalationCommand, actor, input, { now });

/** Three unanswered calls on one day: the third runs out of attempts. */
async function runOut(m: Actor, taskId: string, day: string) {
  for (const hhmm of ["09:00", "11:30", "15:00"]) {
    const r = await record(m, { taskId, idempotencyKey: key(), disposition: "NO_ANSWER" }, at(day, hhmm));
    expect(r.ok ? "ok" : JSON.stringify(r.error)).toBe("ok");
  }
}

beforeAll(async () => {
  // Three calls a day to one number, so one day can run a task out of its three attempts.
  countryId = (await createCountry({ timeZone: TZ, settings: countrySettingsSchema.parse({ maxCallsPerPhonePerDay: 3 }) })).id;
  siteId = (await createSite({ countryId, timeZone: TZ })).id;
  mentor = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteId] }));
  other = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteId] }));
  supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteId] }));
  const otherSite = await createSite({ countryId, timeZone: TZ });
  elsewhere = await actorFor(await createUser("SUPERVISOR", { siteIds: [otherSite.id] }));
});
afterAll(closeDb);

describe("escalation lifecycle", () => {
  it("escalated -> no phone task for that cause -> sent back with a fresh budget -> reached -> closed", async () => {
    const client = await clientWithPhone(mentor);
    const control = await clientWithPhone(mentor);
    const t1 = await task(client.id, mentor, TUE, ["welcome"]);
    await runOut(mentor, t1.id, TUE);
    expect((await db.callTask.findUniqueOrThrow({ where: { id: t1.id } })).status).toBe("ESCALATED");

    const opened = await db.escalation.findMany({ where: { clientId: client.id } });
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ cause: "NO_ANSWER", status: "OPEN", taskId: t1.id, reasons: ["welcome"] });
    expect((await auditFor(opened[0]!.id)).map((a) => a.action)).toEqual(["escalation.opened"]);

    // Wednesday's lists: the control client (same reason, no escalation) gets her call; ours none.
    await generateDay(db, { day: WED, siteIds: [siteId] });
    expect(await db.callTask.count({ where: { clientId: control.id, taskDate: dateOnly(WED) } })).toBe(1);
    expect(await db.callTask.count({ where: { clientId: client.id, taskDate: dateOnly(WED) } })).toBe(0);
    // The pure rules (the generator's twin) agree: nothing is due while the escalation is open.
    const facts = (await loadRuleFacts(db, [client.id])).get(client.id)!;
    const { settings, calendar } = await countryRules(db, countryId, WED);
    expect(facts.openEscalations).toEqual(["NO_ANSWER"]);
    expect(dueReasons(facts, WED, settings, calendar)).toEqual([]);
    expect(dueReasons({ ...facts, openEscalations: [] }, WED, settings, calendar).map((r) => r.kind)).toEqual(["welcome"]);

    // The supervisor's list shows it, with its age.
    const list = await openEscalations(db, supervisor, at(WED, "08:00"));
    const row = list.rows.find((r) => r.id === opened[0]!.id)!;
    expect(row).toMatchObject({ cause: "NO_ANSWER", status: "OPEN", openedDay: TUE, ageDays: 1, client: { id: client.id } });
    expect(list.mentors.map((m) => m.id).sort()).toEqual([mentor.userId, other.userId].sort());

    // Sent back to another Mentor Mother: the client moves to her, a fresh task today with zero attempts.
    const sent = await resolve(supervisor, { escalationId: row.id, version: row.version, action: "sendBack", mentorId: other.userId }, at(WED, "08:30"));
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    expect(sent.data).toMatchObject({ status: "SENT_BACK", taskDay: WED });
    const fresh = await db.callTask.findUniqueOrThrow({ where: { id: sent.data.taskId! } });
    expect(fresh).toMatchObject({ mentorId: other.userId, attempts: 0, status: "PENDING", reasons: ["welcome"] });
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).mentorId).toBe(other.userId);
    expect(await db.escalation.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "SENT_BACK", sentToId: other.userId, freshTaskId: fresh.id });

    // A fresh budget: one unanswered call is a retry, not another escalation; then she is reached.
    const first = await record(other, { taskId: fresh.id, idempotencyKey: key(), disposition: "NO_ANSWER" }, at(WED, "09:00"));
    expect(first.ok && first.data.taskStatus).toBe("RETRY_LATER");
    const reached = await record(other, { taskId: fresh.id, idempotencyKey: key(), disposition: "REACHED", adherence: { dosesMissed7d: 0, pillsRanOut: false } }, at(WED, "12:00"));
    expect(reached.ok && reached.data.taskStatus).toBe("DONE");
    expect(await db.escalation.count({ where: { clientId: client.id, status: { in: ["OPEN", "REFERRED"] } } })).toBe(0);

    // Already resolved: nothing more can be done with it.
    const again = await resolve(supervisor, { escalationId: row.id, version: row.version + 1, action: "close", reason: "done twice" }, at(WED, "13:00"));
    expect(again.ok).toBe(false);
    expect((await auditFor(row.id)).map((a) => a.action)).toEqual(["escalation.opened", "escalation.sent_back"]);
  });

  it("one open escalation per client and cause; a wrong number opens a phone-update escalation, closed with a reason", async () => {
    const client = await clientWithPhone(mentor);
    const t1 = await task(client.id, mentor, TUE, ["adherence"]);
    const wrong = await record(mentor, { taskId: t1.id, idempotencyKey: key(), disposition: "WRONG_NUMBER" }, at(TUE, "10:00"));
    expect(wrong.ok && wrong.data.taskStatus).toBe("ESCALATED");
    const t2 = await task(client.id, mentor, WED, ["adherence"]);
    const again = await record(mentor, { taskId: t2.id, idempotencyKey: key(), disposition: "NOT_IN_SERVICE" }, at(WED, "10:00"));
    expect(again.ok && again.data.taskStatus).toBe("ESCALATED");
    const open = await db.escalation.findMany({ where: { clientId: client.id } });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ cause: "PHONE_UPDATE", status: "OPEN" });

    // Another site's supervisor and a Mentor Mother: not found, nothing changed.
    expect(await resolve(elsewhere, { escalationId: open[0]!.id, version: 1, action: "close", reason: "not mine" }, at(WED, "11:00"))).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await resolve(mentor, { escalationId: open[0]!.id, version: 1, action: "close", reason: "not mine" }, at(WED, "11:00"))).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect((await openEscalations(db, elsewhere, at(WED, "11:00"))).rows.some((r) => r.id === open[0]!.id)).toBe(false);
    // A stale version is a conflict; a too-short reason a field error.
    expect(await resolve(supervisor, { escalationId: open[0]!.id, version: 7, action: "close", reason: "number fixed" }, at(WED, "11:00"))).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await resolve(supervisor, { escalationId: open[0]!.id, version: 1, action: "close", reason: "x" }, at(WED, "11:00"))).toMatchObject({ ok: false, error: { code: "VALIDATION" } });

    const closed = await resolve(supervisor, { escalationId: open[0]!.id, version: 1, action: "close", reason: "Moved away, no new number" }, at(WED, "11:00"));
    expect(closed).toMatchObject({ ok: true, data: { status: "CLOSED" } });
    const audits = await auditFor(open[0]!.id);
    expect(audits.map((a) => a.action)).toEqual(["escalation.opened", "escalation.closed"]);
    // The reason stays on the escalation, never in the audit row.
    expect(JSON.stringify(audits[1]!.meta)).not.toContain("Moved away");
    // The two refusals (another site's supervisor, a Mentor Mother) are recorded as such.
    expect(await db.auditEvent.count({ where: { action: "access.denied", meta: { path: ["requestedId"], equals: open[0]!.id } } })).toBe(2);
  });

  it("a missed appointment escalates to tracing: referred to a home visit, then the outcome (DE14) closes it", async () => {
    const client = await clientWithPhone(mentor);
    await db.appointment.create({ data: { clientId: client.id, date: dateOnly("2026-12-01"), kind: "ART_REFILL", status: "MISSED" } });
    const t1 = await task(client.id, mentor, TUE, ["missed"]);
    await runOut(mentor, t1.id, TUE);
    const e = await db.escalation.findFirstOrThrow({ where: { clientId: client.id } });
    expect(e).toMatchObject({ cause: "TRACING", status: "OPEN" });

    // While it is open (and while referred), no "missed appointment" call is generated.
    await generateDay(db, { day: WED, siteIds: [siteId] });
    const wed = await db.callTask.findFirst({ where: { clientId: client.id, taskDate: dateOnly(WED) } });
    expect(wed?.reasons ?? []).not.toContain("missed");

    // Tracing outcome before the referral: not allowed.
    expect((await resolve(supervisor, { escalationId: e.id, version: 1, action: "tracing", outcome: "DE24", returnDate: "2026-12-15" }, at(WED, "09:00"))).ok).toBe(false);
    expect(await resolve(supervisor, { escalationId: e.id, version: 1, action: "refer" }, at(WED, "09:00"))).toMatchObject({ ok: true, data: { status: "REFERRED" } });
    // "Returning to clinic" needs the date she promised.
    expect(await resolve(supervisor, { escalationId: e.id, version: 2, action: "tracing", outcome: "DE24" }, at(WED, "16:00"))).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    const traced = await resolve(supervisor, { escalationId: e.id, version: 2, action: "tracing", outcome: "DE24", returnDate: "2026-12-15" }, at(WED, "16:00"));
    expect(traced).toMatchObject({ ok: true, data: { status: "CLOSED" } });
    const outcome = await db.tracingOutcome.findFirstOrThrow({ where: { clientId: client.id } });
    expect(outcome).toMatchObject({ outcome: "DE24", contactMethod: "DE14", recordedById: supervisor.userId });
    expect((await db.appointment.findFirstOrThrow({ where: { clientId: client.id, status: "MISSED" } })).resolvedAt).not.toBeNull();
    expect((await auditFor(e.id)).map((a) => a.action)).toEqual(["escalation.opened", "escalation.referred", "escalation.traced"]);
  });

  it("a correction that takes the call back from 'wrong number' closes the escalation it opened", async () => {
    const client = await clientWithPhone(mentor);
    const t1 = await task(client.id, mentor, TUE, ["adherence"]);
    const wrong = await record(mentor, { taskId: t1.id, idempotencyKey: key(), disposition: "WRONG_NUMBER" }, at(TUE, "10:00"));
    expect(wrong.ok).toBe(true);
    if (!wrong.ok) return;
    const { correctOutcomeCommand } = await import("@/lib/calls/record");
    const fixed = await execute(db, correctOutcomeCommand, mentor, {
      taskId: t1.id, idempotencyKey: key(), correctsId: wrong.data.attemptId, disposition: "REACHED", adherence: { dosesMissed7d: 0, pillsRanOut: false },
    }, { now: at(TUE, "10:30") });
    expect(fixed.ok).toBe(true);
    expect(await db.escalation.findFirstOrThrow({ where: { clientId: client.id } })).toMatchObject({ status: "CLOSED", resolution: "corrected" });
  });

  it("clients nobody reached: in scope only, never reached first", async () => {
    const c = await clientWithPhone(mentor);
    const list = await clientsNotReached(db, supervisor, at(WED, "09:00"));
    expect(list.rows.some((r) => r.client.id === c.id)).toBe(true);
    expect((await clientsNotReached(db, elsewhere, at(WED, "09:00"))).rows.some((r) => r.client.id === c.id)).toBe(false);
    await expect(clientsNotReached(db, mentor, at(WED, "09:00"))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
