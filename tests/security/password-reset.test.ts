// Issue 13 ("also missing"): a supervisor gives her own sites' Mentor Mothers a one-time password
// through the administrator's reset command - shown once, replaced at the next sign-in, every old
// session ended, audited - and no one else's.
import { execute } from "@/lib/action";
import { loadActor } from "@/lib/auth/actor";
import { signIn } from "@/lib/auth/sign-in";
import { can } from "@/lib/authz";
import { resetPasswordCommand } from "@/lib/users/commands";
import { actorFor, auditFor, closeDb, createCountry, createSite, createUser, testDb, TEST_PASSWORD } from "@/tests/factories";

const db = testDb();
afterAll(closeDb);
const LIMITS = { perAccount: 1000, perAddress: 100000 };

async function sessionOf(username: string, password: string) {
  const r = await signIn(db, { username, password }, { ip: null, limits: LIMITS });
  if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`);
  return r.sessionId;
}

describe("a supervisor resets a password", () => {
  it("of her own site's Mentor Mother: one-time, changed at next sign-in, old sessions ended, audited", async () => {
    const country = await createCountry();
    const site = await createSite({ countryId: country.id });
    const supervisorUser = await createUser("SUPERVISOR", { siteIds: [site.id] });
    const supervisor = await actorFor(supervisorUser);
    const mentor = await createUser("MENTOR_MOTHER", { siteIds: [site.id] });
    const oldSession = await sessionOf(mentor.username, TEST_PASSWORD);

    const r = await execute(db, resetPasswordCommand, supervisor, { id: mentor.id });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.data).toMatchObject({ id: mentor.id, name: mentor.name });
    const password = r.data.oneTimePassword;
    expect(password).toMatch(/^\w{5}-\w{5}-\w{5}-\w{5}$/);

    // The old session is over; the old password no longer works; the new one signs her in to the
    // password change only.
    expect(await loadActor(db, oldSession)).toEqual({ actor: null, state: "stale-version" });
    await expect(sessionOf(mentor.username, TEST_PASSWORD)).rejects.toThrow("sign-in failed");
    const fresh = await loadActor(db, await sessionOf(mentor.username, password));
    expect(fresh.actor).toMatchObject({ userId: mentor.id, mustChangePassword: true });
    expect(can(fresh.actor, "queue.work")).toBe(false);
    expect(can(fresh.actor, "account.self")).toBe(true);

    const audit = (await auditFor(mentor.id)).filter((a) => a.action === "user.password_reset");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: supervisorUser.id, entityType: "user" });
    expect(JSON.stringify(audit, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(password);
  });

  it("of no one else: another site's Mentor Mother, a supervisor or clerk of her site, herself - NOT_FOUND, nothing changed", async () => {
    const country = await createCountry();
    const [mine, theirs] = await Promise.all([createSite({ countryId: country.id }), createSite({ countryId: country.id })]);
    const supervisorUser = await createUser("SUPERVISOR", { siteIds: [mine.id] });
    const supervisor = await actorFor(supervisorUser);
    const targets = await Promise.all([
      createUser("MENTOR_MOTHER", { siteIds: [theirs.id] }),
      createUser("SUPERVISOR", { siteIds: [mine.id] }),
      createUser("DATA_CLERK", { siteIds: [mine.id] }),
      createUser("ADMIN"),
    ]);
    for (const target of [...targets, supervisorUser]) {
      const r = await execute(db, resetPasswordCommand, supervisor, { id: target.id });
      expect(r).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      const row = await db.user.findUniqueOrThrow({ where: { id: target.id } });
      expect(row).toMatchObject({ mustChangePassword: false, sessionVersion: 1, version: 1 });
      expect((await auditFor(target.id)).filter((a) => a.action === "user.password_reset")).toHaveLength(0);
    }
    // Mentor Mothers and programme managers may not reset anyone's, even at the same site.
    const mentor = await createUser("MENTOR_MOTHER", { siteIds: [mine.id] });
    for (const role of ["MENTOR_MOTHER", "PROGRAMME_MANAGER", "DATA_CLERK"] as const) {
      const actor = await actorFor(await createUser(role, { siteIds: role === "PROGRAMME_MANAGER" ? undefined : [mine.id] }));
      expect(await execute(db, resetPasswordCommand, actor, { id: mentor.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
    expect(await db.user.findUniqueOrThrow({ where: { id: mentor.id } })).toMatchObject({ mustChangePassword: false, sessionVersion: 1 });
  });
});
