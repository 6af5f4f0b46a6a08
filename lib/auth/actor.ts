// Loads the acting user for a session id, applying the expiry and revocation rules. Used by every
// request (lib/auth.ts) and directly by integration tests. One prepared statement on the hot path.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { preparedQuery } from "@/lib/prisma-client";
import { isUuid } from "@/lib/validation";
import type { Actor } from "@/lib/authz";
import { sessionState, shouldTouch, type SessionState } from "@/lib/auth/session-rules";
import { writeAudit } from "@/lib/audit";

export type ActorResult = { actor: Actor; state: "valid" } | { actor: null; state: SessionState | "unknown" };

type SessionRow = {
  id: string;
  user_id: string;
  session_version: number;
  created_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
  name: string;
  role: Role;
  active: boolean;
  user_session_version: number;
  country_id: string | null;
  locale: string;
  must_change_password: boolean;
  identified_access: boolean;
  site_ids: string[];
};

/** The session check's statement (exported for bench B4's floor, which issues it by hand). */
export const LOAD_ACTOR = "auth.load_actor";
export function loadActorSql(sessionId: string): Prisma.Sql {
  return Prisma.sql`
      SELECT s.id, s.user_id, s.session_version, s.created_at, s.last_seen_at, s.revoked_at,
             u.name, u.role::text AS role, u.active, u.session_version AS user_session_version, u.country_id, u.locale, u.must_change_password,
             u.identified_access_granted_at IS NOT NULL AS identified_access,
             ARRAY(SELECT us.site_id FROM user_sites us WHERE us.user_id = u.id ORDER BY us.site_id) AS site_ids
      FROM user_sessions s
      JOIN users u ON u.id = s.user_id
      WHERE s.id = ${sessionId}::uuid`;
}

export async function loadActor(db: PrismaClient, sessionId: string, now = new Date()): Promise<ActorResult> {
  if (!isUuid(sessionId)) return { actor: null, state: "unknown" };
  // One prepared statement (decision 008): this runs on every request.
  const rows = await preparedQuery<SessionRow>(db, LOAD_ACTOR, loadActorSql(sessionId));
  const row = rows[0];
  const session = row && {
    id: row.id,
    userId: row.user_id,
    sessionVersion: row.session_version,
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
    user: {
      id: row.user_id,
      name: row.name,
      role: row.role,
      active: row.active,
      sessionVersion: row.user_session_version,
      countryId: row.country_id,
      locale: row.locale,
      mustChangePassword: row.must_change_password,
      identifiedAccess: row.identified_access,
      siteIds: row.site_ids,
    },
  };
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
      siteIds: u.siteIds,
      countryId: u.countryId,
      locale: u.locale,
      mustChangePassword: u.mustChangePassword,
      identifiedAccess: u.identifiedAccess,
    },
  };
}
