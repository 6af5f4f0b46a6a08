// One import from upload to report. Every upload gets an import_jobs row (its progress, errors and
// report, visible to its creator only). Small files (up to INLINE_MAX_ROWS client rows) run inside
// the upload request; larger ones are handed to the worker (pg-boss queue "client-import",
// scripts/worker.ts) and the page polls the job. Either way: validate every row first; write
// nothing while any row has an error unless the user chose "valid rows only"; then stage, find
// duplicates and write in ONE transaction on one connection (stage.ts, dedupe.ts, write.ts), so a
// failure midway leaves nothing behind and the job is marked failed. The
// uploaded file is deleted when the job ends, whatever the outcome.
//
// No `server-only` imports here: the worker process runs this too.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, can, type Actor } from "@/lib/authz";
import { writeAuditSql } from "@/lib/audit";
import { possibleDuplicateAudit } from "@/lib/clients/duplicates";
import { raisePossibleDuplicatesPg } from "@/lib/clients/duplicate-review";
import { rawClientTransaction, pgSql } from "@/lib/sql";
import { findDuplicates } from "@/lib/imports/dedupe";
import { stageRows } from "@/lib/imports/stage";
import { log } from "@/lib/log";
import { ImportFileError, STORED_ISSUES, type FileErrorParams, type RowIssue } from "@/lib/imports/errors";
import { errorCode } from "@/lib/errors";
import { countRows, sniffFileType, type FileType } from "@/lib/imports/parse";
import { validateImport, type Validation } from "@/lib/imports/validate";
import { writeImport, type WriteReport, type WriteStage } from "@/lib/imports/write";

/** Files with more client rows than this run as a background job. */
export const INLINE_MAX_ROWS = 2000;
export const IMPORT_QUEUE = "client-import";
export type ImportJobPayload = { jobId: string; path: string };
export type Enqueue = (payload: ImportJobPayload) => Promise<void>;

/** A job still "running" after this long was interrupted (worker or server restarted). */
const STALE_AFTER_MS = 2 * 60 * 60_000;

/** Where uploads wait for their job: private to this user account, emptied as jobs end. */
export function uploadDir(): string {
  return path.join(os.tmpdir(), "eservices-imports");
}

/** A payload path must point into the upload folder (defence in depth for queue messages). */
function isUploadPath(p: string): boolean {
  const resolved = path.resolve(p);
  return path.dirname(resolved) === path.resolve(uploadDir());
}

async function removeFile(p: string): Promise<void> {
  await fs.promises.rm(p, { force: true }).catch(() => {});
}

export type ImportReport = WriteReport & {
  rowsTotal: number;
  validRows: number;
  duplicates: number;
  errorRows: number;
};

type JobResult = {
  validRows?: number;
  duplicateCount?: number;
  report?: ImportReport;
  fileError?: { key: string; params: FileErrorParams };
};

/**
 * The import's creator as she is now, limited to the sites she had at upload time: a user
 * deactivated or moved since then cannot have a queued job write for her.
 */
async function jobActor(db: PrismaClient, userId: string, siteIdsAtUpload: string[]): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, role: true, active: true, countryId: true, locale: true, sites: { select: { siteId: true } } },
  });
  if (!user?.active) return null;
  const actor: Actor = {
    userId: user.id,
    sessionId: "",
    name: user.name,
    role: user.role,
    siteIds: user.sites.map((s) => s.siteId),
    countryId: user.countryId,
    locale: user.locale,
  };
  if (!can(actor, "clients.import")) return null;
  if (actor.role !== "ADMIN") actor.siteIds = actor.siteIds.filter((id) => siteIdsAtUpload.includes(id));
  return actor;
}

async function fail(db: PrismaClient, jobId: string, message: string, data: Prisma.ImportJobUpdateInput = {}): Promise<void> {
  await db.importJob.update({ where: { id: jobId }, data: { ...data, status: "FAILED", message, finishedAt: new Date() } });
}

/**
 * Runs a created job: validation, then (when allowed) the one-transaction write and the report.
 * Idempotent: a job that is no longer queued (a redelivered queue message) is left alone.
 * `validationThreads`: worker threads that check rows beside this one (the worker process gives
 * validationThreads(); inside a request, none).
 */
