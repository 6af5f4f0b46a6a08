"use client";
// Deactivate (after a confirmation step) or reactivate an account. The server re-checks everything:
// the version, and that the last active administrator is never deactivated.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { useErrorText } from "@/components/forms/use-error-text";
import { deactivateUserAction, reactivateUserAction } from "@/lib/users/actions";
import type { Redistribution } from "@/lib/assignment/engine";

type Props = { id: string; version: number; active: boolean; name: string; isMentor: boolean };

export function UserStatusActions({ id, version, active, name, isMentor }: Props) {
  const t = useTranslations("users");
  const ta = useTranslations("assignment");
  const errorText = useErrorText();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  function run(which: "deactivate" | "reactivate") {
    setError(undefined);
    startTransition(async () => {
      try {
        const result = await (which === "deactivate" ? deactivateUserAction : reactivateUserAction)({ id, version });
        if (!result.ok) {
          setError(result.error.message || result.error.code);
          return;
        }
        setConfirming(false);
        // A Mentor Mother's clients were redistributed: the page reports how many moved and why
        // any could not be placed (counts and a reason code only in the address).
        const r = (result.data as { redistribution?: Redistribution | null }).redistribution;
        const extra = r ? `&moved=${r.moved}&unplaced=${r.unplaced}${r.shortfall ? `&why=${r.shortfall.reason}` : ""}` : "";
        router.replace(`/admin/users/${id}?status=${which}d${extra}`);
        router.refresh();
      } catch {
        setError("UNAVAILABLE");
      }
    });
  }

  return (
    <div className="space-y-3">
      {error && <Alert>{errorText(error)}</Alert>}
      {!active && (
        <Button variant="secondary" disabled={pending} onClick={() => run("reactivate")}>
          {pending ? t("access.working") : t("access.reactivate")}
        </Button>
      )}
      {active && !confirming && (
        <Button variant="danger" onClick={() => setConfirming(true)}>
          {t("access.deactivate")}
        </Button>
      )}
      {active && confirming && (
        <div role="group" aria-labelledby={`deactivate-${id}`} className="space-y-3 rounded-md border border-red-300 bg-red-50 p-3">
          <p id={`deactivate-${id}`} className="text-sm text-red-900">
            {t("access.confirmText", { name })} {isMentor && ta("deactivation.confirmClients")}
          </p>
          <div className="flex flex-wrap gap-2">
            <Button variant="danger" disabled={pending} onClick={() => run("deactivate")}>
              {pending ? t("access.working") : t("access.confirmDeactivate")}
            </Button>
            {/* Focus lands on the safe choice. */}
            <Button variant="secondary" disabled={pending} autoFocus onClick={() => setConfirming(false)}>
              {t("access.cancel")}
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
