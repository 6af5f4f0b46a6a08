// Interruption in treatment (lib/clients/interruption.ts): the set-based statement the call-list
// generation runs against its pure twin on random appointment histories, and the flag's lifecycle -
// set at 28 days (not 27) by the day's run, idempotent, left alone by "returning to clinic" (DE24),
// cleared only by an attended appointment.
import "./timeout";
import { rng } from "../random";
import { addDaysIso } from "@/lib/calls/calendar";
import { generateDay } from "@/lib/calls/generate";
import { isoDate } from "@/lib/dates";
import { markInterruptions, nextInterruption, type InterruptionAppointment } from "@/lib/clients/interruption";
import { loadAppointment, markAppointment, recordAttendance, recordTracingOutcome } from "@/lib/clients/lifecycle";
import { actorFor, closeDb, createClient, createSite, createUser, testDb } from "../factories";
import { coverageSites } from "@/lib/coverage/queries";
import { interruptionsByUnit } from "@/lib/coverage/interruptions";
import { openEscalations } from "@/lib/escalations/queries";

afterAll(closeDb);

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const since = async (id: string) => {
  const c = await testDb().client.findUniqueOrThrow({ where: { id }, select: { interruptionSince: true } });
  return c.interruptionSince ? isoDate(c.interruptionSince) : null;
};

it("the generation's statement and the pure rule agree on random histories", async () => {
  const r = rng(1128);
  const site = await createSite();
  const TODAY = "2026-09-15";
  const STATUSES = ["SCHEDULED", "ATTENDED", "MISSED", "MISSED", "RESCHEDULED", "CANCELLED"] as const;
  const want = new Map<string, string | null>();
  for (let i = 0; i < 200; i++) {
    const c = await createClient(site.id, { status: r.chance(0.85) ? "ACTIVE" : "OPTED_OUT" });
    const preset = r.chance(0.1) ? addDaysIso(TODAY, -r.int(1, 90)) : null;
    if (preset) await testDb().client.update({ where: { id: c.id }, data: { interruptionSince: day(preset) } });
    const appointments: InterruptionAppointment[] = [];
    for (let k = r.int(0, 4); k > 0; k--) {
      const a = { date: addDaysIso(TODAY, -r.int(-10, 80)), status: r.pick(STATUSES) };
      // Around the line: 27, 28 and 29 days ago.
      if (r.chance(0.2)) a.date = addDaysIso(TODAY, -r.int(27, 29));
      appointments.push(a);
      await testDb().appointment.create({ data: { clientId: c.id, date: day(a.date), kind: "ART_REFILL", status: a.status } });
    }
    want.set(c.id, nextInterruption({ status: c.status, interruptionSince: preset, appointments }, TODAY));
  }
  await testDb().$transaction((tx) => markInterruptions(tx, [site.id], TODAY));
  const got = await testDb().client.findMany({ where: { siteId: site.id }, select: { id: true, interruptionSince: true } });
  expect(new Map(got.map((c) => [c.id, c.interruptionSince ? isoDate(c.interruptionSince) : null]))).toEqual(want);
  expect([...want.values()].filter((v) => v !== null).length).toBeGreaterThan(20);
  // Idempotent: a second run changes nothing.
  expect(await testDb().$transaction((tx) => markInterruptions(tx, [site.id], TODAY))).toBe(0);
});

