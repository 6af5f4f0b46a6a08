"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useErrorText } from "@/components/forms/use-error-text";
import { VL_REASON_CODES, addViralLoadSchema } from "@/lib/clients/profile-schemas";
import { addViralLoadAction } from "@/lib/clients/profile-actions";
import { useProfileForm } from "./use-profile-form";

export function AddViralLoadForm({ clientId, version, today }: { clientId: string; version: number; today: string }) {
  const t = useTranslations("profile");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const { form, submit, pending, formError, saved } = useProfileForm({
    schema: addViralLoadSchema,
    clientId,
    version,
    defaultValues: { clientId, version, copies: "", sampleDate: "", resultDate: "", reasonCode: "DE392" },
    action: addViralLoadAction,
  });
  const err = form.formState.errors;
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{t("viralLoad.added")}</Alert>}
      <TextField
        label={t("viralLoad.copiesLabel")}
        inputMode="numeric"
        autoComplete="off"
        hint={t("viralLoad.copiesHint")}
        error={errorText(err.copies?.message)}
        {...form.register("copies")}
      />
      <TextField label={t("viralLoad.sampleDate")} type="date" max={today} error={errorText(err.sampleDate?.message)} {...form.register("sampleDate")} />
      <TextField label={t("viralLoad.resultDate")} type="date" max={today} error={errorText(err.resultDate?.message)} {...form.register("resultDate")} />
      <SelectField label={t("viralLoad.reason")} error={errorText(err.reasonCode?.message)} {...form.register("reasonCode")}>
        {VL_REASON_CODES.map((c) => (
          <option key={c} value={c}>
            {t(`vlReasons.${c}`)}
          </option>
        ))}
      </SelectField>
      <Button type="submit" disabled={pending}>
        {pending ? tc("saving") : t("viralLoad.addSubmit")}
      </Button>
    </form>
  );
}
