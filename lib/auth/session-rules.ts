// Session expiry and revocation rules (security.md): pure, so they are unit-tested at the edges.
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, to keep reads cheap on a busy queue page. */
export const TOUCH_INTERVAL_MS = 60 * 1000;

export type SessionFacts = {
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  sessionVersion: number;
};
export type UserFacts = { active: boolean; sessionVersion: number };

export type SessionState = "valid" | "revoked" | "idle" | "expired" | "inactive-user" | "stale-version";

export function sessionState(session: SessionFacts, user: UserFacts, now: Date): SessionState {
  if (session.revokedAt) return "revoked";
  if (!user.active) return "inactive-user";
  // Role change, password change and deactivation bump the user's version.
  if (session.sessionVersion !== user.sessionVersion) return "stale-version";
  if (now.getTime() - session.createdAt.getTime() >= ABSOLUTE_TIMEOUT_MS) return "expired";
  if (now.getTime() - session.lastSeenAt.getTime() >= IDLE_TIMEOUT_MS) return "idle";
  return "valid";
}

export function shouldTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= TOUCH_INTERVAL_MS;
}
