"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useErrorText } from "@/components/forms/use-error-text";
import { addInfantSchema } from "@/lib/clients/profile-schemas";
import { addInfantAction } from "@/lib/clients/profile-actions";
import { useProfileForm } from "./use-profile-form";

type Props = { clientId: string; version: number; minDate: string; today: string };

export function AddInfantForm({ clientId, version, minDate, today }: Props) {
  const t = useTranslations("profile");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const { form, submit, pending, formError, saved } = useProfileForm({
    schema: addInfantSchema,
    clientId,
    version,
    defaultValues: { clientId, version, firstName: "", dateOfBirth: "" },
    action: addInfantAction,
  });
  const err = form.formState.errors;
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{t("infants.added")}</Alert>}
      <TextField label={t("infants.firstName")} autoComplete="off" error={errorText(err.firstName?.message)} {...form.register("firstName")} />
      <TextField label={t("infants.dateOfBirth")} type="date" min={minDate} max={today} error={errorText(err.dateOfBirth?.message)} {...form.register("dateOfBirth")} />
      <Button type="submit" disabled={pending}>
        {pending ? tc("saving") : t("infants.addSubmit")}
      </Button>
    </form>
  );
}
