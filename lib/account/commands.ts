import { command } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { loadProgrammeSettings } from "@/lib/settings/commands";
import { changePasswordSchema } from "@/lib/account/schemas";

export const changePasswordCommand = command({
  name: "account.changePassword",
  permission: "account.self",
  schema: changePasswordSchema,
  async run({ tx, actor, input }) {
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { passwordHash: true } });
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new AppError("VALIDATION", "correctFields", { currentPassword: ["wrongPassword"] });
    }
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
