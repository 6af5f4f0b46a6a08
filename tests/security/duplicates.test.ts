// Issue 13, item 2: "is this person a client?" is not an oracle. The duplicate check answers only
// with matches the user may see (no hint of one elsewhere), every check leaves an audit row, and a
// user cannot run them in bulk.
import { execute } from "@/lib/action";
import { DUPLICATE_CHECKS_PER_HOUR, enrolClientCommand, findPossibleDuplicatesCommand } from "@/lib/clients/commands";
import { dismissDuplicatesCommand, linkDuplicatesCommand, listOpenDuplicates, orderedPair, raisePossibleDuplicates } from "@/lib/clients/duplicate-review";
import { isoDate } from "@/lib/dates";
import { enrolmentCountsSql } from "@/lib/reports/enrolment-sql";
import { actorFor, auditFor, closeDb, createClient, createCountry, createSite, createUser, testDb, uid } from "@/tests/factories";

const db = testDb();
afterAll(closeDb);

describe("duplicate checks", () => {
  it("reveal nothing out of scope, are audited one by one, and are throttled per user", async () => {
    const mine = await createSite();
    const theirs = await createSite();
    const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [mine.id] }));
    const elsewhere = await createClient(theirs.id);
    const person = await db.client.findUniqueOrThrow({ where: { id: elsewhere.id } });
    const probe = {
      siteId: mine.id, firstName: person.firstName, lastName: person.lastName, dateOfBirth: person.dateOfBirth.toISOString().slice(0, 10),
      sex: "FEMALE", category: "OTHER", enrolmentDate: new Date().toISOString().slice(0, 10), preferredLanguage: "en",
      consentCalls: true, consentMessages: false, infants: [], appointments: [],
      phones: [{ number: `+2782${Math.floor(1e6 + Math.random() * 8e6)}`, sharedPhone: false, mayIdentifyCaller: false }],
    };
    const first = await execute(db, findPossibleDuplicatesCommand, supervisor, probe);
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(first.data).toEqual({ matches: [] });
    expect(JSON.stringify(first)).not.toContain(person.ref);
    // The same answer as for a person nobody has enrolled.
    const nobody = await execute(db, findPossibleDuplicatesCommand, supervisor, { ...probe, lastName: `Nobody-${uid()}` });
    expect(nobody).toEqual(first);

    const rows = await db.auditEvent.count({ where: { actorId: supervisor.userId, action: "clients.duplicate_check" } });
    expect(rows).toBe(2);
    // Up to the hourly budget, then RATE_LIMITED (and the refusal is audited too).
    await db.auditEvent.createMany({
      data: Array.from({ length: DUPLICATE_CHECKS_PER_HOUR - 2 }, () => ({ actorId: supervisor.userId, action: "clients.duplicate_check", entityType: "client" })),
    });
    const limited = await execute(db, findPossibleDuplicatesCommand, supervisor, probe);
    expect(limited).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    expect(await db.auditEvent.count({ where: { actorId: supervisor.userId, action: "clients.duplicate_check.rate_limited" } })).toBe(1);
  });
});

