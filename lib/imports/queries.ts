// Reads of import jobs. A job is its creator's alone: anyone else, whatever her role, gets "not
// found" (the job's errors and report describe clients of her sites).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";
import { SHOWN_ISSUES, type RowIssue } from "@/lib/imports/errors";
import { jobView, type ImportJobView } from "@/lib/imports/job";
import { isUuid } from "@/lib/validation";

const VIEW_SELECT = {
  id: true, status: true, progress: true, background: true, validOnly: true, fileType: true, rowsTotal: true, rowsValidated: true,
  rowsImported: true, errorCount: true, errorRows: true, errors: true, duplicates: true, result: true, message: true,
} as const;

export async function getImportJob(db: PrismaClient, actor: Actor, id: string): Promise<ImportJobView> {
  assertCan(actor, "clients.import");
  if (!isUuid(id)) throw notFound();
  const job = await db.importJob.findFirst({ where: { id, createdById: actor.userId }, select: VIEW_SELECT });
  if (!job) throw notFound();
  return jobView(job, SHOWN_ISSUES);
}

/** Every stored error and skipped duplicate of a job, for the CSV download. */
export async function getImportIssues(db: PrismaClient, actor: Actor, id: string): Promise<{ errors: RowIssue[]; duplicates: RowIssue[]; errorCount: number }> {
  assertCan(actor, "clients.import");
  if (!isUuid(id)) throw notFound();
  const job = await db.importJob.findFirst({ where: { id, createdById: actor.userId }, select: { errors: true, duplicates: true, errorCount: true } });
  if (!job) throw notFound();
  return { errors: job.errors as RowIssue[], duplicates: job.duplicates as RowIssue[], errorCount: job.errorCount };
}
