"use client";
import { useState } from "react";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";

const ERROR_KEYS: Record<string, string> = { "rate-limited": "rateLimited", invalid: "invalid", CredentialsSignin: "invalid" };

export function LoginForm({ notice }: { notice?: string }) {
  const t = useTranslations("auth");
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setPending(true);
    setError(undefined);
    try {
      const res = await signIn("credentials", {
        redirect: false,
        username: String(data.get("username") ?? ""),
        password: String(data.get("password") ?? ""),
      });
      if (res?.ok && !res.error) {
        // The root page sends each role to its own home.
        // A full page load, so the server renders the signed-in shell with the new session cookie.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination
        window.location.assign("/");
        return;
      }
      setError(t(ERROR_KEYS[res?.error ?? ""] ?? "unavailable"));
      // A refused password is not left in the field (a shared phone, someone looking over her
      // shoulder): she types it again, focus back on it.
      const password = form.elements.namedItem("password");
      if (password instanceof HTMLInputElement) {
        password.value = "";
        password.focus();
      }
    } catch {
      setError(t("unavailable"));
    }
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate aria-busy={pending}>
      {notice && !error && <Alert kind="info">{notice}</Alert>}
      {error && <Alert>{error}</Alert>}
      <TextField label={t("username")} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required />
      <TextField label={t("password")} name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t("signingIn") : t("signIn")}
      </Button>
    </form>
  );
}
