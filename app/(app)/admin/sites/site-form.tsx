"use client";
import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import { TimeZoneOptions } from "@/components/forms/time-zone-options";
import { siteFormSchema } from "@/lib/sites/schemas";
import { createSiteAction, updateSiteAction } from "@/lib/sites/actions";

type Country = { id: string; name: string; code: string; timeZone: string };
type Values = { countryId: string; code: string; name: string; timeZone: string; active: boolean };

/** Creates a site (no `edit`) or edits one; the time zone follows the chosen country until typed. */
export function SiteForm({ initial, countries, edit }: { initial: Values; countries: Country[]; edit?: { id: string; version: number } }) {
  const t = useTranslations("sites");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  // Kept across saves on this page, so a second save does not conflict with the first.
  const version = useRef(edit?.version ?? 1);
  const { form, submit, pending, formError } = useCommandForm({
    schema: siteFormSchema,
    defaultValues: initial,
    action: (values) => {
      setSaved(false);
      return edit ? updateSiteAction({ ...values, id: edit.id, version: version.current }) : createSiteAction(values);
    },
    onSuccess: (data) => {
      if (!edit) {
        router.push(`/admin/sites/${data.id}?created=1`);
        return;
      }
      version.current = data.version;
      setSaved(true);
      router.refresh();
    },
  });
  const err = form.formState.errors;
  const zoneOf = (id: string) => countries.find((c) => c.id === id)?.timeZone ?? "";
  const country = form.register("countryId");

  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{t("saved")}</Alert>}
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label={t("fields.country")}
          error={errorText(err.countryId?.message)}
          {...country}
          onChange={(e) => {
            const before = zoneOf(form.getValues("countryId"));
            void country.onChange(e);
            // Follow the country's time zone unless the administrator chose another one.
            const typed = form.getValues("timeZone");
            if (!typed || typed === before) form.setValue("timeZone", zoneOf(e.target.value));
          }}
        >
          <option value="">{t("fields.chooseCountry")}</option>
          {countries.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.code})
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("fields.code")}
          hint={t("fields.codeHint")}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          maxLength={32}
          error={errorText(err.code?.message)}
          {...form.register("code")}
        />
        <TextField label={t("fields.name")} autoComplete="off" error={errorText(err.name?.message)} {...form.register("name")} />
        <TextField
          label={t("fields.timeZone")}
          hint={t("fields.timeZoneHint")}
          list="site-time-zones"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          error={errorText(err.timeZone?.message)}
          {...form.register("timeZone")}
        />
      </div>
      <TimeZoneOptions id="site-time-zones" />
      <CheckboxField label={t("fields.active")} error={errorText(err.active?.message)} {...form.register("active")} />
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? tc("saving") : edit ? tc("save") : tc("create")}
      </Button>
    </form>
  );
}