describe("the flag's lifecycle", () => {
  const MISSED = "2026-06-01";
  async function setup() {
    const site = await createSite();
    const mentor = await createUser("MENTOR_MOTHER", { siteIds: [site.id] });
    const client = await createClient(site.id, { mentorId: mentor.id });
    await testDb().client.update({ where: { id: client.id }, data: { enrolmentDate: day("2026-01-10") } });
    const missed = await testDb().appointment.create({ data: { clientId: client.id, date: day(MISSED), kind: "ART_REFILL", status: "MISSED" } });
    return { site, mentor, client, missed };
  }

  it("is set by the day's run at 28 days, not at 27, and stays ACTIVE with her Mentor Mother", async () => {
    const { site, client, mentor } = await setup();
    await generateDay(testDb(), { day: addDaysIso(MISSED, 27), siteIds: [site.id] });
    expect(await since(client.id)).toBeNull();
    await generateDay(testDb(), { day: addDaysIso(MISSED, 28), siteIds: [site.id] });
    expect(await since(client.id)).toBe(addDaysIso(MISSED, 28));
    // Idempotent: a later run keeps the day she entered it.
    await generateDay(testDb(), { day: addDaysIso(MISSED, 40), siteIds: [site.id] });
    expect(await since(client.id)).toBe(addDaysIso(MISSED, 28));
    const c = await testDb().client.findUniqueOrThrow({ where: { id: client.id } });
    expect(c.status).toBe("ACTIVE");
    expect(c.mentorId).toBe(mentor.id);
  });

  it("'returning to clinic' (DE24) does not clear it; an attended appointment does", async () => {
    const { site, client, mentor, missed } = await setup();
    await generateDay(testDb(), { day: addDaysIso(MISSED, 30), siteIds: [site.id] });
    expect(await since(client.id)).toBe(addDaysIso(MISSED, 28));
    const today = addDaysIso(MISSED, 31);
    await testDb().$transaction(async (tx) => {
      const appointment = await loadAppointment(tx, client.id, missed.id);
      await recordTracingOutcome(tx, { id: client.id, version: null, enrolment: "2026-01-10" }, {
        outcome: "DE24", contactMethod: "DE16", appointment, returnDate: addDaysIso(today, 3), recordedById: mentor.id, today, now: new Date(`${today}T09:00:00Z`),
      });
    });
    expect(await since(client.id)).toBe(addDaysIso(MISSED, 28));
    // The promised date is an appointment; the next run does not move the flag either.
    const promised = await testDb().appointment.findFirstOrThrow({ where: { clientId: client.id, date: day(addDaysIso(today, 3)) } });
    await generateDay(testDb(), { day: addDaysIso(today, 1), siteIds: [site.id] });
    expect(await since(client.id)).toBe(addDaysIso(MISSED, 28));
    // A missed visit recorded is no return either.
    await testDb().$transaction((tx) => recordAttendance(tx, client.id, { date: addDaysIso(MISSED, -10), outcome: "ATTENDED" }, new Date()));
    expect(await since(client.id)).toBe(addDaysIso(MISSED, 28));
    // She comes: the promised visit is attended.
    const visit = addDaysIso(today, 3);
    await testDb().$transaction(async (tx) => {
      const a = await loadAppointment(tx, client.id, promised.id);
      await markAppointment(tx, client.id, a, "ATTENDED", { today: visit, now: new Date(`${visit}T10:00:00Z`) });
    });
    expect(await since(client.id)).toBeNull();
    await generateDay(testDb(), { day: addDaysIso(visit, 1), siteIds: [site.id] });
    expect(await since(client.id)).toBeNull();
  });

  it("the facility's record of an attended visit clears it too", async () => {
    const { site, client } = await setup();
    await generateDay(testDb(), { day: addDaysIso(MISSED, 29), siteIds: [site.id] });
    expect(await since(client.id)).not.toBeNull();
    await testDb().$transaction((tx) => recordAttendance(tx, client.id, { date: addDaysIso(MISSED, 29), outcome: "MISSED" }, new Date()));
    expect(await since(client.id)).not.toBeNull();
    await testDb().$transaction((tx) => recordAttendance(tx, client.id, { date: addDaysIso(MISSED, 29), kind: "ART_REFILL", outcome: "ATTENDED" }, new Date()));
    expect(await since(client.id)).toBeNull();
  });
});

describe("where the flag is shown", () => {
  it("coverage counts clients in interruption per Mentor Mother within the supervisor's sites only; the escalation list carries the date", async () => {
    const [mine, other] = [await createSite(), await createSite()];
    const mentor = await createUser("MENTOR_MOTHER", { siteIds: [mine.id] });
    const flagged: { id: string }[] = [];
    for (const site of [mine, mine, other]) {
      const c = await createClient(site.id, { mentorId: site.id === mine.id ? mentor.id : null });
      await testDb().client.update({ where: { id: c.id }, data: { interruptionSince: day("2026-06-30") } });
      flagged.push(c);
    }
    // Not counted: no flag, or no longer active.
    await createClient(mine.id, { mentorId: mentor.id });
    const gone = await createClient(mine.id, { status: "OPTED_OUT" });
    await testDb().client.update({ where: { id: gone.id }, data: { interruptionSince: day("2026-06-30") } });
    await testDb().escalation.create({ data: { clientId: flagged[0]!.id, cause: "TRACING", openedAt: new Date(), openedDay: day("2026-07-01") } });

    const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [mine.id] }));
    const sites = await coverageSites(testDb(), supervisor);
    const counts = await interruptionsByUnit(testDb(), supervisor, sites, "mentor");
    expect(counts).toEqual({ rows: [{ id: mentor.id, name: mentor.name, count: 2 }], total: 2 });
    const list = await openEscalations(testDb(), supervisor, new Date());
    expect(list.rows.find((r) => r.client.id === flagged[0]!.id)?.interruptionSince).toBe("2026-06-30");
  });
});
