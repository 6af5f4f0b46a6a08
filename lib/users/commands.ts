// Staff account writes (admin only, but for the password reset: supervisors give their own sites'
// Mentor Mothers a one-time password too, passwordResetScope). Role change, deactivation and
// password reset bump the user's sessionVersion, which ends her existing sessions on her next
// request (lib/auth/actor.ts).
import { regenerateToday } from "@/lib/calls/commands";
import { command, type Tx } from "@/lib/action";
import { countryScope, passwordResetScope, siteScope, userScope, type Actor } from "@/lib/authz";
import { AppError, conflict, isUniqueViolation, notFound, type FieldErrors } from "@/lib/errors";
import { hashPassword, oneTimePassword } from "@/lib/auth/password";
import type { ProgrammeSettings } from "@/lib/settings/schemas";
import { loadProgrammeSettings } from "@/lib/settings/commands";
import type { Role } from "@/lib/generated/prisma/enums";
import { attachmentsFor, changedFields, IDENTIFIED_ACCESS_ROLES, wouldRemoveLastAdmin, type UserSnapshot } from "@/lib/users/rules";
import { createUserSchema, identifiedAccessSchema, resetPasswordSchema, updateUserSchema, userStatusSchema } from "@/lib/users/schemas";
import type { AuditEntry } from "@/lib/audit";
import { redistributeClientsOf, type Redistribution } from "@/lib/assignment/engine";


const invalid = (fieldErrors: FieldErrors) => new AppError("VALIDATION", "correctFields", fieldErrors);

type ProfileInput = { role: Role; languages: string[]; dailyCapacity: number | null; caseloadCap: number | null; workingDays: number[] };

function mentorProfileOf(input: ProfileInput, settings: ProgrammeSettings): UserSnapshot["mentor"] {
  if (input.role !== "MENTOR_MOTHER") return null;
  return {
    languages: [...new Set(input.languages)],
    dailyCapacity: input.dailyCapacity ?? settings.defaultDailyCapacity,
    caseloadCap: input.caseloadCap,
    workingDays: [...new Set(input.workingDays)].sort((a, b) => a - b),
  };
}

/** Sites, country and languages must exist (and new sites be active); errors by field. */
async function referenceErrors(
  tx: Tx,
  actor: Actor,
  v: { siteIds: string[]; countryId: string | null; mentor: UserSnapshot["mentor"] },
  settings: ProgrammeSettings,
  currentSiteIds: string[] = [],
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (v.siteIds.length) {
    const found = await tx.site.findMany({
      where: { AND: [siteScope(actor), { id: { in: v.siteIds } }] },
      select: { id: true, active: true },
    });
    // A closed site may be kept where she already works, but nobody is newly placed there.
    const usable = found.filter((s) => s.active || currentSiteIds.includes(s.id));
    if (usable.length !== v.siteIds.length) errors.siteIds = ["invalidValue"];
  }
  if (v.countryId) {
    const country = await tx.country.findFirst({ where: { AND: [countryScope(actor), { id: v.countryId }] }, select: { id: true } });
    if (!country) errors.countryId = ["invalidValue"];
  }
  if (v.mentor) {
    const known = new Set(settings.languages.map((l) => l.code));
    if (v.mentor.languages.some((code) => !known.has(code))) errors.languages = ["unknownLanguage"];
  }
  return errors;
}

/** Usernames and phone numbers are unique across every account, whoever can see it. */
async function uniquenessErrors(tx: Tx, v: { username: string; phone: string | null }, exceptId?: string): Promise<FieldErrors> {
  const taken = await tx.user.findMany({
    where: {
      AND: [exceptId ? { id: { not: exceptId } } : {}, { OR: [{ username: v.username }, ...(v.phone ? [{ phone: v.phone }] : [])] }],
    },
    select: { username: true, phone: true },
  });
  const errors: FieldErrors = {};
  if (taken.some((u) => u.username === v.username)) errors.username = ["usernameTaken"];
  if (v.phone && taken.some((u) => u.phone === v.phone)) errors.phone = ["phoneTaken"];
  return errors;
}

/** A concurrent insert can still win the race past the checks above: the unique index decides. */
async function mapUniqueViolation<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const e = err as { message?: string; meta?: unknown };
    const detail = `${e.message ?? ""} ${JSON.stringify(e.meta ?? {})}`;
    throw invalid(/phone/i.test(detail) ? { phone: ["phoneTaken"] } : { username: ["usernameTaken"] });
  }
}

/** Active administrators, their rows locked until the transaction ends: two administrators
 * demoting each other at the same moment must not both pass the last-admin check. */
