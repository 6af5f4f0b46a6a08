"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useErrorText } from "@/components/forms/use-error-text";
import { recordSexSchema } from "@/lib/clients/profile-schemas";
import { recordSexAction } from "@/lib/clients/profile-actions";
import { useProfileForm } from "./use-profile-form";

const SEXES = ["FEMALE", "MALE", "OTHER", "UNKNOWN"] as const;

export function RecordSexForm({ clientId, version, current }: { clientId: string; version: number; current: (typeof SEXES)[number] }) {
  const t = useTranslations("profile");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const { form, submit, pending, formError, saved } = useProfileForm({
    schema: recordSexSchema,
    clientId,
    version,
    defaultValues: { clientId, version, sex: current },
    action: recordSexAction,
  });
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{t("facts.sexSaved")}</Alert>}
      <SelectField label={t("facts.sex")} error={errorText(form.formState.errors.sex?.message)} {...form.register("sex")}>
        {SEXES.map((s) => (
          <option key={s} value={s}>
            {t(`sexes.${s}`)}
          </option>
        ))}
      </SelectField>
      <Button type="submit" disabled={pending}>
        {pending ? tc("saving") : t("facts.sexSubmit")}
      </Button>
    </form>
  );
}