// Issue 13, item 2 (the rest): the match outside the enroller's scope is raised as a pair for the
// administrators' review - once per pair - where she links the two records as one person (one
// stays active, the other closed as a duplicate with its history, its open calls cancelled) or
// dismisses them as different people (never raised again). Reports count a linked pair once.
describe("cross-site duplicate review", () => {
  const year = { current: { from: "2026-01-01", to: "2026-12-31" }, previous: { from: "2025-01-01", to: "2025-12-31" } };

  async function raisedPair() {
    const country = await createCountry();
    const [mine, theirs] = await Promise.all([createSite({ countryId: country.id }), createSite({ countryId: country.id })]);
    const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [mine.id] }));
    await createUser("MENTOR_MOTHER", { siteIds: [mine.id] });
    const mentorThere = await createUser("MENTOR_MOTHER", { siteIds: [theirs.id] });
    const elsewhere = await createClient(theirs.id, { mentorId: mentorThere.id });
    await db.assignment.create({ data: { clientId: elsewhere.id, mentorId: mentorThere.id, startAt: new Date("2026-01-10"), reason: "seed" } });
    const person = await db.client.findUniqueOrThrow({ where: { id: elsewhere.id } });
    const enrolled = await execute(db, enrolClientCommand, supervisor, {
      siteId: mine.id, firstName: person.firstName, lastName: person.lastName, dateOfBirth: isoDate(person.dateOfBirth),
      sex: "FEMALE", category: "OTHER", enrolmentDate: "2026-06-01", preferredLanguage: "en",
      consentCalls: true, consentMessages: false, infants: [], appointments: [],
      phones: [{ number: `+2782${Math.floor(1e6 + Math.random() * 8e6)}`, sharedPhone: false, mayIdentifyCaller: false }],
    });
    if (!enrolled.ok) throw new Error(JSON.stringify(enrolled));
    const pair = await db.possibleDuplicate.findUniqueOrThrow({ where: { clientAId_clientBId: orderedPair(enrolled.data.id, elsewhere.id) } });
    return { country, supervisor, enrolledId: enrolled.data.id, elsewhereId: elsewhere.id, pair };
  }

  it("raises one pair for an out-of-scope match, shown only to administrators, side by side, the view audited", async () => {
    const { supervisor, enrolledId, elsewhereId, pair } = await raisedPair();
    expect(pair).toMatchObject({ status: "OPEN", raisedById: supervisor.userId, version: 1 });
    // The same pair raised again (another enrolment, an import) stays one row.
    expect(await raisePossibleDuplicates(db, elsewhereId, [enrolledId, enrolledId], null)).toBe(0);
    expect(await db.possibleDuplicate.count({ where: { OR: [{ clientAId: enrolledId }, { clientBId: enrolledId }] } })).toBe(1);

    const admin = await actorFor(await createUser("ADMIN"));
    let found: Awaited<ReturnType<typeof listOpenDuplicates>>["pairs"][number] | undefined;
    for (let after: string | undefined; !found; ) {
      const page = await listOpenDuplicates(db, admin, { after });
      found = page.pairs.find((p) => p.id === pair.id);
      if (!page.next) break;
      after = page.next;
    }
    expect(found).toBeDefined();
    expect([found!.a.id, found!.b.id].sort()).toEqual([enrolledId, elsewhereId].sort());
    expect(found!.a.phones.length + found!.b.phones.length).toBeGreaterThan(0);
    expect(await db.auditEvent.count({ where: { actorId: admin.userId, action: "duplicates.review_viewed" } })).toBeGreaterThan(0);

    // Nobody else sees the list or decides: the enrolling supervisor, a programme manager.
    const manager = await actorFor(await createUser("PROGRAMME_MANAGER"));
    for (const actor of [supervisor, manager]) {
      await expect(listOpenDuplicates(db, actor, {})).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect(await execute(db, linkDuplicatesCommand, actor, { pairId: pair.id, version: 1, keepClientId: enrolledId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      expect(await execute(db, dismissDuplicatesCommand, actor, { pairId: pair.id, version: 1 })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
    expect(await db.possibleDuplicate.findUniqueOrThrow({ where: { id: pair.id } })).toMatchObject({ status: "OPEN", version: 1 });
  });

  it("links them: the other record closed as DUPLICATE with its history, its open calls cancelled, counted once in reports", async () => {
    const { country, enrolledId, elsewhereId, pair } = await raisedPair();
    const admin = await actorFor(await createUser("ADMIN"));
    const [task] = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO call_tasks (client_id, mentor_id, task_date, reasons, priority, status, first_due_date, updated_at)
      SELECT id, mentor_id, DATE '2099-01-05', ARRAY['adherence'], 8, 'PENDING', DATE '2099-01-05', now() FROM clients WHERE id = ${elsewhereId}::uuid
      RETURNING id`;
    const counts = async () => {
      const all = await enrolmentCountsSql(db, admin, { ...year, countryId: country.id, siteId: null });
      const total = (measure: string) => all.find((c) => c.period === "current" && c.measure === measure && c.dimension === "total")?.count ?? 0;
      return { new: total("new"), active: total("active"), exits: total("exits") };
    };
    expect(await counts()).toEqual({ new: 2, active: 2, exits: 0 });

    // The record kept must be one of the pair.
    const stranger = await createClient((await createSite()).id);
    expect(await execute(db, linkDuplicatesCommand, admin, { pairId: pair.id, version: 1, keepClientId: stranger.id })).toMatchObject({ ok: false, error: { fieldErrors: { keepClientId: ["invalidValue"] } } });

    const linked = await execute(db, linkDuplicatesCommand, admin, { pairId: pair.id, version: 1, keepClientId: enrolledId });
    expect(linked).toMatchObject({ ok: true, data: { keptClientId: enrolledId, closedClientId: elsewhereId, tasksCancelled: 1 } });
    expect(await db.client.findUniqueOrThrow({ where: { id: elsewhereId } })).toMatchObject({ status: "EXITED", statusReasonCode: "DUPLICATE", mentorId: null });
    expect(await db.client.findUniqueOrThrow({ where: { id: enrolledId } })).toMatchObject({ status: "ACTIVE" });
    expect(await db.callTask.findUniqueOrThrow({ where: { id: task!.id } })).toMatchObject({ status: "CANCELLED" });
    expect(await db.assignment.count({ where: { clientId: elsewhereId, endAt: null } })).toBe(0);
    expect(await db.assignment.count({ where: { clientId: elsewhereId } })).toBe(1);
    expect(await db.possibleDuplicate.findUniqueOrThrow({ where: { id: pair.id } })).toMatchObject({ status: "LINKED", keptClientId: enrolledId, decidedById: admin.userId, version: 2 });
    expect((await auditFor(elsewhereId)).map((a) => [a.action, (a.meta as { code?: string }).code])).toContainEqual(["client.status_changed", "DUPLICATE"]);
    expect((await auditFor(enrolledId)).map((a) => a.action)).toContain("duplicates.linked");

    // One person: one enrolment, one active client, no exit.
    expect(await counts()).toEqual({ new: 1, active: 1, exits: 0 });
    // Decided once: a second decision from the same version is a CONFLICT.
    expect(await execute(db, dismissDuplicatesCommand, admin, { pairId: pair.id, version: 1 })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
  });

  it("dismisses them as different people: nothing changes, the pair is not raised again", async () => {
    const { enrolledId, elsewhereId, pair } = await raisedPair();
    const admin = await actorFor(await createUser("ADMIN"));
    expect(await execute(db, dismissDuplicatesCommand, admin, { pairId: pair.id, version: 1 })).toMatchObject({ ok: true });
    expect(await db.possibleDuplicate.findUniqueOrThrow({ where: { id: pair.id } })).toMatchObject({ status: "DISMISSED", keptClientId: null, version: 2 });
    expect(await raisePossibleDuplicates(db, enrolledId, [elsewhereId], null)).toBe(0);
    expect(await db.possibleDuplicate.findUniqueOrThrow({ where: { id: pair.id } })).toMatchObject({ status: "DISMISSED" });
    for (const id of [enrolledId, elsewhereId]) expect(await db.client.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "ACTIVE" });
    expect((await auditFor(elsewhereId)).map((a) => a.action)).toContain("duplicates.dismissed");
    const page = await listOpenDuplicates(db, admin, {});
    expect(page.pairs.map((p) => p.id)).not.toContain(pair.id);
  });
});
