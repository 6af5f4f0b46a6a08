// Issue 10: facility data in - files and the FHIR feed - against the real database, at a fixed
// instant, in a country where every day is a working day.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/authz";
import { can } from "@/lib/authz";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { addDaysIso } from "@/lib/calls/calendar";
import { dueByClient, generateDay } from "@/lib/calls/generate";
import { countrySettingsSchema } from "@/lib/settings/schemas";
import { startFacilityUpload } from "@/lib/facility/upload";
import { pullFeed } from "@/lib/facility/fhir";
import { startFakeFhir, type FakeFhir } from "../support/fake-fhir";
import { actorFor, closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";

const db = testDb();
const TZ = "Africa/Nairobi";
const NOW = new Date("2026-06-10T06:00:00Z"); // 09:00 Wednesday in Nairobi
const TODAY = localDay(TZ, NOW);
const SETTINGS = countrySettingsSchema.parse({ weekendDays: [] });

async function place() {
  const country = await createCountry({ timeZone: TZ, settings: SETTINGS });
  const site = await createSite({ countryId: country.id, timeZone: TZ });
  const m = await createUser("MENTOR_MOTHER", { siteIds: [site.id] });
  await db.mentorProfile.update({ where: { userId: m.id }, data: { workingDays: [1, 2, 3, 4, 5, 6, 7] } });
  const clerk = await actorFor(await createUser("DATA_CLERK", { siteIds: [site.id] }));
  return { site, mentorId: m.id, clerk };
}

async function client(siteId: string, mentorId: string, over: { facilityNumber?: string } = {}) {
  const c = await db.client.create({
    data: {
      ref: `F-${uid()}`.toUpperCase(), siteId, firstName: "Lerato", lastName: `L ${uid()}`, dateOfBirth: dateOnly("1994-04-04"), category: "POSTNATAL",
      enrolmentDate: dateOnly("2025-01-01"), preferredLanguage: "en", consentCalls: true, mentorId,
      lastReachedAt: new Date("2026-06-01T08:00:00Z"), facilityNumber: over.facilityNumber ?? null,
    },
  });
  await db.clientPhone.create({ data: { clientId: c.id, number: `+2547${Math.floor(1e7 + Math.random() * 8e7)}` } });
  return c;
}

/** Sends `rows` (CSV text, header first) as a facility file. */
async function send(actor: Actor, csv: string, validOnly = false) {
  const file = path.join(os.tmpdir(), `facility-${randomUUID()}.csv`);
  await fs.promises.writeFile(file, csv);
  const id = await startFacilityUpload(db, actor, { path: file, size: Buffer.byteLength(csv) }, {
    validOnly,
    enqueue: async () => {
      throw new Error("small files are applied in the request");
    },
    meta: { now: NOW },
  });
  return db.facilityUpload.findUniqueOrThrow({ where: { id } });
}

const todayTasks = (clientIds: string[]) =>
  db.callTask.findMany({ where: { clientId: { in: clientIds }, taskDate: dateOnly(TODAY) }, orderBy: { clientId: "asc" } });
const due = (siteId: string, day = TODAY) => dueByClient(db, { day, siteIds: [siteId], holidays: [], settings: SETTINGS });

afterAll(closeDb);

describe("a facility file", () => {
  it("an attendance file closes today's missed-appointment and visit-check calls it is about, and nothing else", async () => {
    const { site, mentorId, clerk } = await place();
    const missed = await client(site.id, mentorId);
    const unrecorded = await client(site.id, mentorId, { facilityNumber: `N-${uid()}` });
    const other = await client(site.id, mentorId);
    const missedDay = addDaysIso(TODAY, -5);
    const yesterday = addDaysIso(TODAY, -1);
    await db.appointment.create({ data: { clientId: missed.id, date: dateOnly(missedDay), kind: "ART_REFILL", status: "MISSED" } });
    await db.appointment.create({ data: { clientId: unrecorded.id, date: dateOnly(yesterday), kind: "CLINICAL_REVIEW" } });
    await db.appointment.create({ data: { clientId: other.id, date: dateOnly(missedDay), kind: "ART_REFILL", status: "MISSED" } });
    await generateDay(db, { day: TODAY, siteIds: [site.id], trigger: "schedule" });
    const before = await todayTasks([missed.id, unrecorded.id, other.id]);
    expect(before.map((t) => [t.clientId, t.reasons, t.status])).toEqual(
      [[missed.id, ["missed"], "PENDING"], [unrecorded.id, ["visit_check"], "PENDING"], [other.id, ["missed"], "PENDING"]].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    // The missed-appointment call was already tried once today: it closes all the same.
    const tried = before.find((t) => t.clientId === missed.id)!;
    await db.callTask.update({ where: { id: tried.id }, data: { status: "RETRY_LATER", attempts: 1 } });
    const otherBefore = before.find((t) => t.clientId === other.id)!;

    // The visit list sent back: one by reference, one by facility number.
    const upload = await send(clerk, [
      "client_ref,facility_number,first_name,appointment_date,appointment_kind,attended",
      `${missed.ref},,Lerato,${missedDay},ART_REFILL,yes`,
      `,${unrecorded.facilityNumber},Lerato,${yesterday},CLINICAL_REVIEW,yes`,
    ].join("\n"));
    expect(upload).toMatchObject({ status: "DONE", rowsApplied: 2 });
    expect((upload.result as { counts: Record<string, number> }).counts).toMatchObject({ appointment_recorded: 2 });

    const after = new Map((await todayTasks([missed.id, unrecorded.id, other.id])).map((t) => [t.clientId, t]));
    expect(after.get(missed.id)!.status).toBe("CANCELLED");
    expect(after.get(unrecorded.id)!.status).toBe("CANCELLED");
    expect(after.get(other.id)).toEqual(otherBefore);
    const dueNow = new Set((await due(site.id)).map((d) => d.clientId));
    expect(dueNow.has(missed.id) || dueNow.has(unrecorded.id)).toBe(false);
    expect(dueNow.has(other.id)).toBe(true);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: upload.id, action: "facility.uploaded" } });
    expect(audit).toMatchObject({ actorId: clerk.userId, meta: expect.objectContaining({ applied: 2, appointment_recorded: 2 }) });
  });

  it("the same file twice changes nothing the second time", async () => {
    const { site, mentorId, clerk } = await place();
    const c = await client(site.id, mentorId);
    const csv = [
      "client_ref,facility_number,fact,date,appointment_kind,result_date,copies",
      `${c.ref},,attended,${addDaysIso(TODAY, -2)},ART_REFILL,,`,
      `${c.ref},,next_appointment,${addDaysIso(TODAY, 30)},ART_REFILL,,`,
      `${c.ref},,viral_load,${addDaysIso(TODAY, -20)},,${addDaysIso(TODAY, -6)},<50`,
    ].join("\n");
    const first = await send(clerk, csv);
    expect((first.result as { counts: Record<string, number> }).counts).toMatchObject({ visit_added: 1, appointment_added: 1, result_added: 1 });
    const snapshot = async () => ({
      client: await db.client.findUniqueOrThrow({ where: { id: c.id } }),
      appointments: await db.appointment.findMany({ where: { clientId: c.id }, orderBy: { date: "asc" } }),
      results: await db.viralLoadResult.findMany({ where: { clientId: c.id } }),
    });
    const state = await snapshot();
    expect(state.client).toMatchObject({ lastVlCopies: 0, lastVlDate: dateOnly(addDaysIso(TODAY, -20)) });
    const second = await send(clerk, csv);
    expect((second.result as { counts: Record<string, number> }).counts).toMatchObject({ unchanged: 3, visit_added: 0, appointment_added: 0, result_added: 0 });
    expect(await snapshot()).toEqual(state);
  });

  it("a row with only a name and phone is refused as unmatched: nothing is guessed, nothing applied", async () => {
    const { site, mentorId, clerk } = await place();
    const c = await client(site.id, mentorId);
    // The visit list's first_name is for the clerk's eyes only: it never finds anyone.
    const nameOnly = await send(clerk, [
      "client_ref,facility_number,first_name,appointment_date,appointment_kind,attended",
      `,,${c.firstName},${addDaysIso(TODAY, -1)},ART_REFILL,yes`,
    ].join("\n"));
    expect(nameOnly).toMatchObject({ status: "FAILED", message: "rowsInvalid", rowsApplied: 0 });
    expect(nameOnly.errors).toEqual([{ row: 2, column: "client_ref", key: "noClientKey" }]);
    // A phone column is not part of either layout: the whole file is refused by its header.
    const byPhone = await send(clerk, ["phone,fact,date", "+254700000001,attended,2026-06-01"].join("\n"));
    expect(byPhone).toMatchObject({ status: "FAILED", message: "wrongHeaders" });
    expect(await db.facilityFact.count({ where: { clientId: c.id } })).toBe(0);
  });

  it("a client of another site is unmatched, exactly like one that does not exist", async () => {
    const { clerk } = await place();
    const elsewhere = await place();
    const foreign = await client(elsewhere.site.id, elsewhere.mentorId, { facilityNumber: `N-${uid()}` });
    const upload = await send(clerk, [
      "client_ref,facility_number,fact,date,appointment_kind,result_date,copies",
      `${foreign.ref},,death,${addDaysIso(TODAY, -1)},,,`,
      `,${foreign.facilityNumber},death,${addDaysIso(TODAY, -1)},,,`,
      `XX-NOT-A-REF,,death,${addDaysIso(TODAY, -1)},,,`,
    ].join("\n"));
    expect(upload.errors).toEqual([
      { row: 2, column: "client_ref", key: "unmatched" },
      { row: 3, column: "facility_number", key: "unmatched" },
      { row: 4, column: "client_ref", key: "unmatched" },
    ]);
    expect((await db.client.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe("ACTIVE");
  });

  it("'apply the valid rows only' applies them and lists the rest; a transfer out exits the client", async () => {
    const { site, mentorId, clerk } = await place();
    const c = await client(site.id, mentorId);
    const csv = [
      "client_ref,facility_number,fact,date,appointment_kind,result_date,copies",
      `${c.ref},,transfer_out,${addDaysIso(TODAY, -1)},,,`,
      `${c.ref},,viral_load,${addDaysIso(TODAY, 3)},,,1500`,
      `${c.ref},,next_appointment,${addDaysIso(TODAY, 3)},HAIRCUT,,`,
    ].join("\n");
    const refused = await send(clerk, csv);
    expect(refused).toMatchObject({ status: "FAILED", message: "rowsInvalid" });
    expect(refused.errors).toEqual([
      { row: 3, column: "date", key: "dateInFuture" },
      { row: 4, column: "appointment_kind", key: "unknownKind" },
    ]);
    expect((await db.client.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("ACTIVE");
    const applied = await send(clerk, csv, true);
    expect(applied).toMatchObject({ status: "DONE", rowsApplied: 1 });
    expect(await db.client.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "TRANSFERRED_OUT", statusReasonCode: "DE43", mentorId: null });
  });

  it("a viral-load result of 1,500 makes an enhanced-adherence call due", async () => {
    const { site, mentorId, clerk } = await place();
    const c = await client(site.id, mentorId);
    expect((await due(site.id)).find((d) => d.clientId === c.id)?.reasons ?? []).not.toContain("eac_high");
    await send(clerk, [
      "client_ref,facility_number,fact,date,appointment_kind,result_date,copies",
      `${c.ref},,viral_load,${addDaysIso(TODAY, -12)},,${addDaysIso(TODAY, -2)},"1,500"`,
    ].join("\n"));
    expect((await due(site.id)).find((d) => d.clientId === c.id)?.reasons).toContain("eac_high");
  });

  it("only supervisors, data clerks and administrators send facility data; a data clerk does not browse client records", async () => {
    const { site } = await place();
    const mm = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [site.id] }));
    const pm = await actorFor(await createUser("PROGRAMME_MANAGER"));
    const clerk = await actorFor(await createUser("DATA_CLERK", { siteIds: [site.id] }));
    expect([mm, pm].map((a) => can(a, "facility.update"))).toEqual([false, false]);
    expect(can(clerk, "facility.update")).toBe(true);
    expect(can(clerk, "clients.view")).toBe(false);
    await expect(send(mm, "client_ref,fact,date\n")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("the FHIR feed", () => {
  const TOKEN = `t-${uid()}`;
  let fhir: FakeFhir;
  beforeAll(async () => {
    fhir = await startFakeFhir(TOKEN);
    process.env.TEST_FHIR_TOKEN = TOKEN;
  });
  afterAll(() => fhir.close());

  it("applied twice gives the same state; a newer Observation version replaces the older one", async () => {
    const { site, mentorId } = await place();
    const number = `EMR-${uid()}`;
    const c = await client(site.id, mentorId, { facilityNumber: number });
    const stranger = `EMR-${uid()}`; // a patient the register does not have
    await db.fhirFeed.create({ data: { siteId: site.id, baseUrl: fhir.url, tokenEnv: "TEST_FHIR_TOKEN", viralLoadCodes: [] } });
    fhir.resources.Patient.push(
      { resourceType: "Patient", id: "p1", identifier: [{ system: "urn:emr", value: number }] },
      { resourceType: "Patient", id: "p2", identifier: [{ system: "urn:emr", value: stranger }] },
    );
    const visit = addDaysIso(TODAY, -3);
    fhir.resources.Appointment.push(
      { resourceType: "Appointment", id: "a1", meta: { versionId: "1", lastUpdated: "2026-06-08T10:00:00Z" }, status: "fulfilled", start: `${visit}T08:00:00+03:00`, participant: [{ actor: { reference: "Patient/p1" } }] },
      { resourceType: "Appointment", id: "a2", meta: { versionId: "1", lastUpdated: "2026-06-08T10:00:00Z" }, status: "booked", start: `${addDaysIso(TODAY, 20)}T08:00:00+03:00`, appointmentType: { coding: [{ code: "ART_REFILL" }] }, participant: [{ actor: { reference: "Patient/p1" } }] },
      { resourceType: "Appointment", id: "a3", meta: { versionId: "1", lastUpdated: "2026-06-08T10:00:00Z" }, status: "noshow", start: `${visit}T08:00:00+03:00`, participant: [{ actor: { reference: "Patient/p2" } }] },
    );
    const sample = addDaysIso(TODAY, -15);
    const observation = (version: string, value: number, updated: string) => ({
      resourceType: "Observation", id: "o1", meta: { versionId: version, lastUpdated: updated }, status: version === "1" ? "final" : "corrected",
      code: { coding: [{ system: "http://loinc.org", code: "25836-8" }] }, subject: { reference: "Patient/p1" },
      effectiveDateTime: `${sample}T09:00:00+03:00`, issued: `${addDaysIso(TODAY, -5)}T12:00:00+03:00`, valueQuantity: { value },
    });
    fhir.resources.Observation.push(observation("1", 1500, "2026-06-08T11:00:00Z"));

    const first = await pullFeed(db, site.id, NOW);
    expect(first).toMatchObject({ fetched: 4, newer: 4, unmatched: 1 });
    expect(first.counts).toMatchObject({ visit_added: 1, appointment_added: 1, result_added: 1 });
    const state = async () => ({
      appointments: await db.appointment.findMany({ where: { clientId: c.id }, orderBy: { date: "asc" }, select: { date: true, kind: true, status: true } }),
      results: await db.viralLoadResult.findMany({ where: { clientId: c.id }, select: { sampleDate: true, copies: true } }),
      client: await db.client.findUniqueOrThrow({ where: { id: c.id }, select: { lastVlCopies: true, version: true } }),
      resources: await db.fhirResource.findMany({ where: { siteId: site.id }, orderBy: { sourceId: "asc" }, select: { sourceId: true, versionId: true, clientId: true } }),
    });
    const once = await state();
    expect(once.client.lastVlCopies).toBe(1500);
    expect(once.resources.map((r) => [r.sourceId, r.clientId])).toEqual([["a1", c.id], ["a2", c.id], ["a3", null], ["o1", c.id]]);

    // The same resources again (a pull from the start: the mark forgotten): the same state.
    await db.fhirFeed.update({ where: { siteId: site.id }, data: { pulledUntil: null } });
    const again = await pullFeed(db, site.id, NOW);
    expect(again).toMatchObject({ fetched: 4, newer: 0 });
    expect(await state()).toEqual(once);

    // The laboratory corrects the result: version 2 replaces version 1.
    fhir.resources.Observation[0] = observation("2", 40, "2026-06-09T09:00:00Z");
    const corrected = await pullFeed(db, site.id, NOW);
    expect(corrected).toMatchObject({ fetched: 1, newer: 1 });
    expect(corrected.counts).toMatchObject({ result_corrected: 1 });
    const now = await state();
    expect(now.results.map((r) => r.copies)).toEqual([40]);
    expect(now.client.lastVlCopies).toBe(40);
    expect(now.resources.find((r) => r.sourceId === "o1")!.versionId).toBe("2");
    // Asked with the token, for changes since the last pull.
    expect(fhir.requests.at(-1)).toContain("_lastUpdated=gt2026-06-08T11%3A00%3A00.000Z");
  });
});
