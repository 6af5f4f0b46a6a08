"use client";
// Leaving ACTIVE ends the Mentor Mother assignment and cancels today's and later calls at once;
// returning to ACTIVE assigns a Mentor Mother automatically (or says why nobody could take her).
import { useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useErrorText } from "@/components/forms/use-error-text";
import { CLIENT_STATUSES } from "@/lib/clients/schemas";
import { STATUS_REASON_MAX, changeStatusSchema } from "@/lib/clients/profile-schemas";
import { changeStatusAction } from "@/lib/clients/profile-actions";
import type { StatusChangeResult } from "@/lib/clients/profile-commands";
import { useProfileForm } from "./use-profile-form";

/** `sex`: the client's recorded sex, for the wording (he/him or she/her). */
type Props = { clientId: string; version: number; current: string; today: string; minDate: string; sex: string };

export function ChangeStatusForm({ clientId, version, current, today, minDate, sex }: Props) {
  const t = useTranslations("profile");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const [outcome, setOutcome] = useState<StatusChangeResult | null>(null);
  const { form, submit, pending, formError, saved } = useProfileForm({
    schema: changeStatusSchema,
    clientId,
    version,
    // No status chosen yet: the select shows its "choose" option.
    defaultValues: { clientId, version, reason: "", date: today },
    action: changeStatusAction,
    onSuccess: setOutcome,
  });
  const err = form.formState.errors;
  const chosen = form.watch("status");
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {saved && outcome && (
        <Alert kind="success">
          {t("status.changed")}{" "}
          {outcome.reassigned === true && t("status.reassigned")}
          {outcome.reassigned === false && t(`status.unassigned.${outcome.unassignedReason ?? "no-mentor"}`, { sex })}
          {outcome.tasksCancelled > 0 && t("status.tasksCancelled", { n: outcome.tasksCancelled })}
        </Alert>
      )}
      <SelectField label={t("status.newStatus")} error={errorText(err.status?.message)} {...form.register("status")}>
        <option value="">{t("status.choose")}</option>
        {CLIENT_STATUSES.filter((s) => s !== current).map((s) => (
          <option key={s} value={s}>
            {t(`statuses.${s}`)}
          </option>
        ))}
      </SelectField>
      {chosen && chosen !== "ACTIVE" && current === "ACTIVE" && <p className="text-sm text-amber-900">{t("status.leavingHint", { sex })}</p>}
      {chosen === "ACTIVE" && <p className="text-sm text-slate-700">{t("status.returningHint", { sex })}</p>}
      <TextField label={t("status.date")} type="date" min={minDate} max={today} error={errorText(err.date?.message)} {...form.register("date")} />
      <TextAreaField
        label={t("status.reasonLabel")}
        rows={3}
        maxLength={STATUS_REASON_MAX}
        hint={t("status.reasonHint", { n: STATUS_REASON_MAX })}
        error={errorText(err.reason?.message)}
        {...form.register("reason")}
      />
      <Button type="submit" disabled={pending}>
        {pending ? tc("saving") : t("status.submit")}
      </Button>
    </form>
  );
}
