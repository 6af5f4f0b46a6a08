"use client";
// The answer of one back-check call: confirmed, not confirmed (a note saying what she said) or
// could not reach. The server re-checks scope, safe hours, opt-out and the number's daily limit
// (lib/back-checks/commands.ts); after saving the page shows the answer.
import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/field";
import { useErrorText } from "@/components/forms/use-error-text";
import { recordBackCheckAction } from "@/lib/back-checks/actions";
import { BACK_CHECK_RESULTS, type BackCheckResult } from "@/lib/back-checks/rules";

export function BackCheckForm({ backCheckId, version, blocked }: { backCheckId: string; version: number; blocked: boolean }) {
  const t = useTranslations("supervision.backChecks");
  const errorText = useErrorText();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<BackCheckResult | "">("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const legendId = useId();

  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          setError(null);
          if (!result) {
            setError({ field: "result", message: t("chooseResult") });
            return;
          }
          const r = await recordBackCheckAction({ backCheckId, version, result, note });
          if (r.ok) {
            router.refresh();
            return;
          }
          const [field, messages] = Object.entries(r.error.fieldErrors ?? {})[0] ?? [];
          setError({ field, message: errorText(messages?.[0] ?? r.error.message) ?? r.error.message });
        });
      }}
    >
      <fieldset aria-labelledby={legendId} className="space-y-1">
        <legend id={legendId} className="text-sm font-medium text-slate-800">{t("resultLegend")}</legend>
        {BACK_CHECK_RESULTS.map((r) => (
          <label key={r} className="flex min-h-11 items-center gap-3 text-sm">
            <input type="radio" name="result" value={r} checked={result === r} onChange={() => setResult(r)} className="h-5 w-5" />
            {t(`results.${r}`)}
          </label>
        ))}
        {error?.field === "result" && <p className="text-sm text-red-700">{error.message}</p>}
      </fieldset>
      <TextAreaField label={t("note")} hint={t("noteHint")} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} rows={3}
        error={error?.field === "note" ? error.message : undefined} />
      <Button type="submit" variant="primary" disabled={pending || blocked}>{t("save")}</Button>
      <p role="status" className="text-sm text-red-700" data-testid="backcheck-error">
        {error && error.field !== "note" && error.field !== "result" ? error.message : ""}
      </p>
    </form>
  );
}