export async function runImportJob(
  db: PrismaClient,
  jobId: string,
  filePath: string,
  meta: { requestId?: string | null; ip?: string | null } = {},
  opts: { validationThreads?: number } = {},
): Promise<void> {
  try {
    const claimed = await db.importJob.updateMany({ where: { id: jobId, status: "QUEUED" }, data: { status: "VALIDATING", progress: 2 } });
    if (claimed.count === 0) return;
    const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId } });
    if (!isUploadPath(filePath)) return await fail(db, jobId, "importFailed");
    const actor = await jobActor(db, job.createdById, job.siteIds);
    if (!actor) return await fail(db, jobId, "notAllowed");

    // Progress: reading and checking rows is 2-60 %, by the share of the file read.
    let lastUpdate = 0;
    const onProgress = async (p: { bytesRead: number; rowsRead: number }) => {
      if (Date.now() - lastUpdate < 500) return;
      lastUpdate = Date.now();
      const share = job.fileSize ? Math.min(1, p.bytesRead / job.fileSize) : 0;
      await db.importJob.update({ where: { id: jobId }, data: { progress: 2 + Math.floor(share * 58), rowsValidated: p.rowsRead } });
    };
    let v: Validation;
    try {
      v = await validateImport(db, actor, { path: filePath, type: job.fileType as FileType }, { onProgress, threads: opts.validationThreads ?? 0 });
    } catch (err) {
      if (err instanceof ImportFileError) {
        return await fail(db, jobId, err.key, { result: { fileError: { key: err.key, params: err.params } } satisfies JobResult });
      }
      throw err;
    }

    // Then, on one connection and in ONE transaction: the rows go into staging tables, duplicates
    // are looked for there, and (when allowed) written from there. A file that may not be written
    // leaves nothing behind: the staging tables are temporary.
    const written = await rawClientTransaction(db, async (client) => {
      const staged = await stageRows(client, v.valid);
      const d = await findDuplicates(client, actor, staged);
      const validRows = d.unique.length;
      const issues = {
        rowsTotal: v.rowsTotal,
        rowsValidated: v.rowsTotal,
        errorCount: v.errors.length,
        errorRows: v.errorRows,
        errors: v.errors.slice(0, STORED_ISSUES) as unknown as Prisma.InputJsonValue,
        duplicates: d.duplicates.slice(0, STORED_ISSUES) as unknown as Prisma.InputJsonValue,
      };
      if (v.errors.length > 0 && !job.validOnly) {
        // Nothing is imported until the file is clean, or the user explicitly takes the valid rows.
        return { refused: { ...issues, progress: 100, result: { validRows, duplicateCount: d.duplicates.length } satisfies JobResult } };
      }
      // Progress goes through the pool, outside the transaction, so the page sees it.
      await db.importJob.update({
        where: { id: jobId },
        data: { ...issues, status: "IMPORTING", progress: 60, result: { validRows, duplicateCount: d.duplicates.length } satisfies JobResult },
      });
      const STAGE_PROGRESS: Record<WriteStage, number> = { assignment: 62, clients: 70, details: 85 };
      const rest = await writeImport(client, d.unique, {
        changedById: actor.userId,
        audit: { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip, jobId },
        onStage: (stage) => db.importJob.update({ where: { id: jobId }, data: { progress: STAGE_PROGRESS[stage] } }).then(() => {}),
      });
      const report: ImportReport = {
        ...rest,
        unassignedBySite: rest.unassignedBySite.slice(0, 50),
        rowsTotal: v.rowsTotal,
        validRows,
        duplicates: d.duplicates.length,
        errorRows: v.errorRows,
      };
      const audit = { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip };
      await writeAuditSql(pgSql(client), audit, [
        {
          action: "import.completed",
          entityType: "import",
          entityId: jobId,
          meta: {
            jobId,
            fileType: job.fileType,
            background: job.background,
            validOnly: job.validOnly,
            rows: v.rowsTotal,
            created: report.created,
            assigned: report.assigned,
            unassigned: report.unassigned,
            unassignedReasons: report.unassignedReasons,
            duplicatesSkipped: report.duplicates,
            errorRowsSkipped: report.errorRows,
          },
        },
        // Possible duplicates outside the importer's scope: recorded, never shown to her.
        ...[...d.outOfScope].map(([id, others]) => possibleDuplicateAudit(id, others)),
      ]);
      // ... and raised as pairs for the administrators' review (issue 13), like an enrolment's.
      await raisePossibleDuplicatesPg(client, d.outOfScope, job.createdById);
      await client.query(
        `UPDATE import_jobs SET status = 'DONE', progress = 100, rows_imported = $2, finished_at = now(), updated_at = now(), result = $3::jsonb WHERE id = $1::uuid`,
        [jobId, report.created, JSON.stringify({ validRows, report })],
      );
      return { report };
    });
    if ("refused" in written) return await fail(db, jobId, "rowsHaveErrors", written.refused);
  } catch (err) {
    // The transaction rolled back: nothing of the file was written. Ids and codes only in the log:
    // a database message can quote a value of the file.
    log("error", "import.failed", { jobId, error: errorCode(err) });
    await fail(db, jobId, "importFailed").catch(() => {});
  } finally {
    await removeFile(filePath);
  }
}

/**
 * Starts an import of an uploaded file (already saved under uploadDir()): creates the job, then
 * runs it here (small files) or hands it to the worker (large ones). Returns the job's id.
 */
