"use client";
// A one-time password for a colleague (administrators: anyone, supervisors: their sites' Mentor
// Mothers - the server decides). Asked once more before it runs; the password is shown here once,
// to be given in person, and is gone when the page is left. Her sessions end at once and she
// chooses her own password at her next sign-in.
import { useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { useErrorText } from "@/components/forms/use-error-text";
import { resetPasswordAction } from "@/lib/users/actions";

export function PasswordReset({ userId, name }: { userId: string; name: string }) {
  const t = useTranslations("security.passwordReset");
  const errorText = useErrorText();
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState<string>();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const labelId = `reset-${userId}`;

  function run() {
    setError(undefined);
    startTransition(async () => {
      try {
        const result = await resetPasswordAction({ id: userId });
        if (!result.ok) {
          setError(result.error.message || result.error.code);
          return;
        }
        setConfirming(false);
        setPassword(result.data.oneTimePassword);
      } catch {
        setError("UNAVAILABLE");
      }
    });
  }

  if (password) {
    return (
      <div role="status" className="space-y-2 rounded-md border border-green-300 bg-green-50 p-3 text-sm">
        <p>{t("done", { name })}</p>
        <p>
          <span className="block text-slate-700">{t("oneTimePassword")}</span>
          <output className="block select-all break-all font-mono text-lg font-semibold" aria-label={t("oneTimePassword")}>
            {password}
          </output>
        </p>
        <p className="text-slate-700">{t("shownOnce")}</p>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <p id={labelId} className="text-sm text-slate-600">
        {t("intro", { name })}
      </p>
      {error && <Alert>{errorText(error)}</Alert>}
      {!confirming ? (
        <Button variant="secondary" aria-describedby={labelId} onClick={() => setConfirming(true)}>
          {t("submit")}
        </Button>
      ) : (
        <div role="group" aria-label={t("confirm", { name })} className="flex flex-wrap gap-2">
          <Button variant="danger" disabled={pending} onClick={run}>
            {pending ? t("working") : t("confirm", { name })}
          </Button>
          <Button variant="secondary" disabled={pending} autoFocus onClick={() => setConfirming(false)}>
            {t("cancel")}
          </Button>
        </div>
      )}
    </div>
  );
}
