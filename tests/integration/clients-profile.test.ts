// The client profile against the real database: the scoped, audited read, and every change made
// from the profile through execute() with actors backed by real sessions.
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { AppError } from "@/lib/errors";
import { dateOnly, isoDate } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { getClientProfile } from "@/lib/clients/profile-queries";
import {
  addAppointmentCommand,
  addInfantCommand,
  addViralLoadCommand,
  changeStatusCommand,
  markAppointmentCommand,
  recordSexCommand,
  rescheduleAppointmentCommand,
} from "@/lib/clients/profile-commands";
import { actorFor, auditFor, closeDb, createClient, createCountry, createSite, createUser, testDb, uid } from "../factories";

const TZ = "Africa/Johannesburg";
const ENROLLED = "2026-01-10"; // createClient's enrolment date; date of birth 1995-05-05
const today = () => localDay(TZ, new Date());
/** A calendar date `days` later, computed in UTC so the test machine's own zone never shifts it. */
const shift = (iso: string, days: number) => isoDate(new Date(dateOnly(iso).getTime() + days * 86_400_000));

let siteA: { id: string };
let siteB: { id: string };
let mentorA: Awaited<ReturnType<typeof createUser>>;
let mentorA2: Awaited<ReturnType<typeof createUser>>;
let mentorAActor: Actor;
let mentorA2Actor: Actor;
let supervisorA: Actor;
let supervisorB: Actor;
let admin: Actor;

beforeAll(async () => {
  const country = await createCountry({ timeZone: TZ });
  siteA = await createSite({ countryId: country.id, timeZone: TZ });
  siteB = await createSite({ countryId: country.id, timeZone: TZ });
  mentorA = await createUser("MENTOR_MOTHER", { siteIds: [siteA.id], languages: ["en"] });
  mentorA2 = await createUser("MENTOR_MOTHER", { siteIds: [siteA.id], languages: ["en"] });
  mentorAActor = await actorFor(mentorA);
  mentorA2Actor = await actorFor(mentorA2);
  supervisorA = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteA.id] }));
  supervisorB = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteB.id] }));
  admin = await actorFor(await createUser("ADMIN"));
});

afterAll(closeDb);

/** A client of `mentor` at site A with her open assignment, as enrolment leaves it. */
async function clientOf(mentor: { id: string } = mentorA) {
  const client = await createClient(siteA.id, { mentorId: mentor.id });
  await testDb().assignment.create({ data: { clientId: client.id, mentorId: mentor.id, reason: "enrolment", startAt: new Date("2026-01-10T08:00:00Z") } });
  return client;
}

async function expectNotFound(promise: Promise<unknown>) {
  await expect(promise).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(promise).rejects.toBeInstanceOf(AppError);
}

