// The administrators' call-list preview: its input (shared by the form in the browser and the
// command on the server) and its result. No server code here: the form bundles this file.
import { z } from "zod";
import type { COUNTRY_SETTING_KEYS } from "@/lib/settings/schemas";
import { isIsoDate } from "@/lib/calls/calendar";
import type { ReasonKind } from "@/lib/calls/rules";

/** The settings that change who is on the lists; the preview form can override these. */
export const PREVIEW_SETTING_KEYS = [
  "adherenceWeeklyFirstMonths",
  "adherenceIntensiveIntervalDays",
  "adherenceStableIntervalDays",
  "vlSuppressedBelow",
  "vlHighAbove",
  "eacIntervalDays",
  "vlRepeatAfterMonths",
  "vlFirstTestMonths",
  "vlSecondTestMonths",
  "vlRoutineIntervalMonths",
  "vlOverdueAfterDays",
  "appointmentReminderDaysBefore",
  "appointmentReminderOnDay",
  "infantTestAgesWeeks",
  "infantTestAfterBreastfeedingWeeks",
  "weekendDays",
] as const satisfies readonly (typeof COUNTRY_SETTING_KEYS)[number][];
export type PreviewSettingKey = (typeof PREVIEW_SETTING_KEYS)[number];

/** Tasks shown per Mentor Mother. */
export const PREVIEW_TASKS_PER_MENTOR = 20;

/** A form value that means "keep the stored setting": absent, empty text, or "keep". */
export const unset = (v: unknown) => v === undefined || v === null || (typeof v === "string" && (v.trim() === "" || v === "keep"));

export const previewSchema = z.object({
  siteId: z.uuid(),
  /** Default: tomorrow in the site's time zone. */
  day: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || isIsoDate(v), "invalidDate"),
  /** Raw form values, validated against the country's settings in `run` (one rule set for both). */
  overrides: z.record(z.string(), z.unknown()).optional(),
});
export type PreviewInput = z.input<typeof previewSchema>;

export type PreviewTask = { clientId: string; firstName: string; reasons: string[]; priority: number; firstDueDate: string };
export type PreviewMentor = {
  id: string;
  name: string;
  capacity: number;
  worksDay: boolean;
  total: number;
  byKind: Record<ReasonKind, number>;
  tasks: PreviewTask[];
};
export type PreviewResult = {
  siteId: string;
  siteName: string;
  day: string;
  workingDay: boolean;
  overridden: PreviewSettingKey[];
  total: number;
  byKind: Record<ReasonKind, number>;
  carried: number;
  closed: number;
  mentors: PreviewMentor[];
  /** The real lists of that day, when they were made already: when, by what, by whom. */
  generated: { at: string; trigger: string; byName: string | null; timeZone: string } | null;
};
