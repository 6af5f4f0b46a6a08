// Enrolment, duplicate detection and the client list against the real database: commands run
// through execute() with actors backed by real sessions; reads scoped per role.
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import examples from "libphonenumber-js/mobile/examples";
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { enrolClientCommand, findPossibleDuplicatesCommand } from "@/lib/clients/commands";
import { listClients, listMentorOptions } from "@/lib/clients/queries";
import { normalizePhone } from "@/lib/phones";
import { countrySettingsSchema } from "@/lib/settings/schemas";
import { actorFor, auditFor, closeDb, createClient, createSite, createUser, testDb, uid } from "../factories";

// Real regions (phone numbers are checked with the country's rules), each with its own calling
// code. ZA and MW are left to the demo seed, which runs later on the same database.
const REGIONS: CountryCode[] = ["KE", "UG", "TZ", "ZM", "BW", "LS", "SZ", "NA", "GH", "NG", "MZ", "AO", "RW", "ZW", "CM", "SN", "CI", "ET", "MG", "BJ", "BF", "ML", "NE", "TD", "GA", "GN", "LR", "SL", "TG", "BI"];

/** A country for this run under a real region code not taken yet (earlier runs keep theirs). */
async function realCountry(settings: Record<string, unknown> = {}) {
  for (const code of REGIONS) {
    if (await testDb().country.findUnique({ where: { code } })) continue;
    try {
      return await testDb().country.create({
        data: { code, name: `Enrol test ${code} ${uid()}`, timeZone: "Africa/Nairobi", defaultLanguage: "en", settings: countrySettingsSchema.parse(settings) },
      });
    } catch {
      // taken at the same moment by another test file: try the next one
    }
  }
  // Every region used by earlier runs of this file on this database: reuse one of ours.
  const mine = await testDb().country.findFirstOrThrow({ where: { name: { startsWith: "Enrol test" }, code: { in: REGIONS } }, orderBy: { createdAt: "asc" } });
  return testDb().country.update({ where: { id: mine.id }, data: { settings: countrySettingsSchema.parse(settings) } });
}

const usedNumbers = new Set<string>();
/** A valid mobile number of `region`, never used before (E.164 and national forms). */
async function freshNumber(region: string): Promise<{ e164: string; national: string }> {
  const example = getExampleNumber(region as CountryCode, examples)!;
  for (;;) {
    const tail = String(Math.floor(Math.random() * 100_000)).padStart(5, "0");
    const e164 = example.number.slice(0, -5) + tail;
    if (usedNumbers.has(e164) || normalizePhone(e164, region) !== e164) continue;
    if (await testDb().clientPhone.count({ where: { number: e164 } })) continue;
    usedNumbers.add(e164);
    // As a person would type it at home ("0712 345678"), which only the country's rules resolve.
    const national = parsePhoneNumberFromString(e164)!.formatNational();
    return { e164, national: normalizePhone(national, region) === e164 ? national : e164 };
  }
}

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysAgo = (n: number) => iso(new Date(Date.now() - n * DAY));
/** A birth date no other test shares by accident (names differ anyway). */
const randomBirth = () => iso(new Date(Date.UTC(1970 + Math.floor(Math.random() * 30), Math.floor(Math.random() * 12), 1 + Math.floor(Math.random() * 28))));

let countryA: { id: string; code: string }; // Mentor Mothers may not enrol
let countryB: { id: string; code: string }; // Mentor Mothers may enrol
let siteA: { id: string; code: string };
let siteA2: { id: string; code: string };
let siteB: { id: string; code: string };
let emptySite: { id: string; code: string };
let closedSite: { id: string; code: string };
let zuluMentor: { id: string; name: string };
let englishMentor: Awaited<ReturnType<typeof createUser>>;
let mentorB: Awaited<ReturnType<typeof createUser>>;
let supA: Actor;
let supB: Actor;
let admin: Actor;

