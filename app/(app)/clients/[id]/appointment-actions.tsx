"use client";
// Per-appointment changes: attended / missed (for a visit due today or earlier) and reschedule.
import { useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useErrorText } from "@/components/forms/use-error-text";
import { markAppointmentSchema, rescheduleAppointmentSchema } from "@/lib/clients/profile-schemas";
import { markAppointmentAction, rescheduleAppointmentAction } from "@/lib/clients/profile-actions";
import { useProfileForm } from "./use-profile-form";

type Props = { clientId: string; version: number; appointmentId: string; canMark: boolean; description: string; minDate: string };

export function AppointmentActions({ clientId, version, appointmentId, canMark, description, minDate }: Props) {
  const t = useTranslations("profile");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const [rescheduling, setRescheduling] = useState(false);
  const mark = useProfileForm({
    schema: markAppointmentSchema,
    clientId,
    version,
    defaultValues: { clientId, version, appointmentId, outcome: "ATTENDED" },
    action: markAppointmentAction,
  });
  const move = useProfileForm({
    schema: rescheduleAppointmentSchema,
    clientId,
    version,
    defaultValues: { clientId, version, appointmentId, date: "" },
    action: rescheduleAppointmentAction,
    onSuccess: () => setRescheduling(false),
  });
  const error = mark.formError ?? move.formError;
  const pending = mark.pending || move.pending;

  return (
    <div className="mt-2 space-y-2">
      {error && <Alert>{errorText(error)}</Alert>}
      {move.saved && <Alert kind="success">{t("appointments.rescheduled")}</Alert>}
      <form onSubmit={mark.submit} className="flex flex-wrap gap-2" noValidate>
        {canMark && (
          <>
            <Button
              type="submit"
              variant="secondary"
              disabled={pending}
              aria-label={t("appointments.markAttendedLabel", { what: description })}
              onClick={() => mark.form.setValue("outcome", "ATTENDED")}
            >
              {t("appointments.markAttended")}
            </Button>
            <Button
              type="submit"
              variant="secondary"
              disabled={pending}
              aria-label={t("appointments.markMissedLabel", { what: description })}
              onClick={() => mark.form.setValue("outcome", "MISSED")}
            >
              {t("appointments.markMissed")}
            </Button>
          </>
        )}
        <Button
          variant="ghost"
          aria-expanded={rescheduling}
          aria-label={t("appointments.rescheduleLabel", { what: description })}
          onClick={() => setRescheduling((v) => !v)}
        >
          {t("appointments.reschedule")}
        </Button>
      </form>
      {rescheduling && (
        <form onSubmit={move.submit} className="space-y-2 rounded-md border border-slate-200 p-3" noValidate>
          <TextField
            label={t("appointments.newDate")}
            type="date"
            min={minDate}
            hint={t("appointments.dateHint")}
            error={errorText(move.form.formState.errors.date?.message)}
            {...move.form.register("date")}
          />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={pending}>
              {pending ? tc("saving") : t("appointments.rescheduleSubmit")}
            </Button>
            <Button variant="secondary" onClick={() => setRescheduling(false)}>
              {tc("cancel")}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
