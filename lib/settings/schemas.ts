// Settings are stored as JSON (countries.settings, programme_settings.settings) and always read
// through these schemas: missing keys take the defaults from domain.md, bad values are refused.
import { z } from "zod";

const days = (max: number) => z.coerce.number().int().min(0).max(max);

/** Per-country rule settings. Defaults are the programme defaults in domain.md. */
export const countrySettingsSchema = z
  .object({
    /** Most active clients one Mentor Mother may hold (her own cap, when set, wins). */
    caseloadCap: z.coerce.number().int().min(1).max(5000).default(120),
    /** Mentor Mothers may enrol clients at their own site. */
    mentorsMayEnrol: z.boolean().default(false),
    welcomeWithinWorkingDays: days(30).default(2),
    adherenceWeeklyFirstMonths: days(24).default(3),
    adherenceIntensiveIntervalDays: days(90).default(14),
    adherenceStableIntervalDays: days(180).default(30),
    vlSuppressedBelow: z.coerce.number().int().min(1).max(100000).default(50),
    vlHighAbove: z.coerce.number().int().min(1).max(1000000).default(1000),
    eacLowLevelCallWithinDays: days(60).default(14),
    eacHighCallWithinDays: days(60).default(7),
    eacIntervalDays: days(90).default(14),
    vlRepeatAfterMonths: days(24).default(3),
    vlFirstTestMonths: days(24).default(6),
    vlSecondTestMonths: days(36).default(12),
    vlRoutineIntervalMonths: days(36).default(12),
    vlOverdueAfterDays: days(180).default(28),
    appointmentReminderDaysBefore: days(14).default(2),
    appointmentReminderOnDay: z.boolean().default(false),
    lostToFollowUpAfterDays: days(365).default(28),
    infantTestAgesWeeks: z.array(days(150)).min(1).max(10).default([6, 39, 78]),
    infantTestAfterBreastfeedingWeeks: days(52).default(6),
    maxAttemptsPerTask: z.coerce.number().int().min(1).max(10).default(3),
    maxWorkingDaysPerTask: z.coerce.number().int().min(1).max(10).default(3),
    maxCallsPerPhonePerDay: z.coerce.number().int().min(1).max(10).default(2),
    retryDelayMinutes: z.coerce.number().int().min(5).max(24 * 60).default(120),
    /** ISO weekdays that are not working days (6 = Saturday, 7 = Sunday). */
    weekendDays: z.array(z.number().int().min(1).max(7)).max(6).default([6, 7]),
  })
  .refine((s) => s.vlHighAbove >= s.vlSuppressedBelow, {
    path: ["vlHighAbove"],
    message: "The high viral-load threshold must not be below the suppression threshold",
  })
  .refine((s) => s.vlSecondTestMonths > s.vlFirstTestMonths, {
    path: ["vlSecondTestMonths"],
    message: "The second routine test must come after the first",
  });

export type CountrySettings = z.infer<typeof countrySettingsSchema>;

export const languageSchema = z.object({
  code: z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, "Use an ISO 639 code such as en, pt or ny"),
  name: z.string().trim().min(1).max(60),
});

/** Programme-wide settings (one row). */
export const programmeSettingsSchema = z.object({
  programmeName: z.string().trim().min(1).max(120).default("eServices"),
  /** Languages clients and Mentor Mothers may have. */
  languages: z
    .array(languageSchema)
    .min(1)
    .max(200)
    .default([
      { code: "en", name: "English" },
      { code: "pt", name: "Português" },
      { code: "fr", name: "Français" },
      { code: "zu", name: "isiZulu" },
      { code: "xh", name: "isiXhosa" },
      { code: "st", name: "Sesotho" },
      { code: "ny", name: "Chichewa" },
    ])
    .refine((l) => new Set(l.map((x) => x.code)).size === l.length, "Each language code may appear once"),
  /** Default daily call capacity for a new Mentor Mother. */
  defaultDailyCapacity: z.coerce.number().int().min(1).max(500).default(40),
  /** Minimum password length for staff accounts. */
  minPasswordLength: z.coerce.number().int().min(10).max(128).default(10),
});

export type ProgrammeSettings = z.infer<typeof programmeSettingsSchema>;

/** Reads stored JSON; anything invalid falls back to the defaults key by key is NOT done: a stored
 * value that fails validation is a bug, so it throws and the caller shows an error. */
export function readCountrySettings(json: unknown): CountrySettings {
  return countrySettingsSchema.parse(json ?? {});
}

export function readProgrammeSettings(json: unknown): ProgrammeSettings {
  return programmeSettingsSchema.parse(json ?? {});
}