beforeAll(async () => {
  countryA = await realCountry({ mentorsMayEnrol: false });
  countryB = await realCountry({ mentorsMayEnrol: true });
  siteA = await createSite({ countryId: countryA.id });
  siteA2 = await createSite({ countryId: countryA.id });
  siteB = await createSite({ countryId: countryB.id });
  emptySite = await createSite({ countryId: countryA.id });
  closedSite = await createSite({ countryId: countryA.id });
  await testDb().site.update({ where: { id: closedSite.id }, data: { active: false } });
  zuluMentor = await createUser("MENTOR_MOTHER", { siteIds: [siteA.id], languages: ["en", "zu"] });
  englishMentor = await createUser("MENTOR_MOTHER", { siteIds: [siteA.id], languages: ["en"] });
  await createUser("MENTOR_MOTHER", { siteIds: [siteA2.id], languages: ["en"] });
  mentorB = await createUser("MENTOR_MOTHER", { siteIds: [siteB.id], languages: ["en"] });
  supA = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteA.id, emptySite.id, closedSite.id] }));
  supB = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteB.id] }));
  admin = await actorFor(await createUser("ADMIN"));
});

afterAll(closeDb);

async function enrolInput(site: { id: string }, region: string, over: Record<string, unknown> = {}) {
  const phone = await freshNumber(region);
  return {
    siteId: site.id,
    firstName: "Nomvula",
    lastName: `Dlamini-${uid()}`,
    dateOfBirth: randomBirth(),
    sex: "FEMALE",
    category: "POSTNATAL",
    enrolmentDate: daysAgo(2),
    preferredLanguage: "zu",
    consentCalls: true,
    consentMessages: false,
    artStartDate: daysAgo(400),
    breastfeeding: true,
    phones: [{ number: phone.national, sharedPhone: true, mayIdentifyCaller: false, safeFrom: "17:00", safeTo: "19:30" }],
    infants: [{ firstName: "Amahle", dateOfBirth: daysAgo(60) }],
    appointments: [{ date: daysAgo(-10), kind: "ART_REFILL" }],
    viralLoad: { copies: 840, sampleDate: daysAgo(30), resultDate: daysAgo(20) },
    ...over,
  };
}

/** Rows that an enrolment writes, to prove a refused one wrote none. */
async function rowCounts() {
  const db = testDb();
  const [clients, phones, infants, appointments, vls, assignments, audits] = await Promise.all([
    db.client.count(), db.clientPhone.count(), db.infant.count(), db.appointment.count(),
    db.viralLoadResult.count(), db.assignment.count(), db.auditEvent.count({ where: { action: "client.enrolled" } }),
  ]);
  return { clients, phones, infants, appointments, vls, assignments, audits };
}