const versionOf = async (id: string) => (await testDb().client.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const actionsFor = async (id: string) => (await auditFor(id)).map((a) => a.action);

describe("viewing a profile", () => {
  it("lets a Mentor Mother read her own client and records exactly one view, without names", async () => {
    const client = await clientOf();
    await testDb().clientPhone.create({ data: { clientId: client.id, number: "+27821234567", sharedPhone: true, safeFromMinute: 480, safeToMinute: 1020 } });
    await testDb().infant.create({ data: { clientId: client.id, firstName: "Amahle", dateOfBirth: dateOnly(shift(today(), -70)) } });
    await testDb().viralLoadResult.createMany({
      data: [
        { clientId: client.id, sampleDate: dateOnly("2026-02-01"), resultDate: dateOnly("2026-02-10"), copies: 40 },
        { clientId: client.id, sampleDate: dateOnly("2026-05-01"), resultDate: dateOnly("2026-05-09"), copies: 5400 },
      ],
    });
    await testDb().appointment.createMany({
      data: [
        { clientId: client.id, date: dateOnly(shift(today(), 5)), kind: "ART_REFILL" },
        { clientId: client.id, date: dateOnly(shift(today(), -20)), kind: "CLINICAL_REVIEW", status: "MISSED" },
      ],
    });

    const profile = await getClientProfile(testDb(), mentorAActor, client.id, { requestId: `req-${uid()}`, ip: "10.0.0.1" });
    expect(profile.id).toBe(client.id);
    expect(profile.mentor?.id).toBe(mentorA.id);
    expect(profile.phones).toEqual([expect.objectContaining({ number: "+27821234567", sharedPhone: true, safeFromMinute: 480, safeToMinute: 1020 })]);
    expect(profile.viralLoads.map((v) => v.copies)).toEqual([5400, 40]); // newest sample first
    expect(profile.thresholds).toEqual({ vlSuppressedBelow: 50, vlHighAbove: 1000 });
    expect(profile.upcomingAppointments.map((a) => a.kind)).toEqual(["ART_REFILL"]);
    expect(profile.pastAppointments.map((a) => a.status)).toEqual(["MISSED"]);
    expect(profile.assignments).toEqual([expect.objectContaining({ mentorName: mentorA.name, reason: "enrolment", endAt: null })]);
    expect(profile.calls).toEqual([]);
    expect(profile.today).toBe(today());

    const audit = await auditFor(client.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "client.viewed", entityType: "client", entityId: client.id, actorId: mentorA.id, ip: "10.0.0.1" });
    expect(audit[0]!.requestId).toMatch(/^req-/);
    const stored = JSON.stringify(audit[0]!.meta);
    expect(stored).not.toContain(client.lastName);
    expect(stored).not.toContain("Amahle");
    expect(stored).not.toContain("+27821234567");
  });

  it("answers NOT_FOUND to another Mentor Mother, and records no view", async () => {
    const client = await clientOf(mentorA2);
    await expectNotFound(getClientProfile(testDb(), mentorAActor, client.id));
    expect(await auditFor(client.id)).toEqual([]);
    // Her own Mentor Mother still reads it.
    await expect(getClientProfile(testDb(), mentorA2Actor, client.id)).resolves.toMatchObject({ id: client.id });
  });

  it("answers NOT_FOUND to a supervisor of another site, and lets the site's own supervisor and an administrator read", async () => {
    const client = await clientOf();
    await expectNotFound(getClientProfile(testDb(), supervisorB, client.id));
    expect(await auditFor(client.id)).toEqual([]);
    await getClientProfile(testDb(), supervisorA, client.id);
    await getClientProfile(testDb(), admin, client.id);
    expect(await actionsFor(client.id)).toEqual(["client.viewed", "client.viewed"]);
  });

  it("answers NOT_FOUND to unknown and malformed ids", async () => {
    await expectNotFound(getClientProfile(testDb(), admin, "00000000-0000-4000-8000-000000000000"));
    await expectNotFound(getClientProfile(testDb(), admin, "not-a-uuid"));
    await expectNotFound(getClientProfile(testDb(), admin, "' OR 1=1 --"));
  });

  it("lists the client's calls, newest first", async () => {
    const client = await clientOf();
    const task = await testDb().callTask.create({
      data: { clientId: client.id, mentorId: mentorA.id, taskDate: dateOnly(today()), reasons: ["adherence"], priority: 5, firstDueDate: dateOnly(today()) },
    });
    await testDb().callAttempt.create({ data: { taskId: task.id, clientId: client.id, mentorId: mentorA.id, disposition: "NO_ANSWER", idempotencyKey: `k-${uid()}`, createdAt: new Date(Date.now() - 3600_000) } });
    await testDb().callAttempt.create({ data: { taskId: task.id, clientId: client.id, mentorId: mentorA.id, disposition: "REACHED", idempotencyKey: `k-${uid()}` } });
    const profile = await getClientProfile(testDb(), mentorAActor, client.id);
    expect(profile.calls.map((c) => c.disposition)).toEqual(["REACHED", "NO_ANSWER"]);
    expect(profile.calls[0]!.mentorName).toBe(mentorA.name);
  });
});

