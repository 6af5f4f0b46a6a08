"use client";
// Upload, progress and report of a client import. The file goes as the raw body of a POST to
// /api/imports/upload (XMLHttpRequest, for an upload progress bar on slow networks); small files
// come back finished, large ones come back queued and the job is polled until it ends. Nothing is
// kept in the browser's storage; the file stays in the file field, so "import the valid rows
// only" can send it again.
import { useEffect, useId, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Cell, DataTable } from "@/components/ui/table";
import { describeIssue, SHOWN_ISSUES, type RowIssue, type Translate } from "@/lib/imports/errors";
import type { ImportJobView } from "@/lib/imports/job";

type FileError = { key: string; params: Record<string, string | number> };
type Phase = "idle" | "uploading" | "working" | "finished";

const RUNNING = new Set(["QUEUED", "VALIDATING", "IMPORTING"]);
const POLL_MS = 1500;

export function ImportForm({ maxBytes, maxMb }: { maxBytes: number; maxMb: number }) {
  const t = useTranslations("imports");
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>("idle");
  const [uploadPct, setUploadPct] = useState(0);
  const [job, setJob] = useState<ImportJobView | null>(null);
  const [fileError, setFileError] = useState<FileError | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const progressRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // Poll a running job until it ends.
  useEffect(() => {
    if (phase !== "working" || !job) return;
    let stopped = false;
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/imports/${job.id}`, { cache: "no-store" });
        const body = (await res.json().catch(() => null)) as { job?: ImportJobView; error?: { code: string } } | null;
        if (stopped) return;
        if (body?.job) {
          setJob(body.job);
          if (!RUNNING.has(body.job.status)) setPhase("finished");
        } else {
          setFailure(body?.error?.code ?? "INTERNAL");
          setPhase("finished");
        }
      } catch {
        // A dropped connection while polling: the job runs on; try again at the next tick.
        if (!stopped) setJob({ ...job });
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [phase, job]);

  // Move focus to the outcome, so keyboard and screen-reader users land on it; while working,
  // bring the progress bar into view (below the fold on a phone).
  useEffect(() => {
    if (phase === "finished") resultRef.current?.focus();
    else if (phase === "uploading" || phase === "working") progressRef.current?.scrollIntoView({ block: "nearest" });
  }, [phase]);

  function reset() {
    setJob(null);
    setFileError(null);
    setFailure(null);
    setUploadPct(0);
  }

  function send(validOnly: boolean) {
    reset();
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
    xhr.open("POST", `/api/imports/upload${validOnly ? "?validOnly=1" : ""}`);
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setUploadPct(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: { job?: ImportJobView; fileError?: FileError; error?: { code: string } } | null = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (body?.job) {
        setJob(body.job);
        setPhase(RUNNING.has(body.job.status) ? "working" : "finished");
      } else if (body?.fileError) {
        setFileError(body.fileError);
        setPhase("finished");
      } else {
        setFailure(body?.error?.code ?? "INTERNAL");
        setPhase("finished");
      }
    };
    xhr.onerror = () => {
      setFailure("network");
      setPhase("finished");
    };
    xhr.send(file);
  }

  function startOver() {
    reset();
    setFile(null);
    setPhase("idle");
    formRef.current?.reset();
  }

  const busy = phase === "uploading" || phase === "working";
  const shownFileError = fileError ?? job?.fileError ?? null;
  const report = job?.status === "DONE" ? job.report : null;
  const hasRowErrors = job?.status === "FAILED" && job.message === "rowsHaveErrors";
  const jobFailure = job?.status === "FAILED" && !hasRowErrors && !job.fileError ? job.message : null;

  return (
    <div className="space-y-4">
      <form
        ref={formRef}
        className="space-y-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          send(false);
        }}
      >
        <div className="space-y-1">
          <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
            {t("upload.file")}
          </label>
          <input
            id={inputId}
            name="file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`${inputId}-hint`}
            className="block w-full min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900"
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              reset();
              setPhase("idle");
            }}
          />
          <p id={`${inputId}-hint`} className="text-xs text-slate-600">
            {t("upload.hint", { mb: maxMb })}
          </p>
        </div>
        <Button type="submit" disabled={busy}>
          {phase === "uploading" ? t("upload.sending") : t("upload.submit")}
        </Button>
      </form>

      <div ref={progressRef} className="space-y-2">
        {phase === "uploading" && <Progress label={t("upload.uploadProgress")} value={uploadPct} />}
        {job && RUNNING.has(job.status) && (
          <>
            {job.background && <Alert kind="info">{t("upload.background")}</Alert>}
            <Progress
              label={t("upload.jobProgress")}
              value={job.progress}
              text={t(`status.${job.status}`, { n: job.status === "IMPORTING" ? job.validRows ?? 0 : job.rowsValidated })}
            />
          </>
        )}
      </div>

      {phase === "finished" && (
        <div ref={resultRef} tabIndex={-1} className="space-y-4 outline-none">
          {failure && <Alert>{failure === "chooseFile" ? t("upload.chooseFile") : t.has(`jobErrors.${failure}`) ? t(`jobErrors.${failure}`) : t("jobErrors.INTERNAL")}</Alert>}
          {shownFileError && <FileErrorAlert error={shownFileError} />}
          {jobFailure && <Alert>{t.has(`jobErrors.${jobFailure}`) ? t(`jobErrors.${jobFailure}`) : t("jobErrors.importFailed")}</Alert>}

          {report && (
            <Alert kind="success">
              <p className="font-semibold">{t("report.imported", { n: report.created })}</p>
              <ul className="mt-1 list-disc space-y-0.5 pl-5">
                {report.created > 0 && <li>{t("report.assigned", { n: report.assigned })}</li>}
                {report.languageMismatch > 0 && <li>{t("report.languageMismatch", { n: report.languageMismatch })}</li>}
                {report.unassigned > 0 && (
                  <li>
                    {t("report.unassigned", { n: report.unassigned })}
                    <ul className="list-[circle] pl-5">
                      {report.unassignedBySite.map((s) => (
                        <li key={s.siteId}>{t(`report.unassignedReason.${s.reason}`, { site: s.siteCode, n: s.count })}</li>
                      ))}
                    </ul>
                    <span className="block">{t("report.unassignedHelp")}</span>
                  </li>
                )}
                <li>{t("report.duplicates", { n: report.duplicates })}</li>
                {report.errorRows > 0 && <li>{t("report.errorRowsSkipped", { n: report.errorRows })}</li>}
              </ul>
              <Link className="mt-2 inline-block font-medium underline" href="/clients">
                {t("report.toList")}
              </Link>
            </Alert>
          )}

          {hasRowErrors && job && (
            <section className="space-y-3" aria-labelledby={`${inputId}-errors`}>
              <Alert>
                <h3 id={`${inputId}-errors`} className="font-semibold">
                  {t("errors.title")}
                </h3>
                <p>{t("errors.summary", { rows: job.errorRows, total: job.errorCount })}</p>
              </Alert>
              <IssueTable caption={t("errors.caption")} issues={job.errors} />
              {job.errorCount > job.errors.length && <p className="text-sm text-slate-700">{t("errors.shown", { shown: job.errors.length, total: job.errorCount })}</p>}
              <a className="inline-block text-sm font-medium text-brand-700 underline" href={`/api/imports/${job.id}/errors`} download>
                {t("errors.download")}
              </a>
              {(job.validRows ?? 0) > 0 && (
                <div className="space-y-1 rounded-md border border-slate-200 bg-slate-50 p-3">
                  <Button variant="secondary" onClick={() => send(true)}>
                    {t("upload.validOnly", { n: job.validRows ?? 0 })}
                  </Button>
                  <p className="text-xs text-slate-600">{t("upload.validOnlyHint")}</p>
                </div>
              )}
              <p className="text-sm text-slate-700">{t("upload.fixAndRetry")}</p>
            </section>
          )}

          {job && job.duplicates.length > 0 && (
            <section className="space-y-2" aria-labelledby={`${inputId}-dups`}>
              <h3 id={`${inputId}-dups`} className="font-semibold">
                {t("duplicates.title")}
              </h3>
              <p className="text-sm text-slate-700">{t("duplicates.intro")}</p>
              <IssueTable caption={t("duplicates.caption")} issues={job.duplicates} />
              {job.duplicateCount > job.duplicates.length && (
                <p className="text-sm text-slate-700">{t("duplicates.shown", { shown: Math.min(SHOWN_ISSUES, job.duplicates.length), total: job.duplicateCount })}</p>
              )}
            </section>
          )}

          {(report || shownFileError || failure || jobFailure) && (
            <Button variant="ghost" onClick={startOver}>
              {t("upload.again")}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

function Progress({ label, value, text }: { label: string; value: number; text?: string }) {
  const id = useId();
  const pct = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="space-y-1">
      <div className="flex justify-between gap-2 text-sm">
        <span id={id} className="font-medium">
          {label}
        </span>
        <span aria-hidden="true" className="tabular-nums">
          {pct}%
        </span>
      </div>
      <div
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={text ? `${pct}% - ${text}` : `${pct}%`}
        className="h-3 w-full overflow-hidden rounded bg-slate-200"
      >
        <div className="h-3 rounded bg-brand-600 transition-[width]" style={{ width: `${pct}%` }} />
      </div>
      {text && <p className="text-sm text-slate-700">{text}</p>}
    </div>
  );
}

function FileErrorAlert({ error }: { error: FileError }) {
  const t = useTranslations("imports");
  const p = error.params;
  return (
    <Alert>
      <p>{t.has(`fileErrors.${error.key}`) ? t(`fileErrors.${error.key}`, p) : t("jobErrors.importFailed")}</p>
      {error.key === "wrongHeaders" && (
        <ul className="mt-1 list-disc pl-5">
          {p.missing ? <li>{t("fileErrors.missingColumns", { columns: String(p.missing) })}</li> : null}
          {p.unknown ? <li>{t("fileErrors.unknownColumns", { columns: String(p.unknown) })}</li> : null}
          {p.duplicate ? <li>{t("fileErrors.duplicateColumns", { columns: String(p.duplicate) })}</li> : null}
        </ul>
      )}
    </Alert>
  );
}

/** Issues by row and column, in the user's language. */
function IssueTable({ caption, issues }: { caption: string; issues: RowIssue[] }) {
  const t = useTranslations("imports");
  const te = useTranslations("errors");
  return (
    <DataTable caption={caption} head={[t("errors.row"), t("errors.column"), t("errors.problem")]}>
      {issues.map((i, k) => (
        <tr key={k}>
          <Cell className="whitespace-nowrap tabular-nums">{i.row}</Cell>
          <Cell className="whitespace-nowrap font-mono text-xs">{i.column ?? t("errors.wholeRow")}</Cell>
          <Cell>{describeIssue(i, t as unknown as Translate, te as unknown as Translate)}</Cell>
        </tr>
      ))}
    </DataTable>
  );
}