async function lockActiveAdmins(tx: Tx): Promise<number> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE role = 'ADMIN' AND active FOR UPDATE`;
  return rows.length;
}

async function loadUser(tx: Tx, actor: Actor, id: string) {
  const user = await tx.user.findFirst({
    where: { AND: [userScope(actor), { id }] },
    include: { sites: { select: { siteId: true } }, mentorProfile: true },
  });
  if (!user) throw notFound();
  return user;
}


export const createUserCommand = command({
  name: "users.create",
  permission: "admin.users",
  schema: createUserSchema,
  async run({ tx, actor, input }) {
    const settings = await loadProgrammeSettings(tx);
    const { siteIds, countryId } = attachmentsFor(input.role, input);
    const mentor = mentorProfileOf(input, settings);
    const errors: FieldErrors = {
      ...(await referenceErrors(tx, actor, { siteIds, countryId, mentor }, settings)),
      ...(await uniquenessErrors(tx, input)),
    };
    if (input.password.length < settings.minPasswordLength) {
      errors.password = [`passwordTooShort|${settings.minPasswordLength}`];
    }
    if (Object.keys(errors).length) throw invalid(errors);

    const passwordHash = await hashPassword(input.password);
    const user = await mapUniqueViolation(() =>
      tx.user.create({
        data: {
          name: input.name,
          username: input.username,
          phone: input.phone,
          role: input.role,
          countryId,
          locale: input.locale,
          passwordHash,
          sites: siteIds.length ? { create: siteIds.map((siteId) => ({ siteId })) } : undefined,
          mentorProfile: mentor ? { create: mentor } : undefined,
        },
        select: { id: true },
      }),
    );
    return {
      data: { id: user.id },
      audit: { action: "user.created", entityType: "user", entityId: user.id, meta: { role: input.role, sites: siteIds.length } },
    };
  },
});

export const updateUserCommand = command({
  name: "users.update",
  permission: "admin.users",
  schema: updateUserSchema,
  async run({ tx, actor, input, now }) {
    const user = await loadUser(tx, actor, input.id);
    if (user.version !== input.version) throw conflict();
    const settings = await loadProgrammeSettings(tx);
    const currentSiteIds = user.sites.map((s) => s.siteId);
    const { siteIds, countryId } = attachmentsFor(input.role, input);
    const before: UserSnapshot = {
      name: user.name, username: user.username, phone: user.phone, role: user.role, countryId: user.countryId,
      locale: user.locale, siteIds: currentSiteIds,
      mentor: user.mentorProfile && {
        languages: user.mentorProfile.languages, dailyCapacity: user.mentorProfile.dailyCapacity,
        caseloadCap: user.mentorProfile.caseloadCap, workingDays: user.mentorProfile.workingDays,
      },
    };
    const after: UserSnapshot = {
      name: input.name, username: input.username, phone: input.phone, role: input.role, countryId,
      locale: input.locale, siteIds, mentor: mentorProfileOf(input, settings),
    };

    const errors: FieldErrors = {
      ...(await referenceErrors(tx, actor, after, settings, currentSiteIds)),
      ...(await uniquenessErrors(tx, input, user.id)),
    };
    if (Object.keys(errors).length) throw invalid(errors);

    const changed = changedFields(before, after);
    if (changed.length === 0) return { data: { id: user.id, version: user.version }, audit: [] };

    const roleChanged = before.role !== after.role;
    if (roleChanged && wouldRemoveLastAdmin(await lockActiveAdmins(tx), user, { role: after.role, active: user.active })) {
      throw new AppError("VALIDATION", "lastAdmin", { role: ["lastAdmin"] });
    }

    const { count } = await mapUniqueViolation(() =>
      tx.user.updateMany({
        where: { id: user.id, version: input.version },
        data: {
          name: after.name, username: after.username, phone: after.phone, role: after.role, countryId, locale: after.locale,
          version: { increment: 1 },
          // A new role means new permissions: her open sessions must not keep the old ones.
          ...(roleChanged ? { sessionVersion: { increment: 1 } } : {}),
        },
      }),
    );
    if (count === 0) throw conflict();

    if (changed.includes("sites")) {
      await tx.userSite.deleteMany({ where: { userId: user.id, siteId: { notIn: siteIds } } });
      await tx.userSite.createMany({ data: siteIds.map((siteId) => ({ userId: user.id, siteId })), skipDuplicates: true });
    }
    // A profile left behind by a former Mentor Mother is kept: it is harmless and survives a role
    // change made by mistake.
    if (after.mentor) {
      await tx.mentorProfile.upsert({
        where: { userId: user.id },
        create: { userId: user.id, ...after.mentor },
        update: after.mentor,
      });
    }
    // A Mentor Mother's days, capacity, sites or role decide today's lists at her sites.
    const regenerated =
      (before.role === "MENTOR_MOTHER" || after.role === "MENTOR_MOTHER") && changed.some((f) => f !== "name" && f !== "locale")
        ? await regenerateToday(tx, [...new Set([...currentSiteIds, ...siteIds])], now, actor.userId)
        : [];
    return {
      data: { id: user.id, version: user.version + 1 },
      audit: [
        {
          action: "user.updated",
          entityType: "user",
          entityId: user.id,
          meta: { changed, ...(roleChanged ? { roleFrom: before.role, roleTo: after.role } : {}) },
        },
        ...regenerated,
      ],
    };
  },
});

export const deactivateUserCommand = command({
  name: "users.deactivate",
  permission: "admin.users",
  schema: userStatusSchema,
  async run({ tx, actor, input, now }) {
    const user = await loadUser(tx, actor, input.id);
    if (user.version !== input.version) throw conflict();
    if (!user.active) return { data: { id: user.id, version: user.version, redistribution: null }, audit: [] };
    // Also when an administrator deactivates herself.
    if (wouldRemoveLastAdmin(await lockActiveAdmins(tx), user, { role: user.role, active: false })) {
      throw new AppError("VALIDATION", "lastAdmin");
    }
    const { count } = await tx.user.updateMany({
      where: { id: user.id, version: input.version },
      data: { active: false, deactivatedAt: now, sessionVersion: { increment: 1 }, version: { increment: 1 } },
    });
    if (count === 0) throw conflict();
    const audit: AuditEntry[] = [{ action: "user.deactivated", entityType: "user", entityId: user.id, meta: { role: user.role } }];
    // A Mentor Mother's clients and open calls go to her colleagues at once, in this transaction,
    // by the automatic rule (domain.md, Assignment); the ones nobody can take are reported.
    let redistribution: Redistribution | null = null;
    if (user.role === "MENTOR_MOTHER") {
      redistribution = await redistributeClientsOf(tx, user.id, actor.userId, now);
      const r = redistribution;
      audit.push({
        action: "assignment.redistributed",
        entityType: "user",
        entityId: user.id,
        meta: { moved: r.moved, unplaced: r.unplaced, reason: r.shortfall?.reason ?? null, tasksMoved: r.tasksMoved, tasksCancelled: r.tasksCancelled },
      });
    }
    if (user.role === "MENTOR_MOTHER") audit.push(...(await regenerateToday(tx, user.sites.map((x) => x.siteId), now, actor.userId)));
    return { data: { id: user.id, version: user.version + 1, redistribution }, audit };
  },
});

export const reactivateUserCommand = command({
  name: "users.reactivate",
  permission: "admin.users",
  schema: userStatusSchema,
  async run({ tx, actor, input, now }) {
    const user = await loadUser(tx, actor, input.id);
    if (user.version !== input.version) throw conflict();
    if (user.active) return { data: { id: user.id, version: user.version }, audit: [] };
    const { count } = await tx.user.updateMany({
      where: { id: user.id, version: input.version },
      data: { active: true, deactivatedAt: null, version: { increment: 1 } },
    });
    if (count === 0) throw conflict();
    const regenerated = user.role === "MENTOR_MOTHER" ? await regenerateToday(tx, user.sites.map((x) => x.siteId), now, actor.userId) : [];
    return {
      data: { id: user.id, version: user.version + 1 },
      audit: [{ action: "user.reactivated", entityType: "user", entityId: user.id, meta: { role: user.role } }, ...regenerated],
    };
  },
});

export const setIdentifiedAccessCommand = command({
  name: "users.identifiedAccess",
  permission: "admin.users",
  schema: identifiedAccessSchema,
  async run({ tx, actor, input, now }) {
    const user = await loadUser(tx, actor, input.id);
    if (user.version !== input.version) throw conflict();
    if (!IDENTIFIED_ACCESS_ROLES.includes(user.role)) throw new AppError("VALIDATION", "invalidValue");
    if ((user.identifiedAccessGrantedAt !== null) === input.granted) return { data: { id: user.id, version: user.version }, audit: [] };
    const { count } = await tx.user.updateMany({
      where: { id: user.id, version: input.version },
      data: input.granted
        ? { identifiedAccessGrantedAt: now, identifiedAccessGrantedBy: actor.userId, version: { increment: 1 } }
        : { identifiedAccessGrantedAt: null, identifiedAccessGrantedBy: null, version: { increment: 1 } },
    });
    if (count === 0) throw conflict();
    return {
      data: { id: user.id, version: user.version + 1 },
      audit: [{ action: input.granted ? "user.identified_access.granted" : "user.identified_access.revoked", entityType: "user", entityId: user.id, meta: { role: user.role } }],
    };
  },
});

export type PasswordReset = { id: string; version: number; name: string; username: string; oneTimePassword: string };

/**
 * A new one-time password for someone the actor may reset (passwordResetScope): shown once to the
 * one who reset it (it is in this result only, never stored or audited in clear), replaced by her at
 * her next sign-in (must_change_password), and every session she has ends now.
 */
export const resetPasswordCommand = command({
  name: "users.resetPassword",
  permission: "users.resetPassword",
  schema: resetPasswordSchema,
  async run({ tx, actor, input }) {
    const user = await tx.user.findFirst({
      where: { AND: [passwordResetScope(actor), { id: input.id }] },
      select: { id: true, name: true, username: true, role: true },
    });
    if (!user) throw notFound();
    const password = oneTimePassword();
    // No version check: a new password replaces whatever was there, so nothing can be lost.
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword(password), mustChangePassword: true, sessionVersion: { increment: 1 }, version: { increment: 1 } },
      select: { version: true },
    });
    return {
      data: { id: user.id, version: updated.version, name: user.name, username: user.username, oneTimePassword: password } satisfies PasswordReset,
      audit: { action: "user.password_reset", entityType: "user", entityId: user.id, meta: { oneTime: true, role: user.role, by: actor.role } },
    };
  },
});
