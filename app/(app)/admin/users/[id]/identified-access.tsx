"use client";
// Grant or withdraw identified data for one account (audited by the command). The server re-checks
// the role, the version and the administrator's permission.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { useErrorText } from "@/components/forms/use-error-text";
import { setIdentifiedAccessAction } from "@/lib/users/actions";

export function IdentifiedAccess({ id, version, granted }: { id: string; version: number; granted: boolean }) {
  const t = useTranslations("users");
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  function toggle() {
    setError(undefined);
    startTransition(async () => {
      try {
        const result = await setIdentifiedAccessAction({ id, version, granted: !granted });
        if (!result.ok) return setError(result.error.message || result.error.code);
        router.refresh();
      } catch {
        setError("UNAVAILABLE");
      }
    });
  }

  return (
    <div className="space-y-3">
      {error && <Alert>{errorText(error)}</Alert>}
      <Button variant={granted ? "danger" : "secondary"} disabled={pending} onClick={toggle}>
        {pending ? t("identified.working") : granted ? t("identified.revoke") : t("identified.grant")}
      </Button>
    </div>
  );
}
