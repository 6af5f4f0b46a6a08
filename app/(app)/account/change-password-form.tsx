"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import { changePasswordSchema } from "@/lib/account/schemas";
import { changePasswordAction } from "@/lib/account/actions";

export function ChangePasswordForm() {
  const t = useTranslations("home");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const { form, submit, pending, formError } = useCommandForm({
    schema: changePasswordSchema,
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
    action: changePasswordAction,
    // Every session ended with the change: sign in again with the new password.
    // A full page load: the old session is gone, nothing of the signed-in shell may stay in memory.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    onSuccess: () => window.location.assign("/login?reason=password"),
  });
  const err = form.formState.errors;
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {formError && <Alert>{errorText(formError)}</Alert>}
      <TextField label={t("currentPassword")} type="password" autoComplete="current-password" error={errorText(err.currentPassword?.message)} {...form.register("currentPassword")} />
      <TextField label={t("newPassword")} type="password" autoComplete="new-password" hint={t("passwordHint", { n: 10 })} error={errorText(err.newPassword?.message)} {...form.register("newPassword")} />
      <TextField label={t("confirmPassword")} type="password" autoComplete="new-password" error={errorText(err.confirmPassword?.message)} {...form.register("confirmPassword")} />
      <Button type="submit" disabled={pending}>
        {pending ? tc("saving") : tc("save")}
      </Button>
    </form>
  );
}