describe("appointments", () => {
  it("adds one, bumping the client's version, with an audit row", async () => {
    const client = await clientOf();
    const date = shift(today(), 14);
    const r = await execute(testDb(), addAppointmentCommand, supervisorA, { clientId: client.id, version: 1, date, kind: "ART_REFILL" }, { requestId: "req-add" });
    expect(r).toMatchObject({ ok: true, data: { version: 2 } });
    const rows = await testDb().appointment.findMany({ where: { clientId: client.id } });
    expect(rows).toEqual([expect.objectContaining({ kind: "ART_REFILL", status: "SCHEDULED", date: dateOnly(date) })]);
    expect(await versionOf(client.id)).toBe(2);
    const audit = await auditFor(client.id);
    expect(audit).toEqual([expect.objectContaining({ action: "appointment.added", entityType: "client", requestId: "req-add", meta: { appointmentId: rows[0]!.id, kind: "ART_REFILL" } })]);
  });

  it("accepts the enrolment day itself and refuses the day before with a field error, writing nothing", async () => {
    const client = await clientOf();
    const before = await execute(testDb(), addAppointmentCommand, supervisorA, { clientId: client.id, version: 1, date: shift(ENROLLED, -1), kind: "ART_REFILL" });
    expect(before).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { date: ["beforeEnrolment"] } } });
    expect(await testDb().appointment.count({ where: { clientId: client.id } })).toBe(0);
    expect(await versionOf(client.id)).toBe(1);
    expect(await auditFor(client.id)).toEqual([]);

    const onTheDay = await execute(testDb(), addAppointmentCommand, supervisorA, { clientId: client.id, version: 1, date: ENROLLED, kind: "CLINICAL_REVIEW" });
    expect(onTheDay.ok).toBe(true);
  });

  it("links an infant test to one of her infants only", async () => {
    const client = await clientOf();
    const other = await clientOf();
    const mine = await testDb().infant.create({ data: { clientId: client.id, dateOfBirth: dateOnly("2026-02-01") } });
    const theirs = await testDb().infant.create({ data: { clientId: other.id, dateOfBirth: dateOnly("2026-02-01") } });
    const wrong = await execute(testDb(), addAppointmentCommand, supervisorA, { clientId: client.id, version: 1, date: "2026-03-15", kind: "INFANT_TEST", infantId: theirs.id });
    expect(wrong).toMatchObject({ ok: false, error: { fieldErrors: { infantId: ["invalidValue"] } } });
    const right = await execute(testDb(), addAppointmentCommand, supervisorA, { clientId: client.id, version: 1, date: "2026-03-15", kind: "INFANT_TEST", infantId: mine.id });
    expect(right.ok).toBe(true);
    expect(await testDb().appointment.findFirst({ where: { clientId: client.id } })).toMatchObject({ infantId: mine.id });
  });

  it("refuses a stale version with CONFLICT and writes nothing", async () => {
    const client = await clientOf();
    await testDb().client.update({ where: { id: client.id }, data: { version: 5 } });
    const r = await execute(testDb(), addAppointmentCommand, supervisorA, { clientId: client.id, version: 4, date: shift(today(), 3), kind: "ART_REFILL" });
    expect(r).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await testDb().appointment.count({ where: { clientId: client.id } })).toBe(0);
    expect(await versionOf(client.id)).toBe(5);
    expect(await auditFor(client.id)).toEqual([]);
  });

  it("lets one of two edits from the same version win; the other gets CONFLICT", async () => {
    const client = await clientOf();
    const input = (kind: string) => ({ clientId: client.id, version: 1, date: shift(today(), 7), kind });
    const results = await Promise.all([
      execute(testDb(), addAppointmentCommand, supervisorA, input("ART_REFILL")),
      execute(testDb(), addAppointmentCommand, admin, input("CLINICAL_REVIEW")),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: "CONFLICT" }) })]);
    expect(await testDb().appointment.count({ where: { clientId: client.id } })).toBe(1);
    expect(await versionOf(client.id)).toBe(2);
  });

  it("is not for Mentor Mothers (read only) nor for another site's supervisor", async () => {
    const client = await clientOf();
    const input = { clientId: client.id, version: 1, date: shift(today(), 3), kind: "ART_REFILL" };
    expect(await execute(testDb(), addAppointmentCommand, mentorAActor, input)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await execute(testDb(), addAppointmentCommand, supervisorB, input)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await execute(testDb(), addAppointmentCommand, null, input)).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    expect(await testDb().appointment.count({ where: { clientId: client.id } })).toBe(0);
    expect(await auditFor(client.id)).toEqual([]);
  });

  it("marks a due appointment attended or missed, once", async () => {
    const client = await clientOf();
    const [due, missed, future] = await Promise.all([
      testDb().appointment.create({ data: { clientId: client.id, date: dateOnly(today()), kind: "ART_REFILL" } }),
      testDb().appointment.create({ data: { clientId: client.id, date: dateOnly(shift(today(), -3)), kind: "CLINICAL_REVIEW" } }),
      testDb().appointment.create({ data: { clientId: client.id, date: dateOnly(shift(today(), 2)), kind: "ART_REFILL" } }),
    ]);
    const started = Date.now();
    expect(await execute(testDb(), markAppointmentCommand, supervisorA, { clientId: client.id, version: 1, appointmentId: due.id, outcome: "ATTENDED" })).toMatchObject({ ok: true });
    expect(await execute(testDb(), markAppointmentCommand, supervisorA, { clientId: client.id, version: 2, appointmentId: missed.id, outcome: "MISSED" })).toMatchObject({ ok: true });
    const attended = await testDb().appointment.findUniqueOrThrow({ where: { id: due.id } });
    expect(attended.status).toBe("ATTENDED");
    expect(attended.statusAt!.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect((await testDb().appointment.findUniqueOrThrow({ where: { id: missed.id } })).status).toBe("MISSED");

    // Already closed, and not yet due: refused, nothing written.
    expect(await execute(testDb(), markAppointmentCommand, supervisorA, { clientId: client.id, version: 3, appointmentId: due.id, outcome: "MISSED" })).toMatchObject({
      ok: false, error: { code: "VALIDATION", fieldErrors: { _form: ["appointmentNotOpen"] } },
    });
    expect(await execute(testDb(), markAppointmentCommand, supervisorA, { clientId: client.id, version: 3, appointmentId: future.id, outcome: "ATTENDED" })).toMatchObject({
      ok: false, error: { fieldErrors: { _form: ["appointmentInFuture"] } },
    });
    expect(await versionOf(client.id)).toBe(3);
    expect(await actionsFor(client.id)).toEqual(["appointment.attended", "appointment.missed"]);
  });

  it("answers NOT_FOUND for another client's appointment", async () => {
    const client = await clientOf();
    const other = await clientOf();
    const theirs = await testDb().appointment.create({ data: { clientId: other.id, date: dateOnly(today()), kind: "ART_REFILL" } });
    const r = await execute(testDb(), markAppointmentCommand, supervisorA, { clientId: client.id, version: 1, appointmentId: theirs.id, outcome: "ATTENDED" });
    expect(r).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect((await testDb().appointment.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("SCHEDULED");
  });

  it("reschedules: the old one becomes RESCHEDULED and a new one of the same kind is booked, past dates allowed", async () => {
    const client = await clientOf();
    const old = await testDb().appointment.create({ data: { clientId: client.id, date: dateOnly(shift(today(), -4)), kind: "VIRAL_LOAD_TEST", status: "MISSED" } });
    const newDate = shift(today(), -1); // a correction: she came yesterday instead
    const r = await execute(testDb(), rescheduleAppointmentCommand, supervisorA, { clientId: client.id, version: 1, appointmentId: old.id, date: newDate });
    expect(r).toMatchObject({ ok: true, data: { version: 2 } });
    const rows = await testDb().appointment.findMany({ where: { clientId: client.id }, orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: old.id, status: "RESCHEDULED" });
    expect(rows[0]!.statusAt).not.toBeNull();
    expect(rows[1]).toMatchObject({ kind: "VIRAL_LOAD_TEST", status: "SCHEDULED", date: dateOnly(newDate) });
    expect((await auditFor(client.id)).map((a) => [a.action, a.meta])).toEqual([
      ["appointment.rescheduled", { appointmentId: old.id, newAppointmentId: rows[1]!.id, kind: "VIRAL_LOAD_TEST" }],
    ]);

    // Before enrolment: a field error; the moved one cannot be moved again.
    expect(await execute(testDb(), rescheduleAppointmentCommand, supervisorA, { clientId: client.id, version: 2, appointmentId: rows[1]!.id, date: shift(ENROLLED, -1) })).toMatchObject({
      ok: false, error: { fieldErrors: { date: ["beforeEnrolment"] } },
    });
    expect(await execute(testDb(), rescheduleAppointmentCommand, supervisorA, { clientId: client.id, version: 2, appointmentId: old.id, date: today() })).toMatchObject({
      ok: false, error: { fieldErrors: { _form: ["appointmentNotOpen"] } },
    });
    expect(await testDb().appointment.count({ where: { clientId: client.id } })).toBe(2);
  });
});

describe("viral-load results", () => {
  it("adds the newest result and mirrors it on the client; an older one is history only", async () => {
    const client = await clientOf();
    const newest = await execute(testDb(), addViralLoadCommand, supervisorA, {
      clientId: client.id, version: 1, copies: "1200", sampleDate: "2026-06-01", resultDate: "2026-06-08", reasonCode: "DE392",
    });
    expect(newest).toMatchObject({ ok: true, data: { newest: true, version: 2 } });
    let row = await testDb().client.findUniqueOrThrow({ where: { id: client.id } });
    expect(row).toMatchObject({ lastVlCopies: 1200, lastVlDate: dateOnly("2026-06-01") });

    const older = await execute(testDb(), addViralLoadCommand, supervisorA, {
      clientId: client.id, version: 2, copies: 30, sampleDate: "2026-02-01", resultDate: "2026-02-01",
    });
    expect(older).toMatchObject({ ok: true, data: { newest: false } });
    row = await testDb().client.findUniqueOrThrow({ where: { id: client.id } });
    expect(row).toMatchObject({ lastVlCopies: 1200, lastVlDate: dateOnly("2026-06-01"), version: 3 });
    expect(await testDb().viralLoadResult.count({ where: { clientId: client.id } })).toBe(2);

    // The audit never holds the copies.
    const audit = await auditFor(client.id);
    expect(audit.map((a) => a.action)).toEqual(["viral_load.added", "viral_load.added"]);
    expect(JSON.stringify(audit.map((a) => a.meta))).not.toMatch(/1200|copies/);
  });

  it("refuses a result before its sample and a sample in the site's future, writing nothing", async () => {
    const client = await clientOf();
    const backwards = await execute(testDb(), addViralLoadCommand, supervisorA, { clientId: client.id, version: 1, copies: 10, sampleDate: "2026-06-02", resultDate: "2026-06-01" });
    expect(backwards).toMatchObject({ ok: false, error: { fieldErrors: { resultDate: ["beforeSample"] } } });
    const tomorrow = shift(today(), 1);
    const future = await execute(testDb(), addViralLoadCommand, supervisorA, { clientId: client.id, version: 1, copies: 10, sampleDate: tomorrow, resultDate: tomorrow });
    expect(future).toMatchObject({ ok: false, error: { fieldErrors: { sampleDate: ["dateInFuture"], resultDate: ["dateInFuture"] } } });
    expect(await testDb().viralLoadResult.count({ where: { clientId: client.id } })).toBe(0);
    expect(await testDb().client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({ lastVlCopies: null, version: 1 });
  });
});

describe("infants", () => {
  it("adds an infant born today at the site; refuses one born before her mother or tomorrow", async () => {
    const client = await clientOf();
    expect(await execute(testDb(), addInfantCommand, supervisorA, { clientId: client.id, version: 1, firstName: "Lethabo", dateOfBirth: "1995-05-04" })).toMatchObject({
      ok: false, error: { fieldErrors: { dateOfBirth: ["beforeBirth"] } },
    });
    expect(await execute(testDb(), addInfantCommand, supervisorA, { clientId: client.id, version: 1, dateOfBirth: shift(today(), 1) })).toMatchObject({
      ok: false, error: { fieldErrors: { dateOfBirth: ["dateInFuture"] } },
    });
    const r = await execute(testDb(), addInfantCommand, supervisorA, { clientId: client.id, version: 1, firstName: "Lethabo", dateOfBirth: today() });
    expect(r).toMatchObject({ ok: true });
    expect(await testDb().infant.findMany({ where: { clientId: client.id } })).toEqual([expect.objectContaining({ firstName: "Lethabo", dateOfBirth: dateOnly(today()) })]);
    const audit = await auditFor(client.id);
    expect(audit.map((a) => a.action)).toEqual(["infant.added"]);
    expect(JSON.stringify(audit[0]!.meta)).not.toContain("Lethabo");
  });
});

describe("status changes", () => {
  /** Call tasks around today at the site: yesterday's stays, today's and later open ones are cancelled. */
  async function tasksFor(clientId: string, mentorId: string) {
    const task = (days: number, status: "PENDING" | "CLAIMED" | "RETRY_LATER" | "DONE") =>
      testDb().callTask.create({
        data: {
          clientId, mentorId, taskDate: dateOnly(shift(today(), days)), reasons: ["adherence"], priority: 5, status,
          firstDueDate: dateOnly(shift(today(), days)), ...(status === "CLAIMED" ? { claimedById: mentorId, claimedAt: new Date() } : {}),
        },
      });
    return {
      yesterday: await task(-1, "PENDING"),
      today: await task(0, "CLAIMED"),
      tomorrow: await task(1, "PENDING"),
      later: await task(5, "RETRY_LATER"),
      doneLater: await task(6, "DONE"),
    };
  }

  it("opting out ends the assignment and cancels today's and future open calls, not past ones", async () => {
    const client = await clientOf();
    const tasks = await tasksFor(client.id, mentorA.id);
    const r = await execute(testDb(), changeStatusCommand, supervisorA, {
      clientId: client.id, version: 1, status: "OPTED_OUT", reason: "Asked on the phone never to be called again", date: today(),
    });
    expect(r).toMatchObject({ ok: true, data: { status: "OPTED_OUT", assignmentsEnded: 1, tasksCancelled: 3, reassigned: null } });

    const row = await testDb().client.findUniqueOrThrow({ where: { id: client.id } });
    expect(row).toMatchObject({ status: "OPTED_OUT", statusDate: dateOnly(today()), statusReason: "Asked on the phone never to be called again", mentorId: null, version: 2 });
    const assignments = await testDb().assignment.findMany({ where: { clientId: client.id } });
    expect(assignments).toHaveLength(1);
    expect(assignments[0]!.endAt).not.toBeNull();

    const status = async (t: { id: string }) => (await testDb().callTask.findUniqueOrThrow({ where: { id: t.id } })).status;
    expect(await status(tasks.yesterday)).toBe("PENDING");
    expect(await status(tasks.today)).toBe("CANCELLED");
    expect(await status(tasks.tomorrow)).toBe("CANCELLED");
    expect(await status(tasks.later)).toBe("CANCELLED");
    expect(await status(tasks.doneLater)).toBe("DONE");
    expect((await testDb().callTask.findUniqueOrThrow({ where: { id: tasks.today.id } })).claimedById).toBeNull();

    const audit = await auditFor(client.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "client.status_changed", actorId: supervisorA.userId });
    expect(audit[0]!.meta).toEqual({ from: "ACTIVE", to: "OPTED_OUT", code: "OPTED_OUT", source: "profile", assignmentEnded: "status", tasksCancelled: 3 });
    expect(JSON.stringify(audit[0]!.meta)).not.toContain("phone");
  });

  it("returning to ACTIVE assigns a Mentor Mother of her site automatically", async () => {
    const client = await clientOf();
    await execute(testDb(), changeStatusCommand, supervisorA, { clientId: client.id, version: 1, status: "LOST_TO_FOLLOW_UP", reason: "Not seen for 2 months", date: today() });
    const r = await execute(testDb(), changeStatusCommand, supervisorA, { clientId: client.id, version: 2, status: "ACTIVE", reason: "Came back to the clinic", date: today() });
    expect(r).toMatchObject({ ok: true, data: { status: "ACTIVE", reassigned: true, unassignedReason: null, tasksCancelled: 0 } });

    const row = await testDb().client.findUniqueOrThrow({ where: { id: client.id } });
    expect(row.status).toBe("ACTIVE");
    expect([mentorA.id, mentorA2.id]).toContain(row.mentorId);
    const open = await testDb().assignment.findMany({ where: { clientId: client.id, endAt: null } });
    expect(open).toEqual([expect.objectContaining({ mentorId: row.mentorId, reason: "manual", changedById: supervisorA.userId })]);
    expect(await testDb().assignment.count({ where: { clientId: client.id } })).toBe(2);
    const audit = await auditFor(client.id);
    expect(audit.map((a) => a.meta)).toEqual([
      { from: "ACTIVE", to: "LOST_TO_FOLLOW_UP", code: "DE42", source: "profile", assignmentEnded: "status", tasksCancelled: 0 },
      { from: "LOST_TO_FOLLOW_UP", to: "ACTIVE", source: "profile", tasksCancelled: 0, reassigned: true },
    ]);
  });

  it("says why nobody could take her when the site has no Mentor Mother", async () => {
    const client = await createClient(siteB.id, { status: "OPTED_OUT" });
    const r = await execute(testDb(), changeStatusCommand, supervisorB, { clientId: client.id, version: 1, status: "ACTIVE", reason: "Re-enrolled", date: today() });
    expect(r).toMatchObject({ ok: true, data: { reassigned: false, unassignedReason: "no-mentor" } });
    expect(await testDb().client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({ status: "ACTIVE", mentorId: null });
  });

  it("refuses the same status, a date before enrolment or in the site's future, and a stale version, writing nothing", async () => {
    const client = await clientOf();
    const tasks = await tasksFor(client.id, mentorA.id);
    const change = { clientId: client.id, version: 1, status: "DIED", reason: "Reported by her sister", date: today() };
    expect(await execute(testDb(), changeStatusCommand, supervisorA, { ...change, status: "ACTIVE" })).toMatchObject({ ok: false, error: { fieldErrors: { status: ["statusUnchanged"] } } });
    expect(await execute(testDb(), changeStatusCommand, supervisorA, { ...change, date: shift(ENROLLED, -1) })).toMatchObject({ ok: false, error: { fieldErrors: { date: ["beforeEnrolment"] } } });
    expect(await execute(testDb(), changeStatusCommand, supervisorA, { ...change, date: shift(today(), 1) })).toMatchObject({ ok: false, error: { fieldErrors: { date: ["dateInFuture"] } } });
    expect(await execute(testDb(), changeStatusCommand, supervisorA, { ...change, reason: "" })).toMatchObject({ ok: false, error: { fieldErrors: { reason: ["required"] } } });

    await testDb().client.update({ where: { id: client.id }, data: { version: 2 } });
    expect(await execute(testDb(), changeStatusCommand, supervisorA, change)).toMatchObject({ ok: false, error: { code: "CONFLICT" } });

    expect(await testDb().client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({ status: "ACTIVE", mentorId: mentorA.id, version: 2 });
    expect(await testDb().assignment.count({ where: { clientId: client.id, endAt: null } })).toBe(1);
    expect(await testDb().callTask.count({ where: { id: { in: Object.values(tasks).map((t) => t.id) }, status: "CANCELLED" } })).toBe(0);
    expect(await auditFor(client.id)).toEqual([]);
  });

  it("is refused to a Mentor Mother, even for her own client", async () => {
    const client = await clientOf();
    const r = await execute(testDb(), changeStatusCommand, mentorAActor, { clientId: client.id, version: 1, status: "OPTED_OUT", reason: "x", date: today() });
    expect(r).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await testDb().client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({ status: "ACTIVE", version: 1 });
  });

  it("shows the ended assignment in the profile's history", async () => {
    const client = await clientOf();
    await execute(testDb(), changeStatusCommand, supervisorA, { clientId: client.id, version: 1, status: "TRANSFERRED_OUT", reason: "Moved to Durban", date: today() });
    const profile = await getClientProfile(testDb(), supervisorA, client.id);
    expect(profile.mentor).toBeNull();
    expect(profile.status).toBe("TRANSFERRED_OUT");
    expect(profile.statusReason).toBe("Moved to Durban");
    expect(profile.assignments).toEqual([expect.objectContaining({ mentorName: mentorA.name, endAt: expect.any(Date) })]);
  });
});

describe("sex and least privilege (issue 12)", () => {
  it("records sex on the profile with a version check, auditing the field name only; a Mentor Mother cannot", async () => {
    const client = await createClient(siteA.id, { mentorId: mentorA.id });
    expect(client.sex).toBe("UNKNOWN");
    const r = await execute(testDb(), recordSexCommand, supervisorA, { clientId: client.id, version: 1, sex: "FEMALE" });
    expect(r.ok).toBe(true);
    expect((await testDb().client.findUniqueOrThrow({ where: { id: client.id } })).sex).toBe("FEMALE");
    const stale = await execute(testDb(), recordSexCommand, supervisorA, { clientId: client.id, version: 1, sex: "MALE" });
    expect(!stale.ok && stale.error.code).toBe("CONFLICT");
    const other = await execute(testDb(), recordSexCommand, supervisorB, { clientId: client.id, version: 2, sex: "MALE" });
    expect(!other.ok && other.error.code).toBe("NOT_FOUND");
    const mm = await execute(testDb(), recordSexCommand, mentorAActor, { clientId: client.id, version: 2, sex: "MALE" });
    expect(mm.ok).toBe(false);
    const audit = (await auditFor(client.id)).filter((a) => a.action === "client.updated");
    expect(audit.map((a) => a.meta)).toEqual([{ fields: ["sex"] }]);
  });

  it("a programme manager opens no identified profile without the grant, and one of her country with it", async () => {
    const client = await createClient(siteA.id);
    const country = (await testDb().site.findUniqueOrThrow({ where: { id: siteA.id } })).countryId;
    const user = await createUser("PROGRAMME_MANAGER", { countryId: country });
    await expect(getClientProfile(testDb(), await actorFor(user), client.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await testDb().user.update({ where: { id: user.id }, data: { identifiedAccessGrantedAt: new Date() } });
    const profile = await getClientProfile(testDb(), await actorFor(user), client.id);
    expect(profile.id).toBe(client.id);
  });
});
