"use client";
import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useFieldArray } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import { updateProgrammeSettingsSchema, type ProgrammeSettings } from "@/lib/settings/schemas";
import { updateProgrammeSettingsAction } from "@/lib/settings/actions";

export function ProgrammeSettingsForm({ settings, version: initialVersion }: { settings: ProgrammeSettings; version: number }) {
  const t = useTranslations("settings");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  // Moves on with each save on this page, so saving twice does not conflict with itself.
  const version = useRef(initialVersion);
  const { form, submit, pending, formError } = useCommandForm({
    schema: updateProgrammeSettingsSchema,
    defaultValues: {
      programmeName: settings.programmeName,
      languages: settings.languages,
      defaultDailyCapacity: String(settings.defaultDailyCapacity),
      minPasswordLength: String(settings.minPasswordLength),
      version: initialVersion,
    },
    action: (values) => {
      setSaved(false);
      return updateProgrammeSettingsAction({ ...values, version: version.current });
    },
    onSuccess: (data) => {
      version.current = data.version;
      setSaved(true);
      router.refresh();
    },
  });
  const { fields, append, remove } = useFieldArray({ control: form.control, name: "languages" });
  const err = form.formState.errors;
  // A list-level error (none left, or one still in use) sits on the array itself or on its root.
  const languagesError = errorText(err.languages?.message ?? err.languages?.root?.message);

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label={t("programmeName")} autoComplete="off" className="sm:col-span-2" error={errorText(err.programmeName?.message)} {...form.register("programmeName")} />
        <TextField
          label={t("defaultDailyCapacity")}
          hint={t("defaultDailyCapacityHint")}
          type="number"
          inputMode="numeric"
          min={1}
          max={500}
          error={errorText(err.defaultDailyCapacity?.message)}
          {...form.register("defaultDailyCapacity")}
        />
        <TextField
          label={t("minPasswordLength")}
          hint={t("minPasswordLengthHint")}
          type="number"
          inputMode="numeric"
          min={10}
          max={128}
          error={errorText(err.minPasswordLength?.message)}
          {...form.register("minPasswordLength")}
        />
      </div>

      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3" aria-describedby="languages-hint">
        <legend className="px-1 text-sm font-semibold text-slate-900">{t("languages.legend")}</legend>
        <p id="languages-hint" className="text-xs text-slate-600">
          {t("languages.hint")} {t("languages.codeHint")}.
        </p>
        {languagesError && (
          <p className="text-sm text-red-700" role="alert">
            {languagesError}
          </p>
        )}
        <ol className="space-y-3">
          {fields.map((field, i) => {
            // Visible labels stay short on a phone; screen readers also hear which row it is.
            const row = <span className="sr-only"> · {t("languages.row", { n: i + 1 })}</span>;
            return (
              <li key={field.id} className="grid grid-cols-[6rem_1fr] gap-2 border-b border-slate-100 pb-3 sm:grid-cols-[8rem_1fr_auto] sm:items-start">
                <TextField
                  label={<>{t("languages.code")}{row}</>}
                  autoCapitalize="none"
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={8}
                  error={errorText(err.languages?.[i]?.code?.message)}
                  {...form.register(`languages.${i}.code`)}
                />
                <TextField
                  label={<>{t("languages.name")}{row}</>}
                  autoComplete="off"
                  error={errorText(err.languages?.[i]?.name?.message)}
                  {...form.register(`languages.${i}.name`)}
                />
                <Button variant="ghost" className="col-span-2 justify-self-end sm:col-span-1 sm:mt-6" onClick={() => remove(i)} aria-label={t("languages.removeLabel", { n: i + 1 })}>
                  {t("languages.remove")}
                </Button>
              </li>
            );
          })}
        </ol>
        <Button variant="secondary" onClick={() => append({ code: "", name: "" }, { shouldFocus: true })}>
          {t("languages.add")}
        </Button>
      </fieldset>

      {/* The list's own error (a language still in use) sits far above on a phone: repeat it here. */}
      {formError && <Alert>{languagesError ?? errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{t("saved")}</Alert>}
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? tc("saving") : tc("save")}
      </Button>
    </form>
  );
}
