// Settings are stored as JSON (countries.settings, programme_settings.settings) and always read
// through these schemas: missing keys take the defaults from domain.md, bad values are refused.
// Messages are catalogue keys (lib/validation.ts), so the same schemas drive the admin forms.
import { z } from "zod";

/** A whole number from a form field or stored JSON. An empty field is "required", not 0 (which is
 * what z.coerce would make of it and would silently pass the many `min(0)` rules below). */
const int = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v)) : v),
    z.number().int().min(min).max(max),
  );
const days = (max: number) => int(0, max);

/** A list of whole numbers, also accepted as "6, 39, 78" from a single text field; stored sorted
 * and without repeats, so the rules never see the same age or weekday twice. */
const intList = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.split(/[\s,;]+/).filter(Boolean) : v),
    z.array(int(min, max)),
  );
const sortedUnique = (l: number[]) => [...new Set(l)].sort((a, b) => a - b);

/** Per-country rule settings. Defaults are the programme defaults in domain.md. */
export const countrySettingsSchema = z
  .object({
    /** Most active clients one Mentor Mother may hold (her own cap, when set, wins). */
    caseloadCap: int(1, 5000).default(120),
    /** Mentor Mothers may enrol clients at their own site. */
    mentorsMayEnrol: z.boolean().default(false),
    welcomeWithinWorkingDays: days(30).default(2),
    adherenceWeeklyFirstMonths: days(24).default(3),
    adherenceIntensiveIntervalDays: int(1, 90).default(14),
    adherenceStableIntervalDays: int(1, 180).default(30),
    vlSuppressedBelow: int(1, 100000).default(50),
    vlHighAbove: int(1, 1000000).default(1000),
    eacLowLevelCallWithinDays: days(60).default(14),
    eacHighCallWithinDays: days(60).default(7),
    eacIntervalDays: int(1, 90).default(14),
    vlRepeatAfterMonths: int(1, 24).default(3),
    vlFirstTestMonths: int(1, 24).default(6),
    vlSecondTestMonths: int(1, 36).default(12),
    vlRoutineIntervalMonths: int(1, 36).default(12),
    vlOverdueAfterDays: days(180).default(28),
    /** While a viral-load test is overdue, the reminder comes back every this many days. */
    vlOverdueRepeatDays: int(7, 180).default(28),
    appointmentReminderDaysBefore: days(14).default(2),
    appointmentReminderOnDay: z.boolean().default(false),
    lostToFollowUpAfterDays: int(1, 365).default(28),
    infantTestAgesWeeks: intList(0, 150)
      .pipe(z.array(z.number()).min(1).max(10))
      .transform(sortedUnique)
      .default([6, 39, 78]),
    infantTestAfterBreastfeedingWeeks: days(52).default(6),
    maxAttemptsPerTask: int(1, 10).default(3),
    maxWorkingDaysPerTask: int(1, 10).default(3),
    maxCallsPerPhonePerDay: int(1, 10).default(2),
    retryDelayMinutes: int(5, 24 * 60).default(120),
    /** Supervision (lib/coverage): the share of due calls a Mentor Mother should reach, in percent;
     * below it her figures show in red. */
    coverageGoalPercent: int(1, 100).default(80),
    /** A client with no reached call in this many days is listed as "nobody reached her". */
    notReachedDays: int(7, 180).default(30),
    /** Back-check calls drawn each week from each Mentor Mother's reached calls (0 = none). */
    backChecksPerWeek: int(0, 10).default(2),
    /** Reminder messages (lib/messages, issue 17): an appointment reminder this many days before,
     * at this site-local hour (moved into the phone's safe hours), optionally one on the day too;
     * a "please contact us" message the day after a missed appointment; a viral-load test reminder
     * this many days before it is due. */
    messageAppointmentDaysBefore: days(14).default(2),
    messageLocalHour: int(0, 23).default(9),
    messageAppointmentOnDay: z.boolean().default(false),
    messageMissedAppointment: z.boolean().default(true),
    messageVlDueDaysBefore: days(30).default(7),
    messageVlDue: z.boolean().default(true),
    /** ISO weekdays that are not working days (6 = Saturday, 7 = Sunday). At least one working day. */
    weekendDays: intList(1, 7)
      .transform(sortedUnique)
      .pipe(z.array(z.number()).max(6))
      .default([6, 7]),
    /** DHIS2 (docs/reports.md): the country's server, e.g. https://dhis2.example.org (empty: none). */
    dhis2Url: z
      .string()
      .trim()
      .max(300)
      .refine((v) => v === "" || /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(v), "invalidUrl")
      .transform((v) => v.replace(/\/+$/, ""))
      .default(""),
    /** The NAME of the environment variable that holds the server's personal access token - never
     * the token itself. */
    dhis2TokenEnv: z
      .string()
      .trim()
      .max(100)
      .refine((v) => v === "" || /^[A-Z][A-Z0-9_]*$/.test(v), "invalidFormat")
      .default(""),
    /** How the mapping names DHIS2 objects: their ids (UID) or their codes (CODE). */
    dhis2IdScheme: z.enum(["UID", "CODE"]).default("UID"),
  })
  .refine((s) => s.vlHighAbove >= s.vlSuppressedBelow, { path: ["vlHighAbove"], message: "vlThresholdOrder" })
  .refine((s) => s.vlSecondTestMonths > s.vlFirstTestMonths, { path: ["vlSecondTestMonths"], message: "vlTestOrder" });

