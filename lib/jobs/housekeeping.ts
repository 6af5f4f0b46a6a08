// Daily clean-up of rows that only matter for a short time. Audit rows are never touched.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ABSOLUTE_TIMEOUT_MS } from "@/lib/auth/session-rules";
import { forgetGoneWorkers } from "@/lib/ops/heartbeat";

/** Login attempts are only counted for an hour; keep a week for investigations (the audit keeps all). */
export const LOGIN_ATTEMPT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export async function housekeeping(db: PrismaClient, now = new Date()) {
  const sessions = await db.userSession.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - ABSOLUTE_TIMEOUT_MS - 60 * 60 * 1000) } },
  });
  const attempts = await db.loginAttempt.deleteMany({ where: { at: { lt: new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_MS) } } });
  const workers = await forgetGoneWorkers(db, now);
  return { sessionsDeleted: sessions.count, loginAttemptsDeleted: attempts.count, workerHeartbeatsDeleted: workers };
}
