"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { FieldPath } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { CheckboxField, CheckboxGroup, SelectField, TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import { updateCountrySettingsSchema, type CountrySettingKey, type CountrySettings } from "@/lib/settings/schemas";
import { updateCountrySettingsAction } from "@/lib/settings/actions";

type Kind = "number" | "boolean" | "list" | "weekdays" | "text" | "idScheme";
type Rule = { key: CountrySettingKey; kind: Kind; min?: number; max?: number };

// Every key of countrySettingsSchema, grouped as an administrator thinks about them.
const GROUPS: { id: string; rules: Rule[] }[] = [
  {
    id: "caseload",
    rules: [
      { key: "caseloadCap", kind: "number", min: 1, max: 5000 },
      { key: "mentorsMayEnrol", kind: "boolean" },
      { key: "welcomeWithinWorkingDays", kind: "number", min: 0, max: 30 },
    ],
  },
  {
    id: "adherence",
    rules: [
      { key: "adherenceWeeklyFirstMonths", kind: "number", min: 0, max: 24 },
      { key: "adherenceIntensiveIntervalDays", kind: "number", min: 1, max: 90 },
      { key: "adherenceStableIntervalDays", kind: "number", min: 1, max: 180 },
    ],
  },
  {
    id: "viralLoad",
    rules: [
      { key: "vlSuppressedBelow", kind: "number", min: 1, max: 100000 },
      { key: "vlHighAbove", kind: "number", min: 1, max: 1000000 },
      { key: "eacLowLevelCallWithinDays", kind: "number", min: 0, max: 60 },
      { key: "eacHighCallWithinDays", kind: "number", min: 0, max: 60 },
      { key: "eacIntervalDays", kind: "number", min: 1, max: 90 },
      { key: "vlRepeatAfterMonths", kind: "number", min: 1, max: 24 },
      { key: "vlFirstTestMonths", kind: "number", min: 1, max: 24 },
      { key: "vlSecondTestMonths", kind: "number", min: 1, max: 36 },
      { key: "vlRoutineIntervalMonths", kind: "number", min: 1, max: 36 },
      { key: "vlOverdueAfterDays", kind: "number", min: 0, max: 180 },
      { key: "vlOverdueRepeatDays", kind: "number", min: 7, max: 180 },
    ],
  },
  {
    id: "appointments",
    rules: [
      { key: "appointmentReminderDaysBefore", kind: "number", min: 0, max: 14 },
      { key: "appointmentReminderOnDay", kind: "boolean" },
      { key: "lostToFollowUpAfterDays", kind: "number", min: 1, max: 365 },
    ],
  },
  {
    id: "infants",
    rules: [
      { key: "infantTestAgesWeeks", kind: "list" },
      { key: "infantTestAfterBreastfeedingWeeks", kind: "number", min: 0, max: 52 },
    ],
  },
  {
    id: "attempts",
    rules: [
      { key: "maxAttemptsPerTask", kind: "number", min: 1, max: 10 },
      { key: "maxWorkingDaysPerTask", kind: "number", min: 1, max: 10 },
      { key: "maxCallsPerPhonePerDay", kind: "number", min: 1, max: 10 },
      { key: "retryDelayMinutes", kind: "number", min: 5, max: 1440 },
    ],
  },
  {
    id: "supervision",
    rules: [
      { key: "coverageGoalPercent", kind: "number", min: 1, max: 100 },
      { key: "notReachedDays", kind: "number", min: 7, max: 180 },
      { key: "backChecksPerWeek", kind: "number", min: 0, max: 10 },
    ],
  },
  {
    id: "messages",
    rules: [
      { key: "messageAppointmentDaysBefore", kind: "number", min: 0, max: 14 },
      { key: "messageLocalHour", kind: "number", min: 0, max: 23 },
      { key: "messageAppointmentOnDay", kind: "boolean" },
      { key: "messageMissedAppointment", kind: "boolean" },
      { key: "messageVlDue", kind: "boolean" },
      { key: "messageVlDueDaysBefore", kind: "number", min: 0, max: 30 },
    ],
  },
  { id: "weekends", rules: [{ key: "weekendDays", kind: "weekdays" }] },
  {
    id: "dhis2",
    rules: [
      { key: "dhis2Url", kind: "text" },
      { key: "dhis2TokenEnv", kind: "text" },
      { key: "dhis2IdScheme", kind: "idScheme" },
    ],
  },
];

