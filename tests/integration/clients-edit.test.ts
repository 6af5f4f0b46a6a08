// Editing a client after enrolment and transferring her to another site (issue 11), against the
// real database through execute(): versioned and audited edits, a concurrent edit refused, a
// retired phone keeping its calls, the phone-update escalation resolved through the edit (and
// generation phoning her again), transfers proposed / accepted / declined with the history kept
// and the client reassigned at the new site, and the refusals (another site, a Mentor Mother).
import "./timeout";
import { randomUUID } from "node:crypto";
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { dateOnly } from "@/lib/dates";
import { recordOutcomeCommand } from "@/lib/calls/record";
import { generateDay } from "@/lib/calls/generate";
import { countrySettingsSchema } from "@/lib/settings/schemas";
import { getClientProfile } from "@/lib/clients/profile-queries";
import { addPhoneCommand, editDetailsCommand, retirePhoneCommand, updatePhoneCommand } from "@/lib/clients/edit-commands";
import { decideTransferCommand, pendingTransfers, proposeTransferCommand } from "@/lib/clients/transfers";
import { actorFor, auditFor, closeDb, createClient, createCountry, createSite, createUser, testDb } from "../factories";

const TZ = "Africa/Johannesburg";
const db = testDb();
const key = () => `k_${randomUUID().replace(/-/g, "")}`;
// Tuesday 8, Wednesday 9 and Thursday 10 December 2026 at the site (UTC+2).
const TUE = "2026-12-08";
const WED = "2026-12-09";
const THU = "2026-12-10";
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+02:00`);
const NOW = at(TUE, "09:00");

let siteA: string;
let siteB: string;
let siteC: string;
let mentorA: Actor;
let mentorB: Actor;
let supervisorA: Actor;
let supervisorB: Actor;
let supervisorC: Actor;
let admin: Actor;

const run = <T,>(cmd: T, actor: Actor, input: object, now = NOW) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  execute(db, cmd as any, actor, input, { now }) as Promise<{ ok: boolean; data?: any; error?: { code: string; message: string; fieldErrors?: Record<string, string[]> } }>;
const versionOf = async (id: string) => (await db.client.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const randomNumber = () => `+2782${Math.floor(1e6 + Math.random() * 8e6)}`;

async function clientAtA(phones = 1) {
  const c = await createClient(siteA, { mentorId: mentorA.userId });
  await db.assignment.create({ data: { clientId: c.id, mentorId: mentorA.userId, reason: "enrolment" } });
  for (let i = 0; i < phones; i++) await db.clientPhone.create({ data: { clientId: c.id, number: randomNumber(), isPrimary: i === 0 } });
  return c;
}

beforeAll(async () => {
  const settings = countrySettingsSchema.parse({ maxCallsPerPhonePerDay: 3 });
  const country = await createCountry({ timeZone: TZ, settings });
  siteA = (await createSite({ countryId: country.id, timeZone: TZ })).id;
  siteB = (await createSite({ countryId: country.id, timeZone: TZ })).id;
  siteC = (await createSite({ countryId: country.id, timeZone: TZ })).id;
  mentorA = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteA] }));
  mentorB = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteB] }));
  supervisorA = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteA] }));
  supervisorB = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteB] }));
  supervisorC = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteC] }));
  admin = await actorFor(await createUser("ADMIN"));
});
afterAll(closeDb);

describe("editing a client's details", () => {
  it("is versioned and audited: coded values old -> new, identifying ones by name only", async () => {
    const c = await clientAtA();
    const v = await versionOf(c.id);
    const r = await run(editDetailsCommand, supervisorA, {
      clientId: c.id, version: v, firstName: "Nomvula", lastName: "Dlamini-Zulu", facilityNumber: "FN-77", preferredLanguage: "pt",
      consentCalls: true, consentMessages: true,
    });
    expect(r.ok ? "ok" : JSON.stringify(r.error)).toBe("ok");
    expect(r.data).toMatchObject({ version: v + 1 });
    const after = await db.client.findUniqueOrThrow({ where: { id: c.id } });
    // Consent to messages is derived from the phones (the message-consent form): a value sent to
    // the details edit is dropped.
    expect(after).toMatchObject({ firstName: "Nomvula", lastName: "Dlamini-Zulu", facilityNumber: "FN-77", preferredLanguage: "pt", consentMessages: false, version: v + 1 });
    const audits = await auditFor(c.id);
    expect(audits.map((a) => a.action)).toEqual(["client.updated"]);
    expect(audits[0]!.meta).toEqual({
      fields: ["firstName", "lastName", "facilityNumber", "preferredLanguage"],
      changes: { preferredLanguage: { from: "en", to: "pt" } },
      source: "edit",
    });
    const text = JSON.stringify(audits[0]!.meta);
    for (const leak of ["Nomvula", "Dlamini", "FN-77", "Client"]) expect(text).not.toContain(leak);

    // The same values again: nothing written, no audit row, the version stays.
    const same = await run(editDetailsCommand, supervisorA, {
      clientId: c.id, version: v + 1, firstName: "Nomvula", lastName: "Dlamini-Zulu", facilityNumber: "FN-77", preferredLanguage: "pt",
      consentCalls: true, consentMessages: true,
    });
    expect(same).toMatchObject({ ok: true, data: { version: v + 1, fields: [] } });
    expect(await auditFor(c.id)).toHaveLength(1);

    // Validation as at enrolment: an unknown language, a blank name, another client's facility number.
    const other = await clientAtA();
    await db.client.update({ where: { id: other.id }, data: { facilityNumber: "FN-78" } });
    const bad = await run(editDetailsCommand, supervisorA, {
      clientId: c.id, version: v + 1, firstName: " ", lastName: "X", preferredLanguage: "en", consentCalls: true, consentMessages: false,
    });
    expect(bad).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(Object.keys(bad.error!.fieldErrors!)).toEqual(["firstName"]);
    const taken = await run(editDetailsCommand, admin, {
      clientId: c.id, version: v + 1, firstName: "N", lastName: "D", facilityNumber: "FN-78", preferredLanguage: "en", consentCalls: true, consentMessages: false,
    });
    expect(taken).toMatchObject({ ok: false, error: { fieldErrors: { facilityNumber: ["facilityNumberTaken"] } } });
    const lang = await run(editDetailsCommand, admin, {
      clientId: c.id, version: v + 1, firstName: "N", lastName: "D", preferredLanguage: "xx", consentCalls: true, consentMessages: false,
    });
    expect(lang).toMatchObject({ ok: false, error: { fieldErrors: { preferredLanguage: ["unknownLanguage"] } } });
    expect(await versionOf(c.id)).toBe(v + 1);
  });

  it("consent to calls withdrawn cancels her open calls at once (the task owner's transition)", async () => {
    const c = await clientAtA();
    const t = await db.callTask.create({ data: { clientId: c.id, mentorId: mentorA.userId, taskDate: dateOnly(TUE), reasons: ["adherence"], priority: 5, firstDueDate: dateOnly(TUE) } });
    const r = await run(editDetailsCommand, supervisorA, {
      clientId: c.id, version: await versionOf(c.id), firstName: "Test", lastName: c.lastName, preferredLanguage: "en", consentCalls: false, consentMessages: false,
    });
    expect(r).toMatchObject({ ok: true, data: { tasksCancelled: 1 } });
    expect((await db.callTask.findUniqueOrThrow({ where: { id: t.id } })).status).toBe("CANCELLED");
    expect((await auditFor(c.id))[0]!.meta).toEqual({ fields: ["consentCalls"], changes: { consentCalls: { from: true, to: false } }, source: "edit", tasksCancelled: 1 });
  });

  it("two edits from the same version: one is saved, the other gets CONFLICT and writes nothing", async () => {
    const c = await clientAtA();
    const v = await versionOf(c.id);
    const edit = (firstName: string, actor: Actor) =>
      run(editDetailsCommand, actor, { clientId: c.id, version: v, firstName, lastName: "Same", preferredLanguage: "en", consentCalls: true, consentMessages: false });
    const results = await Promise.all([edit("First", supervisorA), edit("Second", admin)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.error!.code)).toEqual(["CONFLICT"]);
    const winner = results.findIndex((r) => r.ok) === 0 ? "First" : "Second";
    expect(await db.client.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ firstName: winner, version: v + 1 });
    expect((await auditFor(c.id)).map((a) => a.action)).toEqual(["client.updated"]);
    // A phone change from the stale version is refused too.
    const stale = await run(addPhoneCommand, supervisorA, { clientId: c.id, version: v, phone: { number: randomNumber(), sharedPhone: false, mayIdentifyCaller: false } });
    expect(stale).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
  });

  it("refuses a Mentor Mother and another site's supervisor (not found, access.denied recorded)", async () => {
    const c = await clientAtA();
    const v = await versionOf(c.id);
    const input = { clientId: c.id, version: v, firstName: "A", lastName: "B", preferredLanguage: "en", consentCalls: true, consentMessages: false };
    expect(await run(editDetailsCommand, mentorA, input)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await run(editDetailsCommand, supervisorB, input)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await run(addPhoneCommand, mentorA, { clientId: c.id, version: v, phone: { number: randomNumber(), sharedPhone: false, mayIdentifyCaller: false } }))
      .toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await versionOf(c.id)).toBe(v);
    expect(await auditFor(c.id)).toHaveLength(0);
    const denied = await db.auditEvent.findMany({ where: { action: "access.denied", actorId: { in: [mentorA.userId, supervisorB.userId] }, meta: { path: ["requestedId"], equals: c.id } } });
    expect(denied.length).toBe(3);
  });
});

describe("phones", () => {
  it("a corrected number retires the old phone with its calls and takes its place; flags are audited old -> new", async () => {
    const c = await clientAtA();
    const old = await db.clientPhone.findFirstOrThrow({ where: { clientId: c.id } });
    const t = await db.callTask.create({ data: { clientId: c.id, mentorId: mentorA.userId, taskDate: dateOnly(TUE), reasons: ["adherence"], priority: 5, firstDueDate: dateOnly(TUE) } });
    const called = await run(recordOutcomeCommand, mentorA, { taskId: t.id, idempotencyKey: key(), disposition: "NO_ANSWER" }, at(TUE, "08:30"));
    expect(called.ok).toBe(true);
    const attempt = await db.callAttempt.findFirstOrThrow({ where: { taskId: t.id } });
    expect(attempt.phoneId).toBe(old.id);

    const v = await versionOf(c.id);
    const r = await run(updatePhoneCommand, supervisorA, {
      clientId: c.id, version: v, phoneId: old.id, phone: { number: "+27 82 555 0101", sharedPhone: true, mayIdentifyCaller: false, safeFrom: "08:00", safeTo: "17:00" },
    });
    expect(r.ok ? "ok" : JSON.stringify(r.error)).toBe("ok");
    const phones = await db.clientPhone.findMany({ where: { clientId: c.id }, orderBy: { status: "asc" } });
    expect(phones.map((p) => [p.number, p.status, p.isPrimary])).toEqual([["+27825550101", "OK", true], [old.number, "RETIRED", false]]);
    expect(phones[0]).toMatchObject({ sharedPhone: true, safeFromMinute: 480, safeToMinute: 1020 });
    expect(phones[1]!.retiredAt).toEqual(NOW);
    // The call stays linked to the number that was dialled.
    expect((await db.callAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).phoneId).toBe(old.id);
    const audit = (await auditFor(c.id)).find((a) => a.action === "client.phone_corrected")!;
    expect(audit.meta).toEqual({
      phoneId: old.id, newPhoneId: phones[0]!.id, fields: ["number"], status: { from: "OK", to: "RETIRED" },
      flags: { sharedPhone: { from: false, to: true }, safeHours: { from: null, to: "08:00-17:00" } },
    });
    expect(JSON.stringify(audit.meta)).not.toContain("555");

    // The profile shows the new number and, marked retired, the old one.
    const profile = await getClientProfile(db, supervisorA, c.id, { now: NOW });
    expect(profile.phones.map((p) => p.status).sort()).toEqual(["OK", "RETIRED"]);
    // A retired phone cannot be edited again (not found), and an invalid number is refused.
    expect(await run(updatePhoneCommand, supervisorA, { clientId: c.id, version: v + 1, phoneId: old.id, phone: { number: "0825550102", sharedPhone: false, mayIdentifyCaller: false } }))
      .toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await run(updatePhoneCommand, supervisorA, { clientId: c.id, version: v + 1, phoneId: phones[0]!.id, phone: { number: "12", sharedPhone: false, mayIdentifyCaller: false } }))
      .toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(await run(updatePhoneCommand, supervisorA, { clientId: c.id, version: v + 1, phoneId: phones[0]!.id, phone: { number: "0825550101", sharedPhone: true, mayIdentifyCaller: false, safeFrom: "08:00" } }))
      .toMatchObject({ ok: false, error: { fieldErrors: { "phone.safeTo": ["safeHoursBoth"] } } });
  });

  it("retiring keeps the phone and its calls; the primary moves on; the last phone cannot be retired; at most three in use", async () => {
    const c = await clientAtA(2);
    const [first, second] = await db.clientPhone.findMany({ where: { clientId: c.id }, orderBy: { isPrimary: "desc" } });
    const t = await db.callTask.create({ data: { clientId: c.id, mentorId: mentorA.userId, taskDate: dateOnly(TUE), reasons: ["adherence"], priority: 5, firstDueDate: dateOnly(TUE) } });
    await run(recordOutcomeCommand, mentorA, { taskId: t.id, idempotencyKey: key(), disposition: "BUSY", phoneId: first!.id }, at(TUE, "08:30"));
    let v = await versionOf(c.id);
    const r = await run(retirePhoneCommand, supervisorA, { clientId: c.id, version: v, phoneId: first!.id });
    expect(r).toMatchObject({ ok: true });
    expect(await db.clientPhone.findUniqueOrThrow({ where: { id: first!.id } })).toMatchObject({ status: "RETIRED", isPrimary: false });
    expect(await db.clientPhone.findUniqueOrThrow({ where: { id: second!.id } })).toMatchObject({ status: "OK", isPrimary: true });
    expect(await db.callAttempt.count({ where: { phoneId: first!.id } })).toBe(1);
    expect((await auditFor(c.id)).map((a) => [a.action, a.meta])).toContainEqual([
      "client.phone_retired", { phoneId: first!.id, status: { from: "OK", to: "RETIRED" }, newPrimaryId: second!.id },
    ]);
    v++;
    const last = await run(retirePhoneCommand, supervisorA, { clientId: c.id, version: v, phoneId: second!.id });
    expect(last).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { _form: ["lastPhone"] } } });

    for (let i = 0; i < 2; i++) {
      expect(await run(addPhoneCommand, supervisorA, { clientId: c.id, version: v, phone: { number: randomNumber(), sharedPhone: false, mayIdentifyCaller: true } })).toMatchObject({ ok: true });
      v++;
    }
    const fourth = await run(addPhoneCommand, supervisorA, { clientId: c.id, version: v, phone: { number: randomNumber(), sharedPhone: false, mayIdentifyCaller: false } });
    expect(fourth).toMatchObject({ ok: false, error: { fieldErrors: { _form: ["tooManyPhones"] } } });
    const dup = await db.clientPhone.findFirstOrThrow({ where: { clientId: c.id, status: "OK", isPrimary: false } });
    expect(await run(updatePhoneCommand, supervisorA, { clientId: c.id, version: v, phoneId: second!.id, phone: { number: dup.number, sharedPhone: false, mayIdentifyCaller: false } }))
      .toMatchObject({ ok: false, error: { fieldErrors: { "phone.number": ["duplicatePhone"] } } });
  });

  it("a wrong number escalates; correcting the phone resolves the escalation (audited) and generation phones her again", async () => {
    const c = await clientAtA();
    const phone = await db.clientPhone.findFirstOrThrow({ where: { clientId: c.id } });
    const t = await db.callTask.create({ data: { clientId: c.id, mentorId: mentorA.userId, taskDate: dateOnly(TUE), reasons: ["welcome"], priority: 5, firstDueDate: dateOnly(TUE) } });
    const wrong = await run(recordOutcomeCommand, mentorA, { taskId: t.id, idempotencyKey: key(), disposition: "WRONG_NUMBER" }, at(TUE, "10:00"));
    expect(wrong.ok && wrong.data.taskStatus).toBe("ESCALATED");
    const escalation = await db.escalation.findFirstOrThrow({ where: { clientId: c.id } });
    expect(escalation).toMatchObject({ cause: "PHONE_UPDATE", status: "OPEN" });
    expect((await db.clientPhone.findUniqueOrThrow({ where: { id: phone.id } })).status).toBe("WRONG_NUMBER");

    // Wednesday's list: nothing for her while the escalation is open.
    await generateDay(db, { day: WED, siteIds: [siteA] });
    expect(await db.callTask.count({ where: { clientId: c.id, taskDate: dateOnly(WED) } })).toBe(0);

    // Changing only the safe hours of the wrong number settles nothing.
    let v = await versionOf(c.id);
    const flagsOnly = await run(updatePhoneCommand, supervisorA, { clientId: c.id, version: v, phoneId: phone.id, phone: { number: phone.number, sharedPhone: false, mayIdentifyCaller: false, safeFrom: "09:00", safeTo: "18:00" } }, at(WED, "11:00"));
    expect(flagsOnly).toMatchObject({ ok: true, data: { escalationsResolved: [] } });
    expect((await db.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).status).toBe("OPEN");

    // The supervisor corrects the number (from the escalation): the escalation closes.
    v++;
    const fixed = await run(updatePhoneCommand, supervisorA, { clientId: c.id, version: v, phoneId: phone.id, phone: { number: randomNumber(), sharedPhone: false, mayIdentifyCaller: false } }, at(WED, "11:05"));
    expect(fixed.ok ? "ok" : JSON.stringify(fixed.error)).toBe("ok");
    expect(fixed.data.escalationsResolved).toEqual([escalation.id]);
    expect(await db.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).toMatchObject({
      status: "CLOSED", resolution: "phone_updated", resolvedById: supervisorA.userId, resolvedAt: at(WED, "11:05"),
    });
    expect((await auditFor(escalation.id)).map((a) => a.action)).toEqual(["escalation.opened", "escalation.phone_updated"]);
    // The wrong number keeps its flag's story in the audit and its call.
    expect(await db.callAttempt.count({ where: { phoneId: phone.id, disposition: "WRONG_NUMBER" } })).toBe(1);

    // Thursday's list phones her again, on the new number.
    await generateDay(db, { day: THU, siteIds: [siteA] });
    expect(await db.callTask.count({ where: { clientId: c.id, taskDate: dateOnly(THU) } })).toBe(1);
  });

  it("a wrong number confirmed working (same number) or a working phone added also settles it", async () => {
    const c = await clientAtA();
    const phone = await db.clientPhone.findFirstOrThrow({ where: { clientId: c.id } });
    await db.clientPhone.update({ where: { id: phone.id }, data: { status: "NOT_IN_SERVICE" } });
    const e1 = await db.escalation.create({ data: { clientId: c.id, cause: "PHONE_UPDATE", openedAt: NOW, openedDay: dateOnly(TUE) } });
    let v = await versionOf(c.id);
    const confirmed = await run(updatePhoneCommand, supervisorA, { clientId: c.id, version: v, phoneId: phone.id, confirmWorking: true, phone: { number: phone.number, sharedPhone: false, mayIdentifyCaller: false } });
    expect(confirmed).toMatchObject({ ok: true, data: { escalationsResolved: [e1.id] } });
    expect((await db.clientPhone.findUniqueOrThrow({ where: { id: phone.id } })).status).toBe("OK");

    await db.clientPhone.update({ where: { id: phone.id }, data: { status: "WRONG_NUMBER" } });
    const e2 = await db.escalation.create({ data: { clientId: c.id, cause: "PHONE_UPDATE", openedAt: NOW, openedDay: dateOnly(TUE) } });
    v++;
    const added = await run(addPhoneCommand, admin, { clientId: c.id, version: v, primary: true, phone: { number: randomNumber(), sharedPhone: false, mayIdentifyCaller: false } });
    expect(added).toMatchObject({ ok: true, data: { escalationsResolved: [e2.id] } });
    const primary = await db.clientPhone.findFirstOrThrow({ where: { clientId: c.id, isPrimary: true } });
    expect(primary.id).toBe(added.data.phoneId);
  });
});

describe("transfers", () => {
  it("proposed by the sending site, accepted by the receiving one: history kept, reassigned at the new site", async () => {
    const c = await clientAtA();
    await db.appointment.create({ data: { clientId: c.id, date: dateOnly("2026-11-20"), kind: "ART_REFILL", status: "ATTENDED" } });
    await db.client.update({ where: { id: c.id }, data: { facilityNumber: `FA-${c.id.slice(0, 6)}` } });
    const past = await db.callTask.create({ data: { clientId: c.id, mentorId: mentorA.userId, taskDate: dateOnly("2026-12-07"), reasons: ["adherence"], priority: 5, firstDueDate: dateOnly("2026-12-07"), status: "DONE" } });
    await db.callAttempt.create({ data: { taskId: past.id, clientId: c.id, mentorId: mentorA.userId, disposition: "REACHED", idempotencyKey: key() } });
    const open = await db.callTask.create({ data: { clientId: c.id, mentorId: mentorA.userId, taskDate: dateOnly(TUE), reasons: ["adherence"], priority: 5, firstDueDate: dateOnly(TUE) } });

    // Not another site's supervisor, not a Mentor Mother; not to her own site.
    const v = await versionOf(c.id);
    expect(await run(proposeTransferCommand, supervisorB, { clientId: c.id, version: v, toSiteId: siteB })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await run(proposeTransferCommand, mentorA, { clientId: c.id, version: v, toSiteId: siteB })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await run(proposeTransferCommand, supervisorA, { clientId: c.id, version: v, toSiteId: siteA })).toMatchObject({ ok: false, error: { fieldErrors: { toSiteId: ["sameSite"] } } });

    const proposed = await run(proposeTransferCommand, supervisorA, { clientId: c.id, version: v, toSiteId: siteB });
    expect(proposed.ok ? "ok" : JSON.stringify(proposed.error)).toBe("ok");
    const transferId = proposed.data.transferId as string;
    // One open proposal per client.
    expect(await run(proposeTransferCommand, supervisorA, { clientId: c.id, version: v, toSiteId: siteC })).toMatchObject({ ok: false, error: { fieldErrors: { _form: ["transferPending"] } } });

    // The receiving supervisor sees it (and the read is audited); the sender sees it as outgoing; a third site nothing.
    const seen = await pendingTransfers(db, supervisorB);
    expect(seen.incoming.map((r) => r.id)).toContain(transferId);
    expect(seen.outgoing.map((r) => r.id)).not.toContain(transferId);
    expect((await pendingTransfers(db, supervisorA)).outgoing.map((r) => r.id)).toContain(transferId);
    const third = await pendingTransfers(db, supervisorC);
    expect([...third.incoming, ...third.outgoing].map((r) => r.id)).not.toContain(transferId);
    expect(await db.auditEvent.count({ where: { action: "client.transfers_viewed", actorId: supervisorB.userId } })).toBeGreaterThan(0);

    // Only the receiving side decides: the sender, a third site and a Mentor Mother are refused.
    for (const actor of [supervisorA, supervisorC, mentorB]) {
      expect(await run(decideTransferCommand, actor, { transferId, version: 1, decision: "accept" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
    expect(await run(decideTransferCommand, supervisorB, { transferId, version: 9, decision: "accept" })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });

    const accepted = await run(decideTransferCommand, supervisorB, { transferId, version: 1, decision: "accept" });
    expect(accepted.ok ? "ok" : JSON.stringify(accepted.error)).toBe("ok");
    expect(accepted.data).toMatchObject({ status: "ACCEPTED", reassigned: true, toMentorId: mentorB.userId });

    const moved = await db.client.findUniqueOrThrow({ where: { id: c.id } });
    expect(moved).toMatchObject({ siteId: siteB, mentorId: mentorB.userId, status: "ACTIVE", facilityNumber: null });
    const assignments = await db.assignment.findMany({ where: { clientId: c.id }, orderBy: { startAt: "asc" } });
    expect(assignments.map((a) => [a.mentorId, a.endAt === null, a.reason])).toEqual([[mentorA.userId, false, "enrolment"], [mentorB.userId, true, "transfer"]]);
    // Her open task at the old site is cancelled by the task owner; the history stays hers.
    expect((await db.callTask.findUniqueOrThrow({ where: { id: open.id } })).status).toBe("CANCELLED");
    expect((await db.callTask.findUniqueOrThrow({ where: { id: past.id } })).status).toBe("DONE");
    expect(await db.callAttempt.count({ where: { clientId: c.id } })).toBe(1);
    expect(await db.appointment.count({ where: { clientId: c.id } })).toBe(1);

    // Scope follows her: the new site's supervisor and Mentor Mother see her, the old ones no more.
    const profile = await getClientProfile(db, supervisorB, c.id, { now: NOW });
    expect(profile.calls).toHaveLength(1);
    expect(profile.assignments).toHaveLength(2);
    await expect(getClientProfile(db, supervisorA, c.id, { now: NOW })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getClientProfile(db, mentorA, c.id, { now: NOW })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getClientProfile(db, mentorB, c.id, { now: NOW })).resolves.toMatchObject({ id: c.id });

    const actions = (await auditFor(c.id)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["client.transfer_proposed", "client.transfer_accepted", "client.transferred"]));
    const transferred = (await auditFor(c.id)).find((a) => a.action === "client.transferred")!;
    expect(transferred.meta).toMatchObject({ transferId, fromSiteId: siteA, toSiteId: siteB, tasksCancelled: 1, assignmentEnded: true, reassigned: true, toMentorId: mentorB.userId });
    // Already decided: accepting again is a conflict.
    expect(await run(decideTransferCommand, supervisorB, { transferId, version: 2, decision: "accept" })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
  });

  it("declined: the client stays where she is; withdrawn by the sender; a client who left ACTIVE cannot be moved", async () => {
    const c = await clientAtA();
    const v = await versionOf(c.id);
    const p1 = await run(proposeTransferCommand, supervisorA, { clientId: c.id, version: v, toSiteId: siteB });
    const declined = await run(decideTransferCommand, supervisorB, { transferId: p1.data.transferId, version: 1, decision: "decline" });
    expect(declined).toMatchObject({ ok: true, data: { status: "DECLINED" } });
    expect(await db.client.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ siteId: siteA, mentorId: mentorA.userId, version: v });
    expect((await auditFor(c.id)).map((a) => a.action)).toEqual(["client.transfer_proposed", "client.transfer_declined"]);

    // Proposed again, then withdrawn by the sending site (the receiver may not withdraw it).
    const p2 = await run(proposeTransferCommand, supervisorA, { clientId: c.id, version: v, toSiteId: siteB });
    expect(await run(decideTransferCommand, supervisorB, { transferId: p2.data.transferId, version: 1, decision: "cancel" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await run(decideTransferCommand, supervisorA, { transferId: p2.data.transferId, version: 1, decision: "cancel" })).toMatchObject({ ok: true, data: { status: "CANCELLED" } });

    // She opted out after the proposal: accepting is refused and nothing moves.
    const p3 = await run(proposeTransferCommand, admin, { clientId: c.id, version: v, toSiteId: siteB });
    expect(p3.ok).toBe(true);
    await db.client.update({ where: { id: c.id }, data: { status: "OPTED_OUT" } });
    expect(await run(decideTransferCommand, supervisorB, { transferId: p3.data.transferId, version: 1, decision: "accept" })).toMatchObject({ ok: false, error: { fieldErrors: { _form: ["transferStale"] } } });
    expect((await db.client.findUniqueOrThrow({ where: { id: c.id } })).siteId).toBe(siteA);
    expect((await db.clientTransfer.findUniqueOrThrow({ where: { id: p3.data.transferId } })).status).toBe("PROPOSED");
    expect(await run(proposeTransferCommand, supervisorA, { clientId: c.id, version: v + 1, toSiteId: siteC })).toMatchObject({ ok: false });
  });
});
