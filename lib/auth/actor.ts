// Loads the acting user for a session id, applying the expiry and revocation rules. Used by every
// request (lib/auth.ts) and directly by integration tests. One query on the hot path.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";
import { sessionState, shouldTouch, type SessionState } from "@/lib/auth/session-rules";
import { writeAudit } from "@/lib/audit";

export type ActorResult = { actor: Actor; state: "valid" } | { actor: null; state: SessionState | "unknown" };

export async function loadActor(db: PrismaClient, sessionId: string, now = new Date()): Promise<ActorResult> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return { actor: null, state: "unknown" };
  const session = await db.userSession.findUnique({
    where: { id: sessionId },
    include: {
      user: {
        select: {
          id: true, name: true, role: true, active: true, sessionVersion: true, countryId: true, locale: true,
          sites: { select: { siteId: true } },
        },
      },
    },
  });
  if (!session) return { actor: null, state: "unknown" };
  const state = sessionState(session, session.user, now);
  if (state !== "valid") {
    if (!session.revokedAt) {
      await db.$transaction([
        db.userSession.update({ where: { id: session.id }, data: { revokedAt: now } }),
      ]);
      await writeAudit(db, { actorId: session.userId }, { action: `session.${state}`, entityType: "session", entityId: session.id });
    }
    return { actor: null, state };
  }
  if (shouldTouch(session.lastSeenAt, now)) {
    await db.userSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  const u = session.user;
  return {
    state: "valid",
    actor: {
      userId: u.id,
      sessionId: session.id,
      name: u.name,
      role: u.role,
      siteIds: u.sites.map((s) => s.siteId),
      countryId: u.countryId,
      locale: u.locale,
    },
  };
}
