// The sign-in decision: rate limits, password check, session creation, audit. No Next.js imports,
// so integration tests drive it against the real database.
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { verifyPassword, dummyPasswordHash } from "@/lib/auth/password";
import type { Limits } from "@/lib/auth/rate-limit";
import { accountKey, attemptSucceeded, reserveAttempt } from "@/lib/auth/attempts";
import { writeAudit } from "@/lib/audit";
import { log } from "@/lib/log";

export const credentialsSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(256),
});

export type SignInResult =
  | { ok: true; userId: string; sessionId: string }
  | { ok: false; reason: "invalid" | "rate-limited" };

export async function signIn(
  db: PrismaClient,
  raw: unknown,
  ctx: { ip: string | null; limits: Limits; now?: Date },
): Promise<SignInResult> {
  const now = ctx.now ?? new Date();
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { username, password } = parsed.data;

  // Staff sign in with their username or their phone number (E.164): both spend one budget.
  const user = await db.user.findFirst({
    where: username.startsWith("+") ? { phone: username } : { username },
    select: { id: true, passwordHash: true, active: true, sessionVersion: true },
  });
  const attempt = await reserveAttempt(db, accountKey(user, username), ctx.ip, ctx.limits, now);
  if (!attempt.allowed) {
    await writeAudit(db, { actorId: null, ip: ctx.ip }, {
      action: "auth.sign_in.rate_limited",
      entityType: "user",
      entityId: user?.id ?? null,
      meta: attempt.failures,
    });
    log("warn", "auth.rate_limited", { ip: ctx.ip });
    return { ok: false, reason: "rate-limited" };
  }

  const valid = user
    ? await verifyPassword(user.passwordHash, password)
    : (await verifyPassword(await dummyPasswordHash(), password), false);

  if (!user || !valid || !user.active) {
    await writeAudit(db, { actorId: null, ip: ctx.ip }, {
      action: "auth.sign_in.failed",
      entityType: "user",
      entityId: user?.id ?? null,
      meta: { reason: !user ? "unknown-account" : !valid ? "wrong-password" : "inactive" },
    });
    return { ok: false, reason: "invalid" };
  }

  const session = await db.$transaction(async (tx) => {
    const s = await tx.userSession.create({
      data: { userId: user.id, sessionVersion: user.sessionVersion, createdAt: now, lastSeenAt: now, ip: ctx.ip },
    });
    await attemptSucceeded(tx, attempt.attemptId);
    await writeAudit(tx, { actorId: user.id, ip: ctx.ip }, { action: "auth.sign_in", entityType: "session", entityId: s.id });
    return s;
  });
  return { ok: true, userId: user.id, sessionId: session.id };
}

export async function signOut(db: PrismaClient, sessionId: string, actorId: string): Promise<void> {
  await db.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  await writeAudit(db, { actorId }, { action: "auth.sign_out", entityType: "session", entityId: sessionId });
}