describe("enrolClientCommand", () => {
  it("enrols a client at the supervisor's site, normalises phones and assigns a Mentor Mother who speaks her language", async () => {
    const input = await enrolInput(siteA, countryA.code);
    const second = await freshNumber(countryA.code);
    input.phones.push({ number: second.e164, sharedPhone: false, mayIdentifyCaller: true, safeFrom: "", safeTo: "" });
    const r = await execute(testDb(), enrolClientCommand, supA, input);
    expect(r).toMatchObject({ ok: true, data: { mentor: { id: zuluMentor.id, name: zuluMentor.name, languageMatch: true } } });
    if (!r.ok) return;
    expect(r.data.ref).toMatch(new RegExp(`^${siteA.code}-\\d{6}$`));

    const client = await testDb().client.findUniqueOrThrow({
      where: { id: r.data.id },
      include: { phones: { orderBy: { isPrimary: "desc" } }, infants: true, appointments: true, viralLoads: true, assignments: true },
    });
    expect(client).toMatchObject({
      siteId: siteA.id, ref: r.data.ref, firstName: "Nomvula", lastName: input.lastName, sex: "FEMALE", category: "POSTNATAL", preferredLanguage: "zu",
      consentCalls: true, breastfeeding: true, mentorId: zuluMentor.id, status: "ACTIVE", lastVlCopies: 840, enrolmentSource: "manual",
    });
    expect(iso(client.lastVlDate!)).toBe(input.viralLoad.sampleDate);
    expect(iso(client.dateOfBirth)).toBe(input.dateOfBirth);
    // Both phones stored in E.164 whatever form they were typed in; safe hours in minutes.
    expect(client.phones.map((p) => p.number)).toEqual([normalizePhone(input.phones[0]!.number, countryA.code), second.e164]);
    expect(client.phones[0]).toMatchObject({ isPrimary: true, sharedPhone: true, mayIdentifyCaller: false, safeFromMinute: 17 * 60, safeToMinute: 19 * 60 + 30 });
    expect(client.phones[1]).toMatchObject({ isPrimary: false, sharedPhone: false, mayIdentifyCaller: true, safeFromMinute: null, safeToMinute: null });
    expect(client.infants).toHaveLength(1);
    expect(client.appointments).toMatchObject([{ kind: "ART_REFILL", status: "SCHEDULED" }]);
    expect(client.viralLoads).toMatchObject([{ copies: 840 }]);
    expect(iso(client.viralLoads[0]!.resultDate)).toBe(input.viralLoad.resultDate);
    expect(client.assignments).toMatchObject([{ mentorId: zuluMentor.id, reason: "enrolment", endAt: null, changedById: supA.userId }]);

    const audit = await auditFor(r.data.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "client.enrolled", entityType: "client", actorId: supA.userId,
      meta: { siteId: siteA.id, category: "POSTNATAL", assigned: true, mentorId: zuluMentor.id, duplicateOverride: false },
    });
    // No names, phone numbers or health values in the audit row.
    const meta = JSON.stringify(audit[0]!.meta);
    for (const secret of [input.lastName, "Nomvula", "Amahle", second.e164, client.phones[0]!.number]) expect(meta).not.toContain(secret);
    // The viral load (840 copies) as a value, not as digits that a random uuid may happen to hold.
    expect(meta).not.toMatch(/[:[,]"?840"?[,\]}]/);
  });

  it("gives consecutive, unique refs per site, also to enrolments at the same moment", async () => {
    const inputs = await Promise.all([1, 2, 3, 4].map(() => enrolInput(siteA2, countryA.code, { infants: [], viralLoad: undefined })));
    const results = await Promise.all(inputs.map((i) => execute(testDb(), enrolClientCommand, admin, i)));
    const refs = results.map((r) => (r.ok ? r.data.ref : `failed: ${JSON.stringify(r)}`));
    expect(new Set(refs).size).toBe(4);
    const numbers = refs.map((ref) => Number(ref.slice(siteA2.code.length + 1))).sort((a, b) => a - b);
    expect(numbers).toEqual([numbers[0], numbers[0]! + 1, numbers[0]! + 2, numbers[0]! + 3]);
  });

  it("refuses a malformed phone number on its field and writes nothing", async () => {
    const input = await enrolInput(siteA, countryA.code);
    input.phones.push({ number: "0123", sharedPhone: false, mayIdentifyCaller: false, safeFrom: "", safeTo: "" }); // too short: schema
    input.phones.push({ number: "+999 12 345 6789", sharedPhone: false, mayIdentifyCaller: false, safeFrom: "", safeTo: "" }); // no such country
    const before = await rowCounts();
    const r = await execute(testDb(), enrolClientCommand, supA, input);
    expect(r).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { "phones.1.number": ["invalidPhone"] } } });
    // A number of the right shape but not valid in the site's country: refused by the server.
    input.phones.splice(1, 1);
    const r2 = await execute(testDb(), enrolClientCommand, supA, input);
    expect(r2).toEqual({ ok: false, error: { code: "VALIDATION", message: "correctFields", fieldErrors: { "phones.1.number": ["invalidPhone"] } } });
    // The same phone twice, once local and once international.
    const dup = await enrolInput(siteA, countryA.code);
    dup.phones.push({ ...dup.phones[0]!, number: normalizePhone(dup.phones[0]!.number, countryA.code)! });
    expect(await execute(testDb(), enrolClientCommand, supA, dup)).toMatchObject({ ok: false, error: { fieldErrors: { phones: ["duplicatePhone"] } } });
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses impossible dates and an unknown language on their fields", async () => {
    const future = daysAgo(-30);
    const r = await execute(testDb(), enrolClientCommand, supA, await enrolInput(siteA, countryA.code, { dateOfBirth: future, appointments: [{ date: daysAgo(40), kind: "ART_REFILL" }] }));
    expect(r).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { dateOfBirth: ["dateInFuture"], "appointments.0.date": ["beforeEnrolment"] } } });
    const lang = await execute(testDb(), enrolClientCommand, supA, await enrolInput(siteA, countryA.code, { preferredLanguage: "qq" }));
    expect(lang).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { preferredLanguage: ["unknownLanguage"] } } });
  });

  it("answers not found for an unknown or out-of-scope site, and refuses a closed one", async () => {
    const before = await rowCounts();
    const unknown = await execute(testDb(), enrolClientCommand, supA, await enrolInput({ id: "00000000-0000-4000-8000-000000000000" }, countryA.code));
    expect(unknown).toEqual({ ok: false, error: { code: "NOT_FOUND", message: "NOT_FOUND" } });
    const other = await execute(testDb(), enrolClientCommand, supA, await enrolInput(siteB, countryB.code));
    expect(other).toEqual({ ok: false, error: { code: "NOT_FOUND", message: "NOT_FOUND" } });
    const closed = await execute(testDb(), enrolClientCommand, supA, await enrolInput(closedSite, countryA.code));
    expect(closed).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { siteId: ["siteClosed"] } } });
    // A programme manager has no enrolment permission at all.
    const pm = await actorFor(await createUser("PROGRAMME_MANAGER", { countryId: countryA.id }));
    expect(await execute(testDb(), enrolClientCommand, pm, await enrolInput(siteA, countryA.code))).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await execute(testDb(), enrolClientCommand, null, await enrolInput(siteA, countryA.code))).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    expect(await rowCounts()).toEqual(before);
  });

  it("lets a Mentor Mother enrol only at her own site and only where her country allows it", async () => {
    const mmA = await actorFor(englishMentor);
    expect(await execute(testDb(), enrolClientCommand, mmA, await enrolInput(siteA, countryA.code))).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const mmB = await actorFor(mentorB);
    const ok = await execute(testDb(), enrolClientCommand, mmB, await enrolInput(siteB, countryB.code, { preferredLanguage: "en" }));
    expect(ok).toMatchObject({ ok: true });
    // Another site of the same (permissive) country is not hers.
    const otherB = await createSite({ countryId: countryB.id });
    expect(await execute(testDb(), enrolClientCommand, mmB, await enrolInput(otherB, countryB.code))).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("creates the client unassigned and says why when nobody can take her", async () => {
    const noMentor = await execute(testDb(), enrolClientCommand, supA, await enrolInput(emptySite, countryA.code));
    expect(noMentor).toMatchObject({ ok: true, data: { mentor: null, reason: "no-mentor" } });
    if (!noMentor.ok) return;
    const stored = await testDb().client.findUniqueOrThrow({ where: { id: noMentor.data.id }, include: { assignments: true } });
    expect(stored.mentorId).toBeNull();
    expect(stored.assignments).toHaveLength(0);
    expect((await auditFor(noMentor.data.id))[0]!.meta).toMatchObject({ assigned: false, unassignedReason: "no-mentor" });

    // A site whose only Mentor Mother is at her cap.
    const fullSite = await createSite({ countryId: countryA.id });
    const full = await createUser("MENTOR_MOTHER", { siteIds: [fullSite.id], languages: ["zu"] });
    await testDb().mentorProfile.update({ where: { userId: full.id }, data: { caseloadCap: 1 } });
    await createClient(fullSite.id, { mentorId: full.id });
    const allFull = await execute(testDb(), enrolClientCommand, admin, await enrolInput(fullSite, countryA.code));
    expect(allFull).toMatchObject({ ok: true, data: { mentor: null, reason: "all-full" } });
  });

  it("assigns someone who does not speak her language when no speaker is free, and says so", async () => {
    const site = await createSite({ countryId: countryA.id });
    const m = await createUser("MENTOR_MOTHER", { siteIds: [site.id], languages: ["en"] });
    const r = await execute(testDb(), enrolClientCommand, admin, await enrolInput(site, countryA.code, { preferredLanguage: "zu" }));
    expect(r).toMatchObject({ ok: true, data: { mentor: { id: m.id, languageMatch: false } } });
  });
});

