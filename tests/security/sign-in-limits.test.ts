// Security brief test 9 (issue 13, item 3): sign-in limits are atomic and per account across its
// aliases; no client-sent address is believed; the current-password check spends the same budget
// and is audited.
import { signIn } from "@/lib/auth/sign-in";
import { execute } from "@/lib/action";
import { changePasswordCommand } from "@/lib/account/commands";
import { clientIp } from "@/lib/auth";
import { requestFacts, stampRequest } from "@/lib/observability/request-facts";
import { env } from "@/lib/env";
import { TEST_PASSWORD, actorFor, closeDb, createUser, testDb } from "@/tests/factories";

const db = testDb();
const ip = () => `10.8.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

afterAll(closeDb);

describe("sign-in limits", () => {
  it("40 wrong passwords at once against a limit of 20: at most 20 are checked, the rest refused", async () => {
    const u = await createUser("MENTOR_MOTHER");
    const limits = { perAccount: 20, perAddress: 10_000 };
    const results = await Promise.all(
      Array.from({ length: 40 }, () => signIn(db, { username: u.username, password: "wrong" }, { ip: ip(), limits })),
    );
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(checked).toBeLessThanOrEqual(20);
    expect(results.filter((r) => !r.ok && r.reason === "rate-limited").length).toBeGreaterThanOrEqual(20);
    expect((await signIn(db, { username: u.username, password: TEST_PASSWORD }, { ip: ip(), limits })).ok).toBe(false);
  });

  it("the username and the phone number of one account share one budget", async () => {
    const u = await createUser("SUPERVISOR");
    const phone = `+2781${Math.floor(1000000 + Math.random() * 8999999)}`;
    await db.user.update({ where: { id: u.id }, data: { phone } });
    const limits = { perAccount: 4, perAddress: 10_000 };
    for (let i = 0; i < 2; i++) await signIn(db, { username: u.username, password: "bad" }, { ip: ip(), limits });
    for (let i = 0; i < 2; i++) await signIn(db, { username: phone, password: "bad" }, { ip: ip(), limits });
    expect(await signIn(db, { username: phone, password: TEST_PASSWORD }, { ip: ip(), limits })).toEqual({ ok: false, reason: "rate-limited" });
    expect(await signIn(db, { username: u.username, password: TEST_PASSWORD }, { ip: ip(), limits })).toEqual({ ok: false, reason: "rate-limited" });
  });

  it("a client-sent X-Forwarded-For is not an address without TRUST_PROXY; the server's stamp is", () => {
    expect(env().TRUST_PROXY).toBe(false);
    expect(clientIp(new Headers({ "x-forwarded-for": "1.2.3.4" }))).toBeNull();
    expect(requestFacts(new Headers({ "x-request-id": "chosen-by-client", "x-eservices-client-address": "6.6.6.6" })).ip).toBeNull();
    expect(requestFacts(new Headers({ "x-request-id": "chosen-by-client" })).requestId).not.toBe("chosen-by-client");

    const req = { headers: { "x-forwarded-for": "1.2.3.4", "x-request-id": "chosen-by-client-1", "x-eservices-client-address": "6.6.6.6" } as Record<string, string>, socket: { remoteAddress: "192.0.2.7" } };
    stampRequest(req as never, false);
    const facts = requestFacts(req.headers);
    expect(facts.ip).toBe("192.0.2.7");
    expect(facts.requestId).not.toBe("chosen-by-client-1");

    const behindProxy = { headers: { "x-forwarded-for": "203.0.113.9, 10.0.0.1", "x-request-id": "proxy-req-12345" } as Record<string, string>, socket: { remoteAddress: "10.0.0.1" } };
    stampRequest(behindProxy as never, true);
    expect(requestFacts(behindProxy.headers)).toEqual({ ip: "203.0.113.9", requestId: "proxy-req-12345" });
  });

  it("without a trusted address there is no per-address budget to spend or to evade", async () => {
    const u = await createUser("MENTOR_MOTHER");
    const limits = { perAccount: 50, perAddress: 2 };
    for (let i = 0; i < 3; i++) await signIn(db, { username: `nobody-${i}-${u.id}`, password: "bad" }, { ip: null, limits });
    expect((await signIn(db, { username: u.username, password: TEST_PASSWORD }, { ip: null, limits })).ok).toBe(true);
  });

  it("the current-password check spends the account's budget and is audited", async () => {
    const u = await createUser("MENTOR_MOTHER");
    const actor = await actorFor(u);
    const perAccount = env().AUTH_MAX_FAILURES_PER_ACCOUNT;
    for (let i = 0; i < perAccount; i++) {
      const r = await execute(db, changePasswordCommand, actor, { currentPassword: "wrong-one", newPassword: "A-new-password-42", confirmPassword: "A-new-password-42" });
      expect(r).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { currentPassword: ["wrongPassword"] } } });
    }
    const right = await execute(db, changePasswordCommand, actor, { currentPassword: TEST_PASSWORD, newPassword: "A-new-password-42", confirmPassword: "A-new-password-42" });
    expect(right).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    const audit = await db.auditEvent.groupBy({ by: ["action"], where: { entityId: u.id, action: { startsWith: "auth.password_check" } }, _count: true });
    expect(Object.fromEntries(audit.map((a) => [a.action, a._count]))).toEqual({
      "auth.password_check.failed": perAccount,
      "auth.password_check.rate_limited": 1,
    });
    // ...and signing in with the right password is refused too: one budget.
    expect(await signIn(db, { username: u.username, password: TEST_PASSWORD }, { ip: ip(), limits: { perAccount, perAddress: 10_000 } })).toEqual({ ok: false, reason: "rate-limited" });
  });
});