export type CountrySettings = z.infer<typeof countrySettingsSchema>;
export type CountrySettingKey = keyof CountrySettings;

/** Every setting key, in the order of the schema (used to diff and to audit changed keys). */
export const COUNTRY_SETTING_KEYS = Object.keys(countrySettingsSchema.shape) as CountrySettingKey[];

export const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

export const languageSchema = z.object({
  code: z.string().trim().max(8).regex(LANGUAGE_CODE, "invalidFormat"),
  name: z.string().trim().min(1).max(60),
});

/** Programme-wide settings (one row). */
export const programmeSettingsSchema = z.object({
  programmeName: z.string().trim().min(1).max(120).default("eServices"),
  /** Languages clients and Mentor Mothers may have. */
  languages: z
    .array(languageSchema)
    .min(1, "languageRequired")
    .max(200)
    .superRefine((list, ctx) => {
      // The error goes on the repeated row, so the form highlights the exact field.
      const seen = new Set<string>();
      list.forEach((l, i) => {
        if (seen.has(l.code)) ctx.addIssue({ code: "custom", path: [i, "code"], message: "codeTaken" });
        seen.add(l.code);
      });
    })
    .default([
      { code: "en", name: "English" },
      { code: "pt", name: "Português" },
      { code: "fr", name: "Français" },
      { code: "zu", name: "isiZulu" },
      { code: "xh", name: "isiXhosa" },
      { code: "st", name: "Sesotho" },
      { code: "ny", name: "Chichewa" },
    ]),
  /** Default daily call capacity for a new Mentor Mother. */
  defaultDailyCapacity: int(1, 500).default(40),
  /** Minimum password length for staff accounts. */
  minPasswordLength: int(10, 128).default(10),
});

export type ProgrammeSettings = z.infer<typeof programmeSettingsSchema>;

/** Saving a country's rule settings: the country's version guards against lost updates. */
export const updateCountrySettingsSchema = z.object({
  countryId: z.uuid(),
  version: z.coerce.number().int().min(1),
  settings: countrySettingsSchema,
});
export type UpdateCountrySettingsInput = z.input<typeof updateCountrySettingsSchema>;

/** Saving the programme settings (row id 1). */
export const updateProgrammeSettingsSchema = programmeSettingsSchema.extend({
  version: z.coerce.number().int().min(1),
});
export type UpdateProgrammeSettingsInput = z.infer<typeof updateProgrammeSettingsSchema>;

/** Settings already read, by their stored JSON text: a recorded call reads its country's settings
 * every time, and parsing them (about 40 fields) cost about 0.2 ms of CPU per call (bench B4H,
 * decision 048). Few countries, so few entries; the oldest goes past MAX_READ. */
const read = new Map<string, CountrySettings>();
const MAX_READ = 256;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** A country's stored settings with every default filled in (frozen: the same object is handed to
 * every caller with the same stored settings). No invalid value falls back to its default: a
 * stored value that fails validation is a bug, so it throws (every time) and the caller shows an
 * error. */
export function readCountrySettings(json: unknown): CountrySettings {
  const key = JSON.stringify(json ?? {});
  let settings = read.get(key);
  if (!settings) {
    settings = deepFreeze(countrySettingsSchema.parse(json ?? {}));
    if (read.size >= MAX_READ) read.delete(read.keys().next().value!);
    read.set(key, settings);
  }
  return settings;
}

export function readProgrammeSettings(json: unknown): ProgrammeSettings {
  return programmeSettingsSchema.parse(json ?? {});
}