describe("duplicate detection", () => {
  it("refuses a shared phone number without confirmation, shows the match in scope, and accepts the override", async () => {
    const first = await enrolInput(siteA, countryA.code);
    const created = await execute(testDb(), enrolClientCommand, supA, first);
    if (!created.ok) throw new Error(JSON.stringify(created));

    // Another name and birth date, same phone typed internationally.
    const again = await enrolInput(siteA, countryA.code, { firstName: "Zanele", lastName: `Khumalo-${uid()}`, phones: [{ ...first.phones[0]!, number: normalizePhone(first.phones[0]!.number, countryA.code)! }] });
    const before = await rowCounts();
    const refused = await execute(testDb(), enrolClientCommand, supA, again);
    expect(refused).toEqual({ ok: false, error: { code: "VALIDATION", message: "possibleDuplicate", fieldErrors: { _form: ["possibleDuplicate"] } } });
    expect(await rowCounts()).toEqual(before);

    const check = await execute(testDb(), findPossibleDuplicatesCommand, supA, again);
    expect(check).toEqual({
      ok: true,
      data: { hidden: false, matches: [expect.objectContaining({ id: created.data.id, ref: created.data.ref, lastName: first.lastName, dateOfBirth: first.dateOfBirth, reasons: ["phone"] })] },
    });

    const accepted = await execute(testDb(), enrolClientCommand, supA, { ...again, confirmNotDuplicate: true });
    expect(accepted).toMatchObject({ ok: true });
    if (!accepted.ok) return;
    expect((await auditFor(accepted.data.id))[0]!.meta).toMatchObject({ duplicateOverride: true });
    // Without a match, the confirmation is no override.
    const plain = await execute(testDb(), enrolClientCommand, supA, { ...(await enrolInput(siteA, countryA.code)), confirmNotDuplicate: true });
    if (!plain.ok) throw new Error(JSON.stringify(plain));
    expect((await auditFor(plain.data.id))[0]!.meta).toMatchObject({ duplicateOverride: false });
  });

  it("finds the same birth date with a similar name: swapped, accented, misspelt", async () => {
    const dob = randomBirth();
    const last = `Ndlovu${uid().replace(/\d/g, "x")}`;
    const first = await enrolInput(siteA, countryA.code, { firstName: "Thandiwe", lastName: last, dateOfBirth: dob });
    const created = await execute(testDb(), enrolClientCommand, supA, first);
    if (!created.ok) throw new Error(JSON.stringify(created));
    for (const [firstName, lastName] of [[last, "Thandiwe"], ["Thandíwe", last.toUpperCase()], ["Thandwie", last]]) {
      const probe = await enrolInput(siteA, countryA.code, { firstName, lastName, dateOfBirth: dob });
      const r = await execute(testDb(), findPossibleDuplicatesCommand, supA, probe);
      expect(r).toMatchObject({ ok: true, data: { matches: [{ id: created.data.id, reasons: ["nameAndBirth"] }] } });
      expect(await execute(testDb(), enrolClientCommand, supA, probe)).toMatchObject({ ok: false, error: { message: "possibleDuplicate" } });
    }
    // A different person born the same day is no match.
    const other = await enrolInput(siteA, countryA.code, { firstName: "Lerato", lastName: `Mofokeng${uid()}`, dateOfBirth: dob });
    expect(await execute(testDb(), findPossibleDuplicatesCommand, supA, other)).toEqual({ ok: true, data: { matches: [], hidden: false } });
  });

  it("finds matches programme-wide but never describes one outside the actor's scope", async () => {
    const first = await enrolInput(siteA, countryA.code, { firstName: "Palesa" });
    const created = await execute(testDb(), enrolClientCommand, supA, first);
    if (!created.ok) throw new Error(JSON.stringify(created));
    const e164 = normalizePhone(first.phones[0]!.number, countryA.code)!;
    // Supervisor B, at a site of another country, types the same number internationally.
    const probe = await enrolInput(siteB, countryB.code, { preferredLanguage: "en", firstName: "Palesa", lastName: first.lastName, dateOfBirth: first.dateOfBirth, phones: [{ number: e164, sharedPhone: false, mayIdentifyCaller: false }] });
    const r = await execute(testDb(), findPossibleDuplicatesCommand, supB, probe);
    expect(r).toEqual({ ok: true, data: { matches: [], hidden: true } });
    expect(JSON.stringify(r)).not.toContain(created.data.ref);
    expect(await execute(testDb(), enrolClientCommand, supB, probe)).toMatchObject({ ok: false, error: { message: "possibleDuplicate" } });
    expect(await execute(testDb(), enrolClientCommand, supB, { ...probe, confirmNotDuplicate: true })).toMatchObject({ ok: true });
  });
});

