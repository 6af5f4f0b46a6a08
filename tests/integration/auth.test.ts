import { signIn, signOut } from "@/lib/auth/sign-in";
import { loadActor } from "@/lib/auth/actor";
import { IDLE_TIMEOUT_MS, ABSOLUTE_TIMEOUT_MS } from "@/lib/auth/session-rules";
import { execute } from "@/lib/action";
import { changePasswordCommand } from "@/lib/account/commands";
import { TEST_PASSWORD, actorFor, auditFor, closeDb, createSite, createUser, testDb, uid } from "@/tests/factories";

const limits = { perAccount: 5, perAddress: 8 };
const ip = () => `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

afterAll(closeDb);

describe("sign-in", () => {
  it("creates a server-side session and audits the decision", async () => {
    const site = await createSite();
    const u = await createUser("MENTOR_MOTHER", { siteIds: [site.id] });
    const res = await signIn(testDb(), { username: u.username.toUpperCase(), password: TEST_PASSWORD }, { ip: ip(), limits });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const { actor, state } = await loadActor(testDb(), res.sessionId);
    expect(state).toBe("valid");
    expect(actor).toMatchObject({ userId: u.id, role: "MENTOR_MOTHER", siteIds: [site.id] });
    const audit = await auditFor(res.sessionId);
    expect(audit.map((a) => a.action)).toEqual(["auth.sign_in"]);
    expect(audit[0]!.actorId).toBe(u.id);
  });

  it("signs in with the phone number too", async () => {
    const u = await createUser("SUPERVISOR");
    const phone = `+2782${Math.floor(1000000 + Math.random() * 8999999)}`;
    await testDb().user.update({ where: { id: u.id }, data: { phone } });
    const res = await signIn(testDb(), { username: phone, password: TEST_PASSWORD }, { ip: ip(), limits });
    expect(res.ok).toBe(true);
  });

  it("refuses a wrong password, an unknown account and an inactive one alike, and audits without the password", async () => {
    const u = await createUser("SUPERVISOR");
    const off = await createUser("SUPERVISOR", { active: false });
    const addr = ip();
    const wrong = await signIn(testDb(), { username: u.username, password: "not-the-password" }, { ip: addr, limits });
    const unknown = await signIn(testDb(), { username: `nobody-${uid()}`, password: "x" }, { ip: addr, limits });
    const inactive = await signIn(testDb(), { username: off.username, password: TEST_PASSWORD }, { ip: addr, limits });
    expect([wrong, unknown, inactive]).toEqual([
      { ok: false, reason: "invalid" },
      { ok: false, reason: "invalid" },
      { ok: false, reason: "invalid" },
    ]);
    const rows = await testDb().auditEvent.findMany({ where: { ip: addr }, orderBy: { id: "asc" } });
    expect(rows.map((r) => (r.meta as { reason: string }).reason)).toEqual(["wrong-password", "unknown-account", "inactive"]);
    expect(JSON.stringify(rows.map((r) => r.meta))).not.toContain("not-the-password");
    expect(await testDb().userSession.count({ where: { userId: { in: [u.id, off.id] } } })).toBe(0);
  });

  it("locks an account after too many failures in an hour, even with the right password", async () => {
    const u = await createUser("MENTOR_MOTHER");
    for (let i = 0; i < limits.perAccount; i++) {
      // A different address each time: the account limit must hold on its own.
      expect(await signIn(testDb(), { username: u.username, password: "bad" }, { ip: ip(), limits })).toEqual({ ok: false, reason: "invalid" });
    }
    const locked = await signIn(testDb(), { username: u.username, password: TEST_PASSWORD }, { ip: ip(), limits });
    expect(locked).toEqual({ ok: false, reason: "rate-limited" });
    // An hour later the window has passed.
    const later = await signIn(testDb(), { username: u.username, password: TEST_PASSWORD }, { ip: ip(), limits, now: new Date(Date.now() + 61 * 60_000) });
    expect(later.ok).toBe(true);
  });

  it("limits failures per address across accounts", async () => {
    const addr = ip();
    for (let i = 0; i < limits.perAddress; i++) {
      await signIn(testDb(), { username: `guess-${uid()}`, password: "bad" }, { ip: addr, limits });
    }
    const u = await createUser("SUPERVISOR");
    expect(await signIn(testDb(), { username: u.username, password: TEST_PASSWORD }, { ip: addr, limits })).toEqual({ ok: false, reason: "rate-limited" });
    expect((await signIn(testDb(), { username: u.username, password: TEST_PASSWORD }, { ip: ip(), limits })).ok).toBe(true);
  });
});

describe("session expiry and revocation", () => {
  async function sessionOf(role: "MENTOR_MOTHER" | "ADMIN" = "MENTOR_MOTHER") {
    const u = await createUser(role);
    const res = await signIn(testDb(), { username: u.username, password: TEST_PASSWORD }, { ip: ip(), limits });
    if (!res.ok) throw new Error("sign-in failed");
    return { user: u, sessionId: res.sessionId };
  }

  it("ends a session idle for 30 minutes and records it", async () => {
    const { sessionId } = await sessionOf();
    const s = await testDb().userSession.findUniqueOrThrow({ where: { id: sessionId } });
    const idleAt = new Date(s.lastSeenAt.getTime() + IDLE_TIMEOUT_MS);
    expect((await loadActor(testDb(), sessionId, new Date(idleAt.getTime() - 1000))).state).toBe("valid");
    // Activity moves the idle deadline: the call above touched lastSeenAt.
    const touched = await testDb().userSession.findUniqueOrThrow({ where: { id: sessionId } });
    const res = await loadActor(testDb(), sessionId, new Date(touched.lastSeenAt.getTime() + IDLE_TIMEOUT_MS));
    expect(res).toEqual({ actor: null, state: "idle" });
    expect((await auditFor(sessionId)).map((a) => a.action)).toContain("session.idle");
    // Once ended, a session stays ended even if the clock goes back.
    expect((await loadActor(testDb(), sessionId, touched.lastSeenAt)).state).toBe("revoked");
  });

  it("ends a session 12 hours after sign-in however active it is", async () => {
    const { sessionId } = await sessionOf();
    const s = await testDb().userSession.findUniqueOrThrow({ where: { id: sessionId } });
    const nearEnd = new Date(s.createdAt.getTime() + ABSOLUTE_TIMEOUT_MS - 5 * 60_000);
    await testDb().userSession.update({ where: { id: sessionId }, data: { lastSeenAt: nearEnd } });
    expect((await loadActor(testDb(), sessionId, new Date(nearEnd.getTime() + 60_000))).state).toBe("valid");
    expect((await loadActor(testDb(), sessionId, new Date(s.createdAt.getTime() + ABSOLUTE_TIMEOUT_MS))).state).toBe("expired");
  });

  it("ends existing sessions when the user is deactivated or her role changes", async () => {
    const a = await sessionOf();
    await testDb().user.update({ where: { id: a.user.id }, data: { active: false, sessionVersion: { increment: 1 } } });
    expect((await loadActor(testDb(), a.sessionId)).actor).toBeNull();

    const b = await sessionOf();
    await testDb().user.update({ where: { id: b.user.id }, data: { role: "SUPERVISOR", sessionVersion: { increment: 1 } } });
    expect(await loadActor(testDb(), b.sessionId)).toEqual({ actor: null, state: "stale-version" });
  });

  it("ends every session of a user who changes her password, and the new password works", async () => {
    const { user, sessionId } = await sessionOf();
    const other = await signIn(testDb(), { username: user.username, password: TEST_PASSWORD }, { ip: ip(), limits });
    const actor = (await loadActor(testDb(), sessionId)).actor!;
    const res = await execute(testDb(), changePasswordCommand, actor, {
      currentPassword: TEST_PASSWORD, newPassword: "A-new-password-42", confirmPassword: "A-new-password-42",
    });
    expect(res).toEqual({ ok: true, data: null });
    expect((await loadActor(testDb(), sessionId)).actor).toBeNull();
    expect((await loadActor(testDb(), (other as { sessionId: string }).sessionId)).actor).toBeNull();
    expect((await signIn(testDb(), { username: user.username, password: "A-new-password-42" }, { ip: ip(), limits })).ok).toBe(true);
    const audit = await auditFor(user.id);
    expect(audit.map((a) => a.action)).toContain("user.password_changed");
    expect(JSON.stringify(audit.map((a) => a.meta))).not.toContain("A-new-password-42");
  });

  it("refuses a password change with the wrong current password and changes nothing", async () => {
    const { user, sessionId } = await sessionOf();
    const actor = (await loadActor(testDb(), sessionId)).actor!;
    const before = await testDb().user.findUniqueOrThrow({ where: { id: user.id } });
    const res = await execute(testDb(), changePasswordCommand, actor, {
      currentPassword: "wrong", newPassword: "A-new-password-42", confirmPassword: "A-new-password-42",
    });
    expect(res).toEqual({ ok: false, error: { code: "VALIDATION", message: "correctFields", fieldErrors: { currentPassword: ["wrongPassword"] } } });
    const after = await testDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.sessionVersion).toBe(before.sessionVersion);
  });

  it("signs out: the session no longer works", async () => {
    const { user, sessionId } = await sessionOf();
    await signOut(testDb(), sessionId, user.id);
    expect(await loadActor(testDb(), sessionId)).toEqual({ actor: null, state: "revoked" });
  });

  it("treats a forged or unknown session id as no session", async () => {
    expect(await loadActor(testDb(), "not-a-uuid")).toEqual({ actor: null, state: "unknown" });
    expect(await loadActor(testDb(), "00000000-0000-4000-8000-000000000000")).toEqual({ actor: null, state: "unknown" });
  });
});

describe("the action wrapper", () => {
  it("refuses without a session and writes nothing", async () => {
    const before = await testDb().auditEvent.count();
    const res = await execute(testDb(), changePasswordCommand, null, { currentPassword: "a", newPassword: "b", confirmPassword: "b" });
    expect(res).toEqual({ ok: false, error: { code: "UNAUTHENTICATED", message: "UNAUTHENTICATED", fieldErrors: undefined } });
    expect(await testDb().auditEvent.count()).toBe(before);
  });

  it("answers bad input field by field", async () => {
    const u = await createUser("SUPERVISOR");
    const res = await execute(testDb(), changePasswordCommand, await actorFor(u), { currentPassword: "", newPassword: "short", confirmPassword: "other" });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe("VALIDATION");
    expect(res.error.fieldErrors).toMatchObject({ currentPassword: ["required"], newPassword: ["passwordTooShort|10"] });
  });
});

describe("audit rows", () => {
  it("are append-only in the database itself", async () => {
    const u = await createUser("ADMIN");
    await testDb().auditEvent.create({ data: { action: "test.event", entityType: "user", entityId: u.id } });
    await expect(testDb().auditEvent.updateMany({ where: { entityId: u.id }, data: { action: "tampered" } })).rejects.toThrow(/append-only/);
    await expect(testDb().auditEvent.deleteMany({ where: { entityId: u.id } })).rejects.toThrow(/append-only/);
    expect((await auditFor(u.id)).map((a) => a.action)).toEqual(["test.event"]);
  });
});
