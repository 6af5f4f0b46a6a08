"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Cell, DataTable } from "@/components/ui/table";
import type { PushResult } from "@/lib/dhis2/service";

/** Download, dry run, send: DHIS2's answer (its import summary and conflicts) shown as it came. */
export function Dhis2Push({ countryId, month }: { countryId: string; month: string }) {
  const t = useTranslations("dhis2");
  const [pending, setPending] = useState<"dry" | "send" | null>(null);
  const [result, setResult] = useState<PushResult | null>(null);
  const [failed, setFailed] = useState(false);
  const qs = new URLSearchParams({ country: countryId, month }).toString();

  async function push(dryRun: boolean) {
    if (!dryRun && !window.confirm(t("confirmSend", { month }))) return;
    setPending(dryRun ? "dry" : "send");
    setFailed(false);
    setResult(null);
    try {
      const res = await fetch("/api/dhis2/push", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ countryId, month, dryRun }) });
      const body = (await res.json()) as PushResult | { error: unknown };
      if ("outcome" in body) setResult(body);
      else setFailed(true);
    } catch {
      setFailed(true);
    } finally {
      setPending(null);
    }
  }

  const link = "inline-flex min-h-11 items-center rounded-md border border-slate-300 px-4 text-sm font-medium";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-2">
        <a className={link} href={`/api/dhis2/data-value-set?${qs}`} download>{t("download")}</a>
        <Button variant="secondary" disabled={pending !== null} onClick={() => void push(true)}>
          {pending === "dry" ? t("sending") : t("dryRun")}
        </Button>
        <Button variant="primary" disabled={pending !== null} onClick={() => void push(false)}>
          {pending === "send" ? t("sending") : t("send")}
        </Button>
      </div>
      <div aria-live="polite">
        {failed && <Alert>{t("problems.failed")}</Alert>}
        {result && <Outcome result={result} />}
      </div>
    </div>
  );
}

function Outcome({ result }: { result: PushResult }) {
  const t = useTranslations("dhis2");
  switch (result.outcome) {
    case "missingMapping":
      return (
        <Alert>
          <strong>{t("missing.title")}</strong>
          {result.missing.sites.length > 0 && <span className="block">{t("missing.sites", { list: result.missing.sites.join(", ") })}</span>}
          {result.missing.cells.length > 0 && <span className="block">{t("missing.cells", { n: result.missing.cells.length })}</span>}
          <span className="block">{t("missing.hint")}</span>
        </Alert>
      );
    case "notConfigured":
      return <Alert>{t(`notConfigured.${result.what}`, { name: result.tokenEnv ?? "" })}</Alert>;
    case "unreachable":
    case "unauthorised":
    case "badAnswer":
      return <Alert>{t(`problems.${result.outcome}`, { status: String(result.httpStatus ?? "-") })}</Alert>;
    case "sent": {
      const s = result.summary;
      return (
        <section aria-labelledby="dhis2-summary" className="space-y-3">
          <h2 id="dhis2-summary" className="text-lg font-semibold">{result.dryRun ? t("summary.dryRunTitle") : t("summary.title")}</h2>
          <DataTable caption={result.dryRun ? t("summary.dryRunTitle") : t("summary.title")} head={[t("summary.status"), t("summary.values"), t("summary.imported"), t("summary.updated"), t("summary.ignored"), t("summary.deleted"), t("summary.conflicts")]}>
            <tr>
              <Cell><span data-testid="dhis2-status">{s.status}</span></Cell>
              <Cell>{result.values}</Cell>
              <Cell><span data-testid="dhis2-imported">{s.importCount.imported}</span></Cell>
              <Cell><span data-testid="dhis2-updated">{s.importCount.updated}</span></Cell>
              <Cell>{s.importCount.ignored}</Cell>
              <Cell>{s.importCount.deleted}</Cell>
              <Cell>{s.conflicts.length}</Cell>
            </tr>
          </DataTable>
          {s.conflicts.length === 0 ? (
            <p className="text-sm text-slate-600">{t("summary.noConflicts")}</p>
          ) : (
            <DataTable caption={t("summary.conflicts")} head={[t("summary.conflictObject"), t("summary.conflictValue")]}>
              {s.conflicts.slice(0, 200).map((c, i) => (
                <tr key={i}>
                  <Cell>{c.object ?? "-"}</Cell>
                  <Cell>{c.value ?? "-"}</Cell>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      );
    }
  }
}