describe("listClients", () => {
  let site: { id: string };
  let otherSite: { id: string };
  let mm1: Awaited<ReturnType<typeof createUser>>;
  let mm2: Awaited<ReturnType<typeof createUser>>;
  let ids: string[];

  beforeAll(async () => {
    site = await createSite({ countryId: countryA.id });
    otherSite = await createSite({ countryId: countryB.id });
    mm1 = await createUser("MENTOR_MOTHER", { siteIds: [site.id] });
    mm2 = await createUser("MENTOR_MOTHER", { siteIds: [site.id] });
    // Seven clients, four with exactly the same name: the id breaks the tie between pages.
    const same = `Same${uid()}`;
    const made = [];
    for (let i = 0; i < 7; i++) {
      const c = await createClient(site.id, { mentorId: i % 2 ? mm1.id : mm2.id });
      if (i < 4) await testDb().client.update({ where: { id: c.id }, data: { lastName: same, firstName: "Ayanda" } });
      made.push(c.id);
    }
    await createClient(otherSite.id);
    ids = made;
  });

  it("pages with a keyset: every client once, in order, none missing", async () => {
    const sup = await actorFor(await createUser("SUPERVISOR", { siteIds: [site.id] }));
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await listClients(testDb(), sup, { after, take: 3 });
      seen.push(...page.items.map((c) => c.id));
      after = page.nextCursor ?? undefined;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(ids));
    const rows = await testDb().client.findMany({ where: { id: { in: seen } }, select: { id: true, lastName: true, firstName: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const key = (id: string) => [byId.get(id)!.lastName, byId.get(id)!.firstName, id];
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [key(seen[i - 1]!), key(seen[i]!)];
      expect(a[0]! < b[0]! || (a[0] === b[0] && (a[1]! < b[1]! || (a[1] === b[1] && a[2]! < b[2]!)))).toBe(true);
    }
  });

  it("keeps every role to its own scope, in rows and in filters", async () => {
    const mm = await actorFor(mm1);
    const mine = await listClients(testDb(), mm, { take: 100 });
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((c) => c.mentor?.id === mm1.id)).toBe(true);
    // Filtering by another Mentor Mother, or paging from her client's id, shows nothing of hers.
    expect((await listClients(testDb(), mm, { mentorId: mm2.id })).items).toHaveLength(0);
    const firstOfOther = (await testDb().client.findFirstOrThrow({ where: { mentorId: mm2.id } })).id;
    expect((await listClients(testDb(), mm, { after: firstOfOther, take: 100 })).items.map((c) => c.id).sort()).toEqual(mine.items.map((c) => c.id).sort());

    const sup = await actorFor(await createUser("SUPERVISOR", { siteIds: [site.id] }));
    const supList = await listClients(testDb(), sup, { take: 100 });
    expect(supList.items.every((c) => c.site.id === site.id)).toBe(true);
    expect((await listClients(testDb(), sup, { siteId: otherSite.id })).items).toHaveLength(0);

    // A programme manager browses identified clients only once an administrator granted it
    // (issue 12, least privilege); then within her country.
    const pmUser = await createUser("PROGRAMME_MANAGER", { countryId: countryB.id });
    await expect(listClients(testDb(), await actorFor(pmUser), { take: 100 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await testDb().user.update({ where: { id: pmUser.id }, data: { identifiedAccessGrantedAt: new Date() } });
    const pm = await actorFor(pmUser);
    const pmList = await listClients(testDb(), pm, { take: 100 });
    const pmSites = await testDb().site.findMany({ where: { id: { in: pmList.items.map((c) => c.site.id) } }, select: { countryId: true } });
    expect(pmList.items.length).toBeGreaterThan(0);
    expect(pmSites.every((s) => s.countryId === countryB.id)).toBe(true);

    // Mentor filter options: her colleagues for the supervisor, none for a Mentor Mother.
    expect((await listMentorOptions(testDb(), sup, site.id))!.map((m) => m.id).sort()).toEqual([mm1.id, mm2.id].sort());
    expect(await listMentorOptions(testDb(), mm)).toEqual([]);
  });

  it("searches by name, ref and phone (any way it is written), within scope only", async () => {
    const input = await enrolInput(siteA, countryA.code, { firstName: "Lindiwe", lastName: `Sibiya${uid().replace(/\d/g, "q")}` });
    const r = await execute(testDb(), enrolClientCommand, supA, input);
    if (!r.ok) throw new Error(JSON.stringify(r));
    const e164 = normalizePhone(input.phones[0]!.number, countryA.code)!;
    const spaced = e164.replace(/^(\+\d{3})(\d{2})/, "$1 $2 ");
    for (const q of [input.lastName.toLowerCase(), `lindiwe ${input.lastName.slice(0, 9)}`, r.data.ref, e164, spaced, input.phones[0]!.number]) {
      const found = await listClients(testDb(), supA, { q });
      expect({ q, ids: found.items.map((c) => c.id) }).toEqual({ q, ids: [r.data.id] });
    }
    // Supervisor B cannot find her by any of these.
    for (const q of [input.lastName, r.data.ref, e164]) expect((await listClients(testDb(), supB, { q })).items).toHaveLength(0);
    expect((await listClients(testDb(), supA, { q: "+999 000 000 000" })).items).toHaveLength(0);
  });
});
