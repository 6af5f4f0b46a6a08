"use client";
// Sending a facility file: the raw file as the body of a POST to /api/facility/upload (an upload
// progress bar on slow networks); small files come back applied, large ones queued and polled.
// The problems come back by row and column, as keys this form translates. "Apply the valid rows
// only" sends the same file again with validOnly=1. Nothing is kept in the browser's storage.
import { useEffect, useId, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Cell, DataTable } from "@/components/ui/table";
import type { FacilityUploadView } from "@/lib/facility/upload";

type FileError = { key: string; params: Record<string, string | number> };
type Phase = "idle" | "uploading" | "working" | "finished";

const RUNNING = new Set(["QUEUED", "VALIDATING", "IMPORTING"]);
const POLL_MS = 1500;
const SHOWN = 200;

export function FacilityUploadForm({ maxBytes, maxMb }: { maxBytes: number; maxMb: number }) {
  const t = useTranslations("facility");
  const ti = useTranslations("imports");
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>("idle");
  const [pct, setPct] = useState(0);
  const [upload, setUpload] = useState<FacilityUploadView | null>(null);
  const [fileError, setFileError] = useState<FileError | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (phase !== "working" || !upload) return;
    let stopped = false;
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/facility/uploads/${upload.id}`, { cache: "no-store" });
        const body = (await res.json().catch(() => null)) as { upload?: FacilityUploadView } | null;
        if (stopped) return;
        if (body?.upload) {
          setUpload(body.upload);
          if (!RUNNING.has(body.upload.status)) setPhase("finished");
        } else {
          setFailure("failed");
          setPhase("finished");
        }
      } catch {
        if (!stopped) setUpload({ ...upload });
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [phase, upload]);

  useEffect(() => {
    if (phase === "finished") resultRef.current?.focus();
  }, [phase]);

  function send(validOnly: boolean) {
    setUpload(null);
    setFileError(null);
    setFailure(null);
    setPct(0);
    if (!file) {
      setFailure("chooseFile");
      setPhase("finished");
      return;
    }
    if (file.size > maxBytes) {
      setFileError({ key: "tooLarge", params: { mb: maxMb } });
      setPhase("finished");
      return;
    }
    setPhase("uploading");
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/facility/upload${validOnly ? "?validOnly=1" : ""}`);
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setPct(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: { upload?: FacilityUploadView; fileError?: FileError } | null = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (body?.upload) {
        setUpload(body.upload);
        setPhase(RUNNING.has(body.upload.status) ? "working" : "finished");
      } else if (body?.fileError) {
        setFileError(body.fileError);
        setPhase("finished");
      } else {
        setFailure("failed");
        setPhase("finished");
      }
    };
    xhr.onerror = () => {
      setFailure("failed");
      setPhase("finished");
    };
    xhr.send(file);
  }

  const busy = phase === "uploading" || phase === "working";
  const rowProblem = (key: string, params?: Record<string, string | number>) => (t.has(`rowErrors.${key}`) ? t(`rowErrors.${key}`, params) : key);
  const result = upload?.result ?? null;
  const fileMessage = upload?.message && upload.message !== "rowsInvalid" ? upload.message : null;

  return (
    <div className="space-y-3">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send(false);
        }}
        className="space-y-3"
      >
        <div className="flex flex-col gap-1">
          <label htmlFor={inputId} className="text-sm font-medium">{t("upload.file")}</label>
          <input
            id={inputId}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            className="min-h-11 text-sm"
            data-testid="facility-file"
          />
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={busy} data-testid="facility-send">{t("upload.send")}</Button>
          <a className="inline-flex min-h-11 items-center px-2 text-sm font-medium text-brand-700 underline" href="/api/facility/template?format=csv">
            {t("upload.templateCsv")}
          </a>
          <a className="inline-flex min-h-11 items-center px-2 text-sm font-medium text-brand-700 underline" href="/api/facility/template?format=xlsx">
            {t("upload.templateXlsx")}
          </a>
        </div>
      </form>

      {busy && (
        <div role="status" className="text-sm">
          <progress className="w-full" max={100} value={phase === "uploading" ? pct : upload?.progress ?? 0} />
          <span>{phase === "uploading" ? t("upload.sending", { pct }) : t("upload.working", { pct: upload?.progress ?? 0 })}</span>
        </div>
      )}

      {phase === "finished" && (
        <div ref={resultRef} tabIndex={-1} className="space-y-3 outline-none" data-testid="facility-result">
          {failure && <Alert>{failure === "chooseFile" ? t("upload.chooseFile") : t("result.failed")}</Alert>}
          {fileError && <Alert>{ti.has(`fileErrors.${fileError.key}`) ? ti(`fileErrors.${fileError.key}`, fileError.params) : t("result.failed")}</Alert>}
          {fileMessage && (
            <Alert>{ti.has(`fileErrors.${fileMessage}`) ? ti(`fileErrors.${fileMessage}`, { n: 0, mb: maxMb, line: 0, columns: "" }) : t("result.failed")}</Alert>
          )}
          {result?.applied && result.counts && (
            <Alert kind="success">
              <p data-testid="facility-applied">{t("result.applied", { n: upload?.rowsApplied ?? 0 })}</p>
              <ul className="mt-1 list-disc pl-5">
                {Object.entries(result.counts)
                  .filter(([, n]) => n > 0)
                  .map(([effect, n]) => (
                    <li key={effect} data-testid={`effect-${effect}`}>{t(`result.effects.${effect}`, { n })}</li>
                  ))}
              </ul>
              {result.rowsWithIssues > 0 && <p>{t("result.skipped", { rows: result.rowsWithIssues })}</p>}
            </Alert>
          )}
          {result && !result.applied && (
            <Alert>
              <p data-testid="facility-not-applied">{t("result.notApplied", { rows: result.rowsWithIssues })}</p>
              {(result.validRows ?? 0) > 0 && (
                <Button variant="secondary" className="mt-2" onClick={() => send(true)} data-testid="facility-valid-only">
                  {t("upload.validOnly", { n: result.validRows ?? 0 })}
                </Button>
              )}
            </Alert>
          )}
          {upload && upload.errors.length > 0 && (
            <>
              <DataTable caption={t("result.problems")} head={[t("result.row"), t("result.column"), t("result.problem")]}>
                {upload.errors.slice(0, SHOWN).map((i, n) => (
                  <tr key={`${i.row}-${i.column}-${n}`} data-testid="facility-problem">
                    <Cell>{i.row}</Cell>
                    <Cell>{i.column ?? ""}</Cell>
                    <Cell>{rowProblem(i.key, i.params)}</Cell>
                  </tr>
                ))}
              </DataTable>
              {result && result.issues > SHOWN && <p className="text-sm">{t("result.more", { n: result.issues - SHOWN })}</p>}
            </>
          )}
        </div>
      )}
    </div>
  );
}
