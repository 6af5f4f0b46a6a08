// Issue 13 ("also missing"): who viewed, changed or exported a client's record. Administrators read
// the whole trail, supervisors their sites' (rows about their clients, and what their staff did);
// programme managers and Mentor Mothers nothing. Filters by client, user and days; newest first,
// paged; reading the trail is itself audited; a lookup by reference is a POSTed, audited command.
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { writeAudit } from "@/lib/audit";
import { listAuditEvents, lookupAuditSubjectCommand, AUDIT_PAGE_SIZE } from "@/lib/audit-trail/queries";
import { auditFilterSchema } from "@/lib/audit-trail/schemas";
import { actorFor, closeDb, createClient, createCountry, createSite, createUser, testDb } from "@/tests/factories";

const db = testDb();
afterAll(closeDb);

const filter = (raw: Record<string, string>) => auditFilterSchema.parse(raw);

describe("the audit viewer", () => {
  let admin: Actor;
  let supervisor: Actor;
  let mentorUser: Awaited<ReturnType<typeof createUser>>;
  let outsiderUser: Awaited<ReturnType<typeof createUser>>;
  let mine: { id: string; ref: string };
  let theirs: { id: string; ref: string };

  beforeAll(async () => {
    const country = await createCountry();
    const [siteA, siteB] = await Promise.all([createSite({ countryId: country.id }), createSite({ countryId: country.id })]);
    admin = await actorFor(await createUser("ADMIN"));
    supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteA.id] }));
    mentorUser = await createUser("MENTOR_MOTHER", { siteIds: [siteA.id] });
    outsiderUser = await createUser("MENTOR_MOTHER", { siteIds: [siteB.id] });
    mine = await createClient(siteA.id, { mentorId: mentorUser.id });
    theirs = await createClient(siteB.id, { mentorId: outsiderUser.id });
    // A trail: her Mentor Mother viewed her client, the other site's Mentor Mother viewed hers and
    // exported a list, an administrator changed the other site's client.
    await writeAudit(db, { actorId: mentorUser.id }, { action: "client.viewed", entityType: "client", entityId: mine.id });
    await writeAudit(db, { actorId: outsiderUser.id }, { action: "client.viewed", entityType: "client", entityId: theirs.id });
    await writeAudit(db, { actorId: outsiderUser.id }, { action: "export.lineList", entityType: "export", meta: { rows: 3 } });
    await writeAudit(db, { actorId: admin.userId }, { action: "client.updated", entityType: "client", entityId: theirs.id });
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) {
      await writeAudit(db, { actorId: mentorUser.id }, { action: "client.viewed", entityType: "client", entityId: mine.id, meta: { n: i } });
    }
  });

  it("shows an administrator a client's trail, newest first, paged, and audits the viewing", async () => {
    const first = await listAuditEvents(db, admin, filter({ client: theirs.id }));
    expect(first.client).toEqual({ id: theirs.id, ref: theirs.ref });
    expect(first.rows.map((r) => r.action)).toEqual(["client.updated", "client.viewed"]);
    expect(first.rows[0]).toMatchObject({ clientRef: theirs.ref, actorName: admin.name });
    expect(Number(first.rows[0]!.id)).toBeGreaterThan(Number(first.rows[1]!.id));

    const p1 = await listAuditEvents(db, admin, filter({ client: mine.id }));
    expect(p1.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(p1.next).not.toBeNull();
    const p2 = await listAuditEvents(db, admin, filter({ client: mine.id, before: p1.next! }));
    expect(p2.rows).toHaveLength(6);
    expect(p2.next).toBeNull();
    expect(new Set([...p1.rows, ...p2.rows].map((r) => r.id)).size).toBe(AUDIT_PAGE_SIZE + 6);

    const seen = await db.auditEvent.findMany({ where: { actorId: admin.userId, action: "audit.viewed" }, orderBy: { id: "asc" } });
    expect(seen.map((r) => [r.entityType, r.entityId])).toEqual([["client", theirs.id], ["client", mine.id], ["client", mine.id]]);
  });

  it("filters by user and by days", async () => {
    const byUser = await listAuditEvents(db, admin, filter({ user: outsiderUser.id }));
    expect(byUser.rows.map((r) => r.action).sort()).toEqual(["client.viewed", "export.lineList"]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await listAuditEvents(db, admin, filter({ user: outsiderUser.id, from: tomorrow }))).rows).toEqual([]);
    expect((await listAuditEvents(db, admin, filter({ user: outsiderUser.id, from: yesterday, to: tomorrow }))).rows).toHaveLength(2);
    // Reversed days are put in order; a malformed filter is simply off.
    expect(filter({ from: tomorrow, to: yesterday })).toMatchObject({ from: yesterday, to: tomorrow });
    expect(filter({ client: "ZA-SOW-000001", from: "yesterday" })).toEqual({ client: undefined, user: undefined, from: undefined, to: undefined, before: undefined });
  });

  it("shows a supervisor only her sites' trail: another site's client or staff member is NOT_FOUND", async () => {
    const own = await listAuditEvents(db, supervisor, filter({ client: mine.id }));
    expect(own.rows.length).toBeGreaterThan(0);
    await expect(listAuditEvents(db, supervisor, filter({ client: theirs.id }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listAuditEvents(db, supervisor, filter({ user: outsiderUser.id }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Unfiltered, over the last day: nothing about the other site's client or by its staff.
    const today = new Date().toISOString().slice(0, 10);
    let before: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await listAuditEvents(db, supervisor, filter({ from: today, ...(before ? { before } : {}) }));
      for (const r of page.rows) {
        expect(r.entityId).not.toBe(theirs.id);
        expect(r.actorName).not.toBe(outsiderUser.name);
      }
      if (!page.next) break;
      before = page.next;
    }
  });

  it("is refused to programme managers and Mentor Mothers", async () => {
    for (const role of ["PROGRAMME_MANAGER", "MENTOR_MOTHER", "DATA_CLERK"] as const) {
      const actor = await actorFor(await createUser(role, { siteIds: role === "PROGRAMME_MANAGER" ? undefined : [(await createSite()).id] }));
      await expect(listAuditEvents(db, actor, filter({}))).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect(await execute(db, lookupAuditSubjectCommand, actor, { clientRef: mine.ref })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
  });

  it("turns a typed reference or username into ids by a POSTed, audited lookup, in scope only", async () => {
    const found = await execute(db, lookupAuditSubjectCommand, supervisor, { clientRef: mine.ref, username: mentorUser.username });
    expect(found).toEqual({ ok: true, data: { client: mine.id, user: mentorUser.id } });
    const hidden = await execute(db, lookupAuditSubjectCommand, supervisor, { clientRef: theirs.ref });
    expect(hidden).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { clientRef: ["notFound"] } } });
    expect(JSON.stringify(hidden)).not.toContain(theirs.id);
    const rows = await db.auditEvent.findMany({ where: { actorId: supervisor.userId, action: "audit.lookup" }, orderBy: { id: "asc" } });
    expect(rows.map((r) => (r.meta as { found: boolean }).found)).toEqual([true, false]);
    expect(JSON.stringify(rows.map((r) => [r.entityId, r.meta]))).not.toContain(theirs.ref);
  });
});
