"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { FieldPath } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import { saveDhis2MappingSchema } from "@/lib/dhis2/schemas";
import { saveDhis2MappingAction } from "@/lib/dhis2/actions";
import type { Dhis2Cell } from "@/lib/dhis2/indicators";

type FormValues = z.input<typeof saveDhis2MappingSchema>;

/** One line per site (its organisation unit) and per indicator cell (data element and combo). */
export function Dhis2MappingForm({
  countryId,
  sites,
  elements,
}: {
  countryId: string;
  sites: { id: string; name: string; active: boolean; orgUnit: string }[];
  elements: (Dhis2Cell & { dataElement: string; categoryOptionCombo: string })[];
}) {
  const t = useTranslations("dhis2");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const { form, submit, pending, formError } = useCommandForm({
    schema: saveDhis2MappingSchema,
    defaultValues: { countryId, elements, orgUnits: sites.map((s) => ({ siteId: s.id, orgUnit: s.orgUnit })) },
    action: (values) => {
      setSaved(false);
      return saveDhis2MappingAction(values);
    },
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });
  const fieldError = (name: FieldPath<FormValues>) => errorText(form.getFieldState(name, form.formState).error?.message);
  const cellLabel = (c: Dhis2Cell) => `${t(`indicators.${c.indicator}`)}, ${c.ageBand}, ${t(`sexes.${c.sex}`)}`;

  return (
    <form onSubmit={submit} className="mt-6 space-y-6" noValidate aria-label={t("mapping.title")}>
      <Card title={t("mapping.orgUnits")}>
        <div className="grid gap-3 sm:grid-cols-2">
          {sites.map((s, i) => (
            <TextField
              key={s.id}
              label={`${t("mapping.orgUnit")}: ${s.name}${s.active ? "" : ` ${t("mapping.inactive")}`}`}
              autoComplete="off"
              error={fieldError(`orgUnits.${i}.orgUnit`)}
              {...form.register(`orgUnits.${i}.orgUnit`)}
            />
          ))}
        </div>
      </Card>
      <Card title={t("mapping.elements")}>
        <div className="space-y-3">
          {elements.map((c, i) => (
            <fieldset key={`${c.indicator}|${c.ageBand}|${c.sex}`} className="grid gap-2 rounded-md border border-slate-200 p-2 sm:grid-cols-2">
              <legend className="px-1 text-sm font-semibold text-slate-900">{cellLabel(c)}</legend>
              <TextField label={t("mapping.dataElement")} autoComplete="off" error={fieldError(`elements.${i}.dataElement`)} {...form.register(`elements.${i}.dataElement`)} />
              <TextField label={t("mapping.categoryOptionCombo")} autoComplete="off" error={fieldError(`elements.${i}.categoryOptionCombo`)} {...form.register(`elements.${i}.categoryOptionCombo`)} />
            </fieldset>
          ))}
        </div>
      </Card>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{t("mapping.saved")}</Alert>}
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? tc("saving") : tc("save")}
      </Button>
    </form>
  );
}
