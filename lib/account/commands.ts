import { command } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { loadProgrammeSettings } from "@/lib/settings/commands";
import { changePasswordSchema } from "@/lib/account/schemas";
import { accountKey, attemptSucceeded, reserveAttemptIn } from "@/lib/auth/attempts";
import { signInLimits } from "@/lib/auth/rate-limit";

export const changePasswordCommand = command({
  name: "account.changePassword",
  permission: "account.self",
  schema: changePasswordSchema,
  async run({ tx, actor, input, now }) {
    // The current-password check is a sign-in by another door: it spends the account's one budget
    // (lib/auth/attempts.ts), and a wrong or refused check is audited and kept.
    const attempt = await reserveAttemptIn(tx, accountKey({ id: actor.userId }, ""), null, signInLimits(), now);
    const check = { entityType: "user", entityId: actor.userId };
    if (!attempt.allowed) {
      return { data: null, audit: { action: "auth.password_check.rate_limited", ...check }, refuse: new AppError("RATE_LIMITED", "RATE_LIMITED") };
    }
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { passwordHash: true } });
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      return {
        data: null,
        audit: { action: "auth.password_check.failed", ...check },
        refuse: new AppError("VALIDATION", "correctFields", { currentPassword: ["wrongPassword"] }),
      };
    }
    await attemptSucceeded(tx, attempt.attemptId);
    if (input.newPassword === input.currentPassword) {
      throw new AppError("VALIDATION", "correctFields", { newPassword: ["passwordUnchanged"] });
    }
    const settings = await loadProgrammeSettings(tx);
    if (input.newPassword.length < settings.minPasswordLength) {
      throw new AppError("VALIDATION", "correctFields", { newPassword: [`passwordTooShort|${settings.minPasswordLength}`] });
    }
    await tx.user.update({
      where: { id: actor.userId },
      data: {
        passwordHash: await hashPassword(input.newPassword),
        // A one-time password is spent once replaced.
        mustChangePassword: false,
        sessionVersion: { increment: 1 },
        version: { increment: 1 },
      },
    });
    return { data: null, audit: { action: "user.password_changed", entityType: "user", entityId: actor.userId, meta: { self: true } } };
  },
});
