// Issue 13, item 2: "is this person a client?" is not an oracle. The duplicate check answers only
// with matches the user may see (no hint of one elsewhere), every check leaves an audit row, and a
// user cannot run them in bulk.
import { execute } from "@/lib/action";
import { DUPLICATE_CHECKS_PER_HOUR, findPossibleDuplicatesCommand } from "@/lib/clients/commands";
import { actorFor, closeDb, createClient, createSite, createUser, testDb, uid } from "@/tests/factories";

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
