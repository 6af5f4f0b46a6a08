// The first administrator of a production install (`npm run admin:create`, scripts/admin-create.ts),
// and a locked-out administrator's way back (--reset). The account gets a one-time password that
// must be changed at the first sign-in (users.must_change_password; lib/authz.ts lets such an
// account do nothing else). No Next.js imports: the script and the integration tests call it.
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { LOCALES } from "@/i18n/config";
import { hashPassword, oneTimePassword } from "@/lib/auth/password";
import { writeAudit } from "@/lib/audit";
import { loadProgrammeSettings } from "@/lib/settings/commands";
import { phoneSchema, usernameSchema } from "@/lib/users/schemas";

export const adminCreateSchema = z.object({
  username: usernameSchema,
  name: z.string().trim().min(1, "the name is required").max(100, "the name is at most 100 characters"),
  phone: phoneSchema,
  locale: z.enum(LOCALES).default("en"),
});
export type AdminCreateInput = z.input<typeof adminCreateSchema>;

export class AdminCreateError extends Error {}

// The generator is shared with the reset from the app (lib/users/commands.ts).
export { oneTimePassword };

export type AdminCreateResult = { userId: string; username: string; created: boolean; password: string };

/**
 * Creates an administrator with a one-time password, or with `reset` gives an existing
 * administrator a new one-time password (and ends her sessions). `password` replaces the generated
 * one (automation that keeps it in its own secret store); it is a one-time password all the same.
 */
export async function createAdministrator(
  db: PrismaClient,
  raw: AdminCreateInput,
  opts: { password?: string; reset?: boolean } = {},
): Promise<AdminCreateResult> {
  const parsed = adminCreateSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AdminCreateError(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join("\n"));
  }
  const input = parsed.data;
  const password = opts.password ?? oneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const settings = await loadProgrammeSettings(tx);
    if (password.length < settings.minPasswordLength) {
      throw new AdminCreateError(`The password must have at least ${settings.minPasswordLength} characters.`);
    }
    const existing = await tx.user.findUnique({ where: { username: input.username }, select: { id: true, role: true } });
    if (existing) {
      if (!opts.reset) {
        throw new AdminCreateError(`The username "${input.username}" is taken. To give that administrator a new one-time password, add --reset.`);
      }
      if (existing.role !== "ADMIN") throw new AdminCreateError(`"${input.username}" is not an administrator: --reset only works for administrators.`);
      await tx.user.update({
        where: { id: existing.id },
        data: { passwordHash, mustChangePassword: true, active: true, deactivatedAt: null, sessionVersion: { increment: 1 }, version: { increment: 1 } },
      });
      await writeAudit(tx, { actorId: null }, { action: "user.password_reset", entityType: "user", entityId: existing.id, meta: { via: "cli", oneTime: true } });
      return { userId: existing.id, username: input.username, created: false, password };
    }
    if (opts.reset) throw new AdminCreateError(`There is no user "${input.username}" to reset.`);
    if (input.phone && (await tx.user.findUnique({ where: { phone: input.phone }, select: { id: true } }))) {
      throw new AdminCreateError("That phone number is already used by another account.");
    }
    const user = await tx.user.create({
      data: { username: input.username, name: input.name, phone: input.phone, locale: input.locale, role: "ADMIN", passwordHash, mustChangePassword: true },
      select: { id: true },
    });
    await writeAudit(tx, { actorId: null }, { action: "user.created", entityType: "user", entityId: user.id, meta: { role: "ADMIN", via: "cli" } });
    return { userId: user.id, username: input.username, created: true, password };
  });
}
