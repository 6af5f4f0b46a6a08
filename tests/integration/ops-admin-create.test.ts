// npm run admin:create (lib/ops/admin-create.ts) and the one-time password flow against the real
// database: created with the flag, signs in, can do nothing but change the password, and the
// change clears the flag and ends the session.
import { execute } from "@/lib/action";
import { loadActor } from "@/lib/auth/actor";
import { signIn } from "@/lib/auth/sign-in";
import { verifyPassword } from "@/lib/auth/password";
import { changePasswordCommand } from "@/lib/account/commands";
import { createUserCommand } from "@/lib/users/commands";
import { AdminCreateError, createAdministrator, oneTimePassword } from "@/lib/ops/admin-create";
import { auditFor, closeDb, createUser, testDb, uid } from "../factories";

const LIMITS = { perAccount: 1000, perAddress: 100000 };

afterAll(closeDb);

it("makes one-time passwords that are long, random and easy to type", () => {
  const a = oneTimePassword();
  expect(a).toMatch(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$/);
  expect(a).not.toMatch(/[01lIO]/);
  expect(new Set(Array.from({ length: 50 }, oneTimePassword)).size).toBe(50);
});

it("creates an administrator whose one-time password must be changed before anything else", async () => {
  const username = `first-admin-${uid()}`;
  const r = await createAdministrator(testDb(), { username, name: "First Admin" });
  expect(r.created).toBe(true);
  const user = await testDb().user.findUniqueOrThrow({ where: { id: r.userId } });
  expect(user).toMatchObject({ role: "ADMIN", mustChangePassword: true, active: true, username });
  expect(user.passwordHash).not.toContain(r.password);
  expect(await verifyPassword(user.passwordHash, r.password)).toBe(true);
  const audit = await auditFor(r.userId);
  expect(audit.map((a) => [a.action, a.actorId, a.meta])).toEqual([["user.created", null, { role: "ADMIN", via: "cli" }]]);

  // She signs in with it; the session's actor carries the flag and may do nothing but change it.
  const signedIn = await signIn(testDb(), { username, password: r.password }, { ip: "127.0.0.1", limits: LIMITS });
  expect(signedIn.ok).toBe(true);
  if (!signedIn.ok) return;
  const { actor } = await loadActor(testDb(), signedIn.sessionId);
  expect(actor?.mustChangePassword).toBe(true);
  const refused = await execute(testDb(), createUserCommand, actor, {
    name: "Someone", username: `x-${uid()}`, role: "ADMIN", password: "Long-enough-pass-1", confirmPassword: "Long-enough-pass-1",
  });
  expect(refused).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });

  // The same password again is refused; her own password clears the flag and ends the session.
  const same = await execute(testDb(), changePasswordCommand, actor, { currentPassword: r.password, newPassword: r.password, confirmPassword: r.password });
  expect(same).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { newPassword: ["passwordUnchanged"] } } });
  const mine = "My-own-password-2026";
  const changed = await execute(testDb(), changePasswordCommand, actor, { currentPassword: r.password, newPassword: mine, confirmPassword: mine });
  expect(changed.ok).toBe(true);
  expect((await testDb().user.findUniqueOrThrow({ where: { id: r.userId } })).mustChangePassword).toBe(false);
  expect((await loadActor(testDb(), signedIn.sessionId)).actor).toBeNull();
  const again = await signIn(testDb(), { username, password: mine }, { ip: "127.0.0.1", limits: LIMITS });
  expect(again.ok).toBe(true);
  if (again.ok) expect((await loadActor(testDb(), again.sessionId)).actor?.mustChangePassword).toBe(false);
});

it("refuses a taken username, and resets only an administrator's password with --reset", async () => {
  const username = `reset-admin-${uid()}`;
  const first = await createAdministrator(testDb(), { username, name: "Reset Admin" });
  await expect(createAdministrator(testDb(), { username, name: "Again" })).rejects.toThrow(AdminCreateError);
  await expect(createAdministrator(testDb(), { username: `nobody-${uid()}`, name: "N" }, { reset: true })).rejects.toThrow(/no user/);
  const mentor = await createUser("MENTOR_MOTHER");
  await expect(createAdministrator(testDb(), { username: mentor.username, name: "N" }, { reset: true })).rejects.toThrow(/not an administrator/);

  const before = await testDb().user.findUniqueOrThrow({ where: { id: first.userId } });
  const reset = await createAdministrator(testDb(), { username, name: "ignored" }, { reset: true, password: "Chosen-by-automation-1" });
  expect(reset).toMatchObject({ created: false, userId: first.userId, password: "Chosen-by-automation-1" });
  const after = await testDb().user.findUniqueOrThrow({ where: { id: first.userId } });
  expect(after.mustChangePassword).toBe(true);
  expect(after.sessionVersion).toBe(before.sessionVersion + 1);
  expect((await auditFor(first.userId)).map((a) => a.action)).toEqual(["user.created", "user.password_reset"]);
});

it("checks its input and the programme's minimum password length", async () => {
  await expect(createAdministrator(testDb(), { username: "No Spaces Allowed", name: "N" })).rejects.toThrow(/--username/);
  await expect(createAdministrator(testDb(), { username: `short-${uid()}`, name: "N" }, { password: "short" })).rejects.toThrow(/at least/);
  expect(await testDb().user.count({ where: { username: { startsWith: "short-" } } })).toBe(0);
});