export async function startImport(
  db: PrismaClient,
  actor: Actor,
  upload: { path: string; size: number },
  opts: { validOnly: boolean; enqueue: Enqueue; meta?: { requestId?: string | null; ip?: string | null } },
): Promise<string> {
  let handedOver = false;
  try {
    assertCan(actor, "clients.import");
    let type: FileType | "unknown" = "unknown";
    let fileError: ImportFileError | null = null;
    try {
      type = await sniffFileType(upload.path);
    } catch (err) {
      if (!(err instanceof ImportFileError)) throw err;
      fileError = err;
    }
    const job = await db.importJob.create({
      data: {
        createdById: actor.userId,
        fileType: type,
        fileSize: upload.size,
        validOnly: opts.validOnly,
        siteIds: actor.role === "ADMIN" ? [] : actor.siteIds,
        ...(fileError
          ? { status: "FAILED", message: fileError.key, finishedAt: new Date(), result: { fileError: { key: fileError.key, params: fileError.params } } }
          : {}),
      },
      select: { id: true },
    });
    if (fileError) return job.id;

    const rows = await countRows(upload.path, type as FileType, INLINE_MAX_ROWS);
    if (rows > INLINE_MAX_ROWS) {
      await db.importJob.update({ where: { id: job.id }, data: { background: true } });
      try {
        await opts.enqueue({ jobId: job.id, path: upload.path });
        handedOver = true;
      } catch (err) {
        log("error", "import.enqueue_failed", { jobId: job.id, error: errorCode(err) });
        await fail(db, job.id, "importFailed");
      }
      return job.id;
    }
    handedOver = true; // runImportJob deletes the file
    await runImportJob(db, job.id, upload.path, opts.meta);
    return job.id;
  } finally {
    if (!handedOver) await removeFile(upload.path);
  }
}

/**
 * Jobs left "running" by a stopped worker or server are marked failed, and uploads nobody will
 * process any more are deleted. Run by the worker at start and hourly.
 */
export async function cleanUpImports(db: PrismaClient, now = new Date()): Promise<{ jobsFailed: number; filesDeleted: number }> {
  const stale = await db.importJob.updateMany({
    where: { status: { in: ["QUEUED", "VALIDATING", "IMPORTING"] }, updatedAt: { lt: new Date(now.getTime() - STALE_AFTER_MS) } },
    data: { status: "FAILED", message: "interrupted", finishedAt: now },
  });
  let filesDeleted = 0;
  const dir = uploadDir();
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const p = path.join(dir, name);
    const st = await fs.promises.stat(p).catch(() => null);
    if (st && now.getTime() - st.mtimeMs > STALE_AFTER_MS) {
      await removeFile(p);
      filesDeleted++;
    }
  }
  return { jobsFailed: stale.count, filesDeleted };
}

// ------------------------------------------------------------------------------------------------
// What the page sees.

export type ImportJobView = {
  id: string;
  status: "QUEUED" | "VALIDATING" | "IMPORTING" | "DONE" | "FAILED";
  progress: number;
  background: boolean;
  validOnly: boolean;
  fileType: string;
  rowsTotal: number;
  rowsValidated: number;
  rowsImported: number;
  errorCount: number;
  errorRows: number;
  /** Rows that would be imported with "valid rows only" */
  validRows: number | null;
  /** The first SHOWN_ISSUES of each */
  errors: RowIssue[];
  duplicates: RowIssue[];
  duplicateCount: number;
  report: ImportReport | null;
  /** Why the job failed: key of imports `jobErrors.*` / `fileErrors.*` */
  message: string | null;
  fileError: { key: string; params: FileErrorParams } | null;
};

type JobRow = {
  id: string;
  status: ImportJobView["status"];
  progress: number;
  background: boolean;
  validOnly: boolean;
  fileType: string;
  rowsTotal: number;
  rowsValidated: number;
  rowsImported: number;
  errorCount: number;
  errorRows: number;
  errors: Prisma.JsonValue;
  duplicates: Prisma.JsonValue;
  result: Prisma.JsonValue;
  message: string | null;
};

export function jobView(job: JobRow, shown: number): ImportJobView {
  const result = (job.result ?? {}) as JobResult;
  const duplicates = (job.duplicates ?? []) as RowIssue[];
  return {
    id: job.id,
    status: job.status,
    progress: job.progress,
    background: job.background,
    validOnly: job.validOnly,
    fileType: job.fileType,
    rowsTotal: job.rowsTotal,
    rowsValidated: job.rowsValidated,
    rowsImported: job.rowsImported,
    errorCount: job.errorCount,
    errorRows: job.errorRows,
    validRows: result.validRows ?? null,
    errors: ((job.errors ?? []) as RowIssue[]).slice(0, shown),
    duplicates: duplicates.slice(0, shown),
    duplicateCount: result.report?.duplicates ?? result.duplicateCount ?? duplicates.length,
    report: result.report ?? null,
    message: job.message,
    fileError: result.fileError ?? null,
  };
}
