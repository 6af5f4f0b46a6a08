"use client";
import { useMemo } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useCommandForm } from "@/components/forms/use-command-form";
import { useErrorText } from "@/components/forms/use-error-text";
import { makeResetPasswordSchema } from "@/lib/users/schemas";
import { resetPasswordAction } from "@/lib/users/actions";

export function ResetPasswordForm({ id, username, minPasswordLength }: { id: string; username: string; minPasswordLength: number }) {
  const t = useTranslations("users");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const router = useRouter();
  const schema = useMemo(() => makeResetPasswordSchema(minPasswordLength), [minPasswordLength]);
  const { form, submit, pending, formError } = useCommandForm({
    schema,
    defaultValues: { id, password: "", confirmPassword: "" },
    action: resetPasswordAction,
    onSuccess: () => {
      form.reset({ id, password: "", confirmPassword: "" });
      router.replace(`/admin/users/${id}?status=password`);
      router.refresh();
    },
  });
  const err = form.formState.errors;
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      <p className="text-sm text-slate-600">{t("reset.intro")}</p>
      {formError && <Alert>{errorText(formError)}</Alert>}
      {/* Lets a password manager file the new password under her account, not the administrator's. */}
      <input type="text" autoComplete="username" value={username} readOnly hidden />
      <TextField
        label={t("reset.password")}
        type="password"
        autoComplete="new-password"
        hint={t("form.passwordHint", { n: minPasswordLength })}
        error={errorText(err.password?.message)}
        {...form.register("password")}
      />
      <TextField
        label={t("reset.confirmPassword")}
        type="password"
        autoComplete="new-password"
        error={errorText(err.confirmPassword?.message)}
        {...form.register("confirmPassword")}
      />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? tc("saving") : t("reset.submit")}
      </Button>
    </form>
  );
}
