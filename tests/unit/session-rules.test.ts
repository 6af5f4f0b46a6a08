import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, TOUCH_INTERVAL_MS, sessionState, shouldTouch } from "@/lib/auth/session-rules";
import { signInAllowed } from "@/lib/auth/rate-limit";

const t0 = new Date("2026-11-28T08:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const session = (over: Partial<Parameters<typeof sessionState>[0]> = {}) => ({
  createdAt: t0, lastSeenAt: t0, revokedAt: null, sessionVersion: 1, ...over,
});
const user = { active: true, sessionVersion: 1 };

describe("session expiry", () => {
  it("uses 30 minutes idle and 12 hours absolute", () => {
    expect(IDLE_TIMEOUT_MS).toBe(30 * 60_000);
    expect(ABSOLUTE_TIMEOUT_MS).toBe(12 * 3_600_000);
  });

  it("is valid just before the idle timeout and idle at it", () => {
    expect(sessionState(session(), user, at(IDLE_TIMEOUT_MS - 1))).toBe("valid");
    expect(sessionState(session(), user, at(IDLE_TIMEOUT_MS))).toBe("idle");
  });

  it("keeps an active session alive until the absolute limit, whatever the activity", () => {
    const busy = session({ lastSeenAt: at(ABSOLUTE_TIMEOUT_MS - 60_000) });
    expect(sessionState(busy, user, at(ABSOLUTE_TIMEOUT_MS - 1))).toBe("valid");
    expect(sessionState(busy, user, at(ABSOLUTE_TIMEOUT_MS))).toBe("expired");
  });

  it("ends sessions of deactivated users, after a version bump, and revoked ones", () => {
    expect(sessionState(session(), { active: false, sessionVersion: 1 }, at(1000))).toBe("inactive-user");
    expect(sessionState(session(), { active: true, sessionVersion: 2 }, at(1000))).toBe("stale-version");
    expect(sessionState(session({ revokedAt: at(10) }), user, at(1000))).toBe("revoked");
  });

  it("writes last-seen at most once a minute", () => {
    expect(shouldTouch(t0, at(TOUCH_INTERVAL_MS - 1))).toBe(false);
    expect(shouldTouch(t0, at(TOUCH_INTERVAL_MS))).toBe(true);
  });
});

describe("sign-in rate limits", () => {
  const limits = { perAccount: 20, perAddress: 100 };
  it("allows up to the limit and refuses at it, per account and per address", () => {
    expect(signInAllowed({ account: 19, address: 0 }, limits)).toBe(true);
    expect(signInAllowed({ account: 20, address: 0 }, limits)).toBe(false);
    expect(signInAllowed({ account: 0, address: 99 }, limits)).toBe(true);
    expect(signInAllowed({ account: 0, address: 100 }, limits)).toBe(false);
  });
});
