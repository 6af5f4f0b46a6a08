// Staff account forms. The same schemas run in the browser (react-hook-form) and on the server
// (lib/users/commands.ts), so the role-dependent rules live here in one superRefine.
import { z } from "zod";
import { ROLES } from "@/lib/authz";
import { LOCALES } from "@/i18n/config";
import { keyErrorMap } from "@/lib/validation";

export const USERNAME_PATTERN = /^[a-z0-9._-]+$/;
export const PHONE_PATTERN = /^\+[1-9]\d{7,14}$/;
/** The floor of programme settings' minPasswordLength: the server re-checks the configured value. */
export const MIN_PASSWORD_LENGTH = 10;
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const id = z.uuid();

export const usernameSchema = z.string().trim().toLowerCase().min(3).max(64).regex(USERNAME_PATTERN);

/** Optional E.164 number: "" and null both mean "no phone". */
export const phoneSchema = z
  .string()
  .trim()
  .max(16)
  .regex(/^$|^\+[1-9]\d{7,14}$/)
  .nullish()
  .transform((v) => v || null);

/** A select's "" means "none" (programme-wide for a programme manager). */
const optionalId = z
  .string()
  .trim()
  .regex(/^$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  .nullish()
  .transform((v) => v || null);

const languageCode = z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/);

/** A Mentor Mother's profile: checked only when the role is MENTOR_MOTHER. */
export const mentorProfileSchema = z.object({
  languages: z.array(languageCode).min(1, "languageRequired").max(50),
  dailyCapacity: z.number().int().min(0).max(500),
  caseloadCap: z.number().int().min(1).max(5000).nullable(),
  workingDays: z
    .array(z.number().int().min(1).max(7))
    .min(1)
    .max(7)
    .refine((d) => new Set(d).size === d.length, "invalid"),
});

const userFields = {
  name: z.string().trim().min(1).max(120),
  username: usernameSchema,
  phone: phoneSchema,
  role: z.enum(ROLES),
  siteIds: z.array(id).max(200).default([]),
  countryId: optionalId,
  // Loose here and strict in mentorProfileSchema: the mentor fields of another role are ignored,
  // so a half-typed capacity left behind after switching the role does not block the form.
  languages: z.array(z.string().max(16)).max(50).default([]),
  dailyCapacity: z.number().nullable().default(null),
  caseloadCap: z.number().nullable().default(null),
  workingDays: z.array(z.number()).max(7).default([]),
  locale: z.enum(LOCALES),
};

type RoleRuleInput = {
  role: (typeof ROLES)[number];
  siteIds: string[];
  languages: string[];
  dailyCapacity: number | null;
  caseloadCap: number | null;
  workingDays: number[];
};

/** Sites by role, and the Mentor Mother profile. */
export function roleRules(v: RoleRuleInput, ctx: z.RefinementCtx) {
  if (v.role === "MENTOR_MOTHER" && v.siteIds.length !== 1) {
    ctx.addIssue({ code: "custom", path: ["siteIds"], message: "oneSiteOnly" });
  }
  if ((v.role === "SUPERVISOR" || v.role === "DATA_CLERK") && v.siteIds.length < 1) {
    ctx.addIssue({ code: "custom", path: ["siteIds"], message: "siteRequired" });
  }
  if (v.role === "MENTOR_MOTHER") {
    const profile = mentorProfileSchema.safeParse(
      { languages: v.languages, dailyCapacity: v.dailyCapacity, caseloadCap: v.caseloadCap, workingDays: v.workingDays },
      { error: keyErrorMap },
    );
    if (!profile.success) {
      for (const issue of profile.error.issues) {
        // Only the field name: "languages.0" would not reach the checkbox group's error slot.
        ctx.addIssue({ code: "custom", path: [issue.path[0] as string], message: issue.message });
      }
    }
  }
}

function passwordFields(minLength: number) {
  return {
    password: z.string().min(minLength, `passwordTooShort|${minLength}`).max(256),
    confirmPassword: z.string().min(1).max(256),
  };
}

function passwordsMatch(v: { password: string; confirmPassword: string }, ctx: z.RefinementCtx) {
  if (v.password !== v.confirmPassword) ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "passwordsDiffer" });
}

/** The browser builds it with the configured minimum; the server uses the floor and re-checks. */
export function makeCreateUserSchema(minPasswordLength = MIN_PASSWORD_LENGTH) {
  return z
    .object({ ...userFields, ...passwordFields(minPasswordLength) })
    .superRefine((v, ctx) => {
      roleRules(v, ctx);
      passwordsMatch(v, ctx);
    });
}

export const createUserSchema = makeCreateUserSchema();

export const updateUserSchema = z
  .object({ id, version: z.number().int().min(1), ...userFields })
  .superRefine(roleRules);

/** The staff-account form, creating (passwords required, as makeCreateUserSchema) or editing (no
 * passwords: they are reset on their own form): one shape, so the form is typed by it. */
export function makeUserFormSchema(editing: boolean, minPasswordLength = MIN_PASSWORD_LENGTH) {
  const pw = passwordFields(minPasswordLength);
  return z
    .object({ ...userFields, password: pw.password.optional(), confirmPassword: pw.confirmPassword.optional() })
    .superRefine((v, ctx) => {
      roleRules(v, ctx);
      if (editing) return;
      if (!v.password) ctx.addIssue({ code: "custom", path: ["password"], message: "required" });
      if (!v.confirmPassword) ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "required" });
      if (v.password && v.confirmPassword) passwordsMatch({ password: v.password, confirmPassword: v.confirmPassword }, ctx);
    });
}

export const userStatusSchema = z.object({ id, version: z.number().int().min(1) });

/** Grant or withdraw identified data (identified client records for a programme manager, the
 * identified line list for anyone who has reports). */
export const identifiedAccessSchema = z.object({ id, version: z.number().int().min(1), granted: z.boolean() });

/** A reset names whom only: the server makes the one-time password (nobody chooses another
 * person's password, and she replaces it at her next sign-in). */
export const resetPasswordSchema = z.object({ id });

export type CreateUserValues = z.input<typeof createUserSchema>;
export type CreateUserInput = z.output<typeof createUserSchema>;
export type UpdateUserValues = z.input<typeof updateUserSchema>;
export type UpdateUserInput = z.output<typeof updateUserSchema>;
export type UserStatusInput = z.output<typeof userStatusSchema>;

/** The list page's search parameters: anything unexpected is dropped, never an error. */
export const userListParamsSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  site: id.optional().catch(undefined),
  status: z.enum(["active", "inactive", "all"]).optional().catch(undefined),
  after: usernameSchema.optional().catch(undefined),
});
