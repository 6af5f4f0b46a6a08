"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import { countryFormSchema, type CountryFormInput } from "@/lib/countries/schemas";
import { TimeZoneOptions } from "@/components/forms/time-zone-options";
import { createCountryAction, updateCountryAction } from "@/lib/countries/actions";

type Language = { code: string; name: string };

/** Creates a country (no `edit`), or edits one with the version held by the page's editor. */
export function CountryForm({
  initial,
  languages,
  edit,
}: {
  initial: CountryFormInput;
  languages: Language[];
  edit?: { id: string; version: number; onSaved: (version: number) => void };
}) {
  const t = useTranslations("countries");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const { form, submit, pending, formError } = useCommandForm({
    schema: countryFormSchema,
    defaultValues: initial,
    action: (values) => {
      setSaved(false);
      return edit ? updateCountryAction({ ...values, id: edit.id, version: edit.version }) : createCountryAction(values);
    },
    onSuccess: (data) => {
      if (!edit) {
        router.push(`/admin/countries/${data.id}?created=1`);
        return;
      }
      edit.onSaved(data.version);
      setSaved(true);
      router.refresh();
    },
  });
  const err = form.formState.errors;
  // The current default stays selectable even if it has since left the programme's list.
  const options = languages.some((l) => l.code === initial.defaultLanguage) || !initial.defaultLanguage
    ? languages
    : [{ code: initial.defaultLanguage, name: initial.defaultLanguage }, ...languages];
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{t("saved")}</Alert>}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label={t("fields.code")}
          hint={t("fields.codeHint")}
          autoCapitalize="characters"
          autoComplete="off"
          maxLength={2}
          error={errorText(err.code?.message)}
          {...form.register("code")}
        />
        <TextField label={t("fields.name")} autoComplete="off" error={errorText(err.name?.message)} {...form.register("name")} />
        <TextField
          label={t("fields.timeZone")}
          hint={t("fields.timeZoneHint")}
          list="country-time-zones"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          error={errorText(err.timeZone?.message)}
          {...form.register("timeZone")}
        />
        <SelectField label={t("fields.defaultLanguage")} error={errorText(err.defaultLanguage?.message)} {...form.register("defaultLanguage")}>
          <option value="">{t("fields.chooseLanguage")}</option>
          {options.map((l) => (
            <option key={l.code} value={l.code}>
              {l.name} ({l.code})
            </option>
          ))}
        </SelectField>
      </div>
      <TimeZoneOptions id="country-time-zones" />
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? tc("saving") : edit ? tc("save") : tc("create")}
      </Button>
    </form>
  );
}
