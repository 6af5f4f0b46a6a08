"use client";
// Link (choose the record that stays) or dismiss one pair, after a confirmation step. The server
// re-checks everything: the pair still open at this version, the record kept one of the two.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { useErrorText } from "@/components/forms/use-error-text";
import { dismissDuplicatesAction, linkDuplicatesAction } from "@/lib/clients/duplicate-review-actions";

type Side = { id: string; label: string };

export function DuplicateDecision({ pairId, version, a, b }: { pairId: string; version: number; a: Side; b: Side }) {
  const t = useTranslations("security.duplicates");
  const errorText = useErrorText();
  const router = useRouter();
  const [keep, setKeep] = useState<string>();
  const [confirming, setConfirming] = useState<"link" | "dismiss" | null>(null);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const closed = keep === a.id ? b : keep === b.id ? a : null;

  function run(which: "link" | "dismiss") {
    setError(undefined);
    startTransition(async () => {
      try {
        const result = which === "link" && keep ? await linkDuplicatesAction({ pairId, version, keepClientId: keep }) : await dismissDuplicatesAction({ pairId, version });
        if (!result.ok) {
          setError(result.error.fieldErrors?.keepClientId?.[0] ?? result.error.message ?? result.error.code);
          return;
        }
        setConfirming(null);
        router.refresh();
      } catch {
        setError("UNAVAILABLE");
      }
    });
  }

  return (
    <div className="mt-4 space-y-3">
      {error && <Alert>{errorText(error)}</Alert>}
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t("keepLegend")}</legend>
        {[a, b].map((side) => (
          <label key={side.id} className="flex min-h-11 items-center gap-2 text-sm">
            <input type="radio" name={`keep-${pairId}`} value={side.id} checked={keep === side.id} onChange={() => setKeep(side.id)} className="h-5 w-5" />
            {t("keepOption", { record: side.label })}
          </label>
        ))}
      </fieldset>
      {confirming === null && (
        <div className="flex flex-wrap gap-2">
          <Button variant="primary" disabled={!keep} onClick={() => setConfirming("link")}>
            {t("link")}
          </Button>
          <Button variant="secondary" onClick={() => setConfirming("dismiss")}>
            {t("dismiss")}
          </Button>
        </div>
      )}
      {confirming && (
        <div role="group" aria-labelledby={`confirm-${pairId}`} className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3">
          <p id={`confirm-${pairId}`} className="text-sm">
            {confirming === "link" && closed ? t("confirmLink", { closed: closed.label }) : t("confirmDismiss")}
          </p>
          <div className="flex flex-wrap gap-2">
            <Button variant={confirming === "link" ? "danger" : "primary"} disabled={pending} onClick={() => run(confirming)}>
              {pending ? t("working") : confirming === "link" ? t("confirmLinkButton") : t("confirmDismissButton")}
            </Button>
            <Button variant="secondary" disabled={pending} autoFocus onClick={() => setConfirming(null)}>
              {t("cancel")}
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