const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;

/** What the inputs hold - the schema's input: text for numbers and lists, strings for the
 * weekday checkboxes, booleans for the yes/no settings. */
type FormValues = z.input<typeof updateCountrySettingsSchema>;
type SettingsValues = Extract<FormValues["settings"], object>;

function toFormValues(settings: CountrySettings): SettingsValues {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(settings) as [CountrySettingKey, unknown][]) {
    if (k === "weekendDays") out[k] = (v as number[]).map(String);
    else if (k === "infantTestAgesWeeks") out[k] = (v as number[]).join(", ");
    else out[k] = typeof v === "boolean" ? v : String(v);
  }
  return out as SettingsValues;
}

export function CountrySettingsForm({
  countryId,
  settings,
  version,
  onSaved,
}: {
  countryId: string;
  settings: CountrySettings;
  version: number;
  onSaved: (version: number) => void;
}) {
  const t = useTranslations("settings");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const { form, submit, pending, formError } = useCommandForm({
    // The inputs hold text; the schema turns it into numbers (its input type is `unknown`).
    schema: updateCountrySettingsSchema,
    defaultValues: { countryId, version, settings: toFormValues(settings) },
    action: (values) => {
      setSaved(false);
      // The version is shared with the details form above: whichever saved last holds it.
      return updateCountrySettingsAction({ ...values, countryId, version });
    },
    onSuccess: (data) => {
      onSaved(data.version);
      setSaved(true);
      router.refresh();
    },
  });
  const fieldError = (name: FieldPath<FormValues>) => errorText(form.getFieldState(name, form.formState).error?.message);

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {GROUPS.map((group) => (
        <fieldset key={group.id} className="space-y-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-semibold text-slate-900">{t(`groups.${group.id}`)}</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            {group.rules.map((rule) => {
              const name = `settings.${rule.key}` as const;
              const label = t(`rules.${rule.key}.label`);
              const help = t(`rules.${rule.key}.help`);
              if (rule.kind === "boolean") {
                const helpId = `rule-${rule.key}-help`;
                return (
                  <div key={rule.key} className="sm:col-span-2">
                    <CheckboxField label={label} error={fieldError(name)} aria-describedby={helpId} {...form.register(name)} />
                    <p id={helpId} className="text-xs text-slate-600">
                      {help}
                    </p>
                  </div>
                );
              }
              if (rule.kind === "weekdays") {
                return (
                  <div key={rule.key} className="sm:col-span-2">
                    <CheckboxGroup legend={label} error={fieldError(name)}>
                      {WEEKDAYS.map((d) => (
                        <CheckboxField key={d} label={tc(`weekdays.${d}`)} value={d} {...form.register(name)} />
                      ))}
                    </CheckboxGroup>
                    <p className="text-xs text-slate-600">{help}</p>
                  </div>
                );
              }
              if (rule.kind === "idScheme") {
                return (
                  <SelectField key={rule.key} label={label} hint={help} error={fieldError(name)} {...form.register(name)}>
                    <option value="UID">UID</option>
                    <option value="CODE">CODE</option>
                  </SelectField>
                );
              }
              if (rule.kind === "text") {
                return <TextField key={rule.key} label={label} hint={help} type="text" autoComplete="off" error={fieldError(name)} {...form.register(name)} />;
              }
              return (
                <TextField
                  key={rule.key}
                  label={label}
                  hint={help}
                  inputMode={rule.kind === "list" ? "text" : "numeric"}
                  type={rule.kind === "list" ? "text" : "number"}
                  min={rule.min}
                  max={rule.max}
                  step={rule.kind === "number" ? 1 : undefined}
                  autoComplete="off"
                  error={fieldError(name)}
                  {...form.register(name)}
                />
              );
            })}
          </div>
        </fieldset>
      ))}
      {/* Next to the button: the form is long, a message at its top would be out of sight. */}
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{t("country.saved")}</Alert>}
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? tc("saving") : tc("save")}
      </Button>
    </form>
  );
}
