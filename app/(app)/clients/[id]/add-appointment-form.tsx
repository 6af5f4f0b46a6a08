"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useErrorText } from "@/components/forms/use-error-text";
import { APPOINTMENT_KINDS } from "@/lib/clients/schemas";
import { addAppointmentSchema } from "@/lib/clients/profile-schemas";
import { addAppointmentAction } from "@/lib/clients/profile-actions";
import { useProfileForm } from "./use-profile-form";

/** `sex`: the client's recorded sex, for the wording (he/him or she/her). */
type Props = { clientId: string; version: number; minDate: string; infants: { id: string; label: string }[]; sex: string };

export function AddAppointmentForm({ clientId, version, minDate, infants, sex }: Props) {
  const t = useTranslations("profile");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const { form, submit, pending, formError, saved } = useProfileForm({
    schema: addAppointmentSchema,
    clientId,
    version,
    defaultValues: { clientId, version, date: "", kind: "ART_REFILL", infantId: "" },
    action: addAppointmentAction,
  });
  const err = form.formState.errors;
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && <Alert kind="success">{t("appointments.added")}</Alert>}
      <TextField label={t("appointments.date")} type="date" min={minDate} hint={t("appointments.dateHint")} error={errorText(err.date?.message)} {...form.register("date")} />
      <SelectField label={t("appointments.kind")} error={errorText(err.kind?.message)} {...form.register("kind")}>
        {APPOINTMENT_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`appointmentKinds.${k}`)}
          </option>
        ))}
      </SelectField>
      {infants.length > 0 && (
        <SelectField label={t("appointments.infant")} error={errorText(err.infantId?.message)} {...form.register("infantId")}>
          <option value="">{t("appointments.noInfant", { sex })}</option>
          {infants.map((i) => (
            <option key={i.id} value={i.id}>
              {i.label}
            </option>
          ))}
        </SelectField>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? tc("saving") : t("appointments.addSubmit")}
      </Button>
    </form>
  );
}
