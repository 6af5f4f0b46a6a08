// Security brief, input (issue 13, items 9 and 11): a NUL byte in a name, a note or a search is
// refused on its field (or dropped from a search) instead of failing with a 500; `%` and `_` in a
// search match only themselves.
import { randomUUID } from "node:crypto";
import { execute } from "@/lib/action";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { recordOutcomeCommand } from "@/lib/calls/record";
import { listClients } from "@/lib/clients/queries";
import { listReassignClients } from "@/lib/assignment/queries";
import { listUsers } from "@/lib/users/queries";
import { actorFor, closeDb, createClient, createSite, createUser, testDb } from "@/tests/factories";

const db = testDb();
afterAll(closeDb);

describe("control characters", () => {
  it("a NUL byte in a call note: VALIDATION on the field, nothing written", async () => {
    const site = await createSite({ timeZone: "Africa/Blantyre" });
    const mentor = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [site.id] }));
    const client = await createClient(site.id, { mentorId: mentor.userId });
    const day = dateOnly(localDay("Africa/Blantyre", new Date()));
    const task = await db.callTask.create({ data: { clientId: client.id, mentorId: mentor.userId, taskDate: day, reasons: ["adherence"], priority: 8, firstDueDate: day } });
    const r = await execute(db, recordOutcomeCommand, mentor, {
      taskId: task.id, idempotencyKey: `k_${randomUUID().replace(/-/g, "")}`, disposition: "NO_ANSWER", notes: "called\u0000twice",
    });
    expect(r).toEqual({ ok: false, error: { code: "VALIDATION", message: "correctFields", fieldErrors: { notes: ["invalidCharacters"] } } });
    expect(await db.callAttempt.count({ where: { taskId: task.id } })).toBe(0);
  });

  it("a NUL byte in a search is dropped, not a failure", async () => {
    const site = await createSite();
    const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [site.id] }));
    const admin = await actorFor(await createUser("ADMIN"));
    await expect(listClients(db, supervisor, { q: "ab\u0000c" })).resolves.toBeDefined();
    await expect(listClients(db, supervisor, { q: "+27\u000082" })).resolves.toBeDefined();
    await expect(listReassignClients(db, supervisor, site.id, { q: "a\u0000" })).resolves.toBeDefined();
    await expect(listUsers(db, admin, { q: "a\u0000" })).resolves.toBeDefined();
  });
});

describe("search wildcards", () => {
  it("`%` and `_` match only themselves", async () => {
    const site = await createSite();
    const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [site.id] }));
    await createClient(site.id);
    await createClient(site.id);
    for (const q of ["%", "_", "%%", "_%"]) {
      expect((await listClients(db, supervisor, { q })).items).toHaveLength(0);
      expect((await listReassignClients(db, supervisor, site.id, { q })).items).toHaveLength(0);
    }
  });
});
