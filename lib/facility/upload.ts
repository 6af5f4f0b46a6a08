// A facility file uploaded by a supervisor or a data clerk (issue 10): read row by row (the client
// import's reader: CSV or .xlsx, sniffed from the first bytes), every row checked and matched first,
// and nothing applied while any row has a problem - unless she chose "apply the valid rows only".
// Then the facts are applied in one transaction (lib/facility/apply.ts). Small files are done in the
// request; larger ones by the worker (queue "facility-upload"), with progress to poll.
import fs from "node:fs";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, clientScope, type Actor } from "@/lib/authz";
import { writeAudit } from "@/lib/audit";
import { errorCode } from "@/lib/errors";
import { log } from "@/lib/log";
import { localDay } from "@/lib/site-clock";
import { ImportFileError } from "@/lib/imports/errors";
import { countRows, readRows, sniffFileType, type FileType } from "@/lib/imports/parse";
import { matchClient, type Candidate } from "@/lib/facility/facts";
import { applyFacts, type MatchedFact } from "@/lib/facility/apply";
import { parseRow, readHeader, rowDateIssue, type ParsedRow, type RowIssue } from "@/lib/facility/rows";

export const FACILITY_QUEUE = "facility-upload";
export type FacilityJobPayload = { uploadId: string; path: string };
/** Rows applied in the request; more go to the worker (each fact is a few statements). */
export const FACILITY_INLINE_MAX_ROWS = 500;
/** Rows in one file at the most: a bigger register is sent in parts. */
export const FACILITY_MAX_ROWS = 50_000;
/** Problems kept with the upload (the page lists them; the rest are counted). */
const STORED_ISSUES = 500;

type Meta = { requestId?: string | null; ip?: string | null; now: Date };

async function removeFile(p: string): Promise<void> {
  await fs.promises.rm(p, { force: true }).catch(() => {});
}

/** Creates the upload's record and runs it now (small file) or hands it to the worker. */
export async function startFacilityUpload(
  db: PrismaClient,
  actor: Actor,
  upload: { path: string; size: number },
  opts: { validOnly: boolean; enqueue: (p: FacilityJobPayload) => Promise<void>; meta: Meta },
): Promise<string> {
  assertCan(actor, "facility.update");
  let handedOver = false;
  try {
    let type: FileType | "unknown" = "unknown";
    let fileError: ImportFileError | null = null;
    try {
      type = await sniffFileType(upload.path);
    } catch (err) {
      if (!(err instanceof ImportFileError)) throw err;
      fileError = err;
    }
    const row = await db.facilityUpload.create({
      data: {
        createdById: actor.userId,
        fileType: type,
        fileSize: upload.size,
        validOnly: opts.validOnly,
        siteIds: actor.role === "ADMIN" ? [] : actor.siteIds,
        ...(fileError ? { status: "FAILED", message: fileError.key, finishedAt: opts.meta.now } : {}),
      },
      select: { id: true },
    });
    if (fileError) return row.id;
    const rows = await countRows(upload.path, type as FileType, FACILITY_MAX_ROWS + 1);
    if (rows > FACILITY_INLINE_MAX_ROWS + 1) {
      await db.facilityUpload.update({ where: { id: row.id }, data: { background: true } });
      try {
        await opts.enqueue({ uploadId: row.id, path: upload.path });
        handedOver = true;
      } catch (err) {
        log("error", "facility.enqueue_failed", { uploadId: row.id, error: errorCode(err) });
        await db.facilityUpload.update({ where: { id: row.id }, data: { status: "FAILED", message: "uploadFailed", finishedAt: opts.meta.now } });
      }
      return row.id;
    }
    handedOver = true;
    await runFacilityUpload(db, row.id, upload.path, opts.meta);
    return row.id;
  } finally {
    if (!handedOver) await removeFile(upload.path);
  }
}

/** The clients of the uploader's sites that the file's keys name: by reference and by number. */
async function candidatesFor(db: PrismaClient, actor: Actor, parsed: ParsedRow[]) {
  const refs = [...new Set(parsed.map((p) => p.keys.ref?.toUpperCase()).filter((x): x is string => !!x))];
  const numbers = [...new Set(parsed.map((p) => p.keys.facilityNumber).filter((x): x is string => !!x))];
  const found = refs.length || numbers.length
    ? await db.client.findMany({
        where: { AND: [clientScope(actor), { OR: [{ ref: { in: refs } }, { facilityNumber: { in: numbers } }] }] },
        select: { id: true, ref: true, facilityNumber: true, siteId: true, site: { select: { timeZone: true } } },
      })
    : [];
  const byRef = new Map<string, Candidate>();
  const byNumber = new Map<string, Candidate[]>();
  const zoneOf = new Map<string, string>();
  for (const c of found) {
    const cand: Candidate = { id: c.id, ref: c.ref, facilityNumber: c.facilityNumber, siteId: c.siteId };
    byRef.set(c.ref.toUpperCase(), cand);
    if (c.facilityNumber) (byNumber.get(c.facilityNumber) ?? byNumber.set(c.facilityNumber, []).get(c.facilityNumber)!).push(cand);
    zoneOf.set(c.id, c.site.timeZone);
  }
  return { byRef, byNumber, zoneOf };
}

/**
 * Reads, checks, matches and (when allowed) applies one uploaded file. Every problem is kept by row
 * and column; an unmatched or ambiguous row is a problem like any other (never guessed).
 */
export async function runFacilityUpload(db: PrismaClient, uploadId: string, path: string, meta: Meta): Promise<void> {
  const progress = (data: { progress: number; rowsTotal?: number }) => db.facilityUpload.update({ where: { id: uploadId }, data });
  try {
    const upload = await db.facilityUpload.findUniqueOrThrow({ where: { id: uploadId } });
    const creator = await db.user.findUniqueOrThrow({
      where: { id: upload.createdById },
      select: { id: true, name: true, role: true, countryId: true, locale: true, sites: { select: { siteId: true } } },
    });
    const actor: Actor = {
      userId: creator.id, sessionId: "", name: creator.name, role: creator.role,
      siteIds: upload.siteIds.length ? upload.siteIds : creator.sites.map((s) => s.siteId), countryId: creator.countryId, locale: creator.locale,
    };
    await db.facilityUpload.update({ where: { id: uploadId }, data: { status: "VALIDATING" } });

    const issues: RowIssue[] = [];
    const parsed: ParsedRow[] = [];
    let header: ReturnType<typeof readHeader> | null = null;
    let total = 0;
    for await (const raw of readRows(path, upload.fileType as FileType)) {
      if (raw.row === 1) {
        header = readHeader(raw.cells);
        if ("issues" in header) break;
        continue;
      }
      if (!header || "issues" in header) break;
      if (++total > FACILITY_MAX_ROWS) throw new ImportFileError("tooManyRows", { max: FACILITY_MAX_ROWS });
      const r = parseRow(header, raw.row, raw.cells);
      if (r === null) continue;
      if ("issues" in r) issues.push(...r.issues);
      else parsed.push(r);
    }
    if (!header) throw new ImportFileError("empty");
    if ("issues" in header) {
      await db.facilityUpload.update({
        where: { id: uploadId },
        data: { status: "FAILED", message: "wrongHeaders", errors: header.issues, finishedAt: meta.now },
      });
      return;
    }
    const layout = header.layout;
    await progress({ progress: 30, rowsTotal: total });

    // Match: only the clients of her sites can be found.
    const { byRef, byNumber, zoneOf } = await candidatesFor(db, actor, parsed);
    const matched: { row: number; fact: MatchedFact }[] = [];
    for (const p of parsed) {
      const m = matchClient(p.keys, byRef, byNumber);
      if ("problem" in m) {
        issues.push({ row: p.row, column: p.keys.ref ? "client_ref" : "facility_number", key: m.problem });
        continue;
      }
      const dateIssue = rowDateIssue(p, localDay(zoneOf.get(m.clientId)!, meta.now), layout);
      if (dateIssue) {
        issues.push(dateIssue);
        continue;
      }
      matched.push({ row: p.row, fact: { clientId: m.clientId, fact: p.fact } });
    }
    issues.sort((a, b) => a.row - b.row);
    const rowsWithIssues = new Set(issues.map((i) => i.row)).size;
    const stored = issues.slice(0, STORED_ISSUES);
    if (issues.length && !upload.validOnly) {
      await db.facilityUpload.update({
        where: { id: uploadId },
        data: {
          status: "FAILED", message: "rowsInvalid", progress: 100, errors: stored, finishedAt: meta.now,
          result: { applied: false, validRows: matched.length, rowsWithIssues, issues: issues.length },
        },
      });
      return;
    }
    await db.facilityUpload.update({ where: { id: uploadId }, data: { status: "IMPORTING", progress: 50 } });

    const outcome = await db.$transaction(
      async (tx) => {
        const r = await applyFacts(tx, matched.map((m) => m.fact), { source: "file", sourceRef: `upload:${uploadId}`, actorId: actor.userId, now: meta.now });
        await writeAudit(tx, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip }, [
          {
            action: "facility.uploaded",
            entityType: "facility_upload",
            entityId: uploadId,
            meta: { layout, rows: total, applied: matched.length, skipped: rowsWithIssues, ...r.counts },
          },
          ...r.audit,
        ]);
        return r;
      },
      { timeout: 30 * 60_000, maxWait: 60_000 },
    );
    await db.facilityUpload.update({
      where: { id: uploadId },
      data: {
        status: "DONE", progress: 100, rowsApplied: matched.length, errors: stored, finishedAt: meta.now,
        result: { applied: true, counts: outcome.counts, rowsWithIssues, issues: issues.length },
      },
    });
  } catch (err) {
    const key = err instanceof ImportFileError ? err.key : "uploadFailed";
    if (!(err instanceof ImportFileError)) log("error", "facility.upload_failed", { uploadId, error: errorCode(err) });
    await db.facilityUpload.update({ where: { id: uploadId }, data: { status: "FAILED", message: key, finishedAt: meta.now } });
  } finally {
    await removeFile(path);
  }
}

export type FacilityUploadView = {
  id: string;
  status: string;
  progress: number;
  background: boolean;
  rowsTotal: number;
  rowsApplied: number;
  message: string | null;
  errors: RowIssue[];
  result: { applied: boolean; counts?: Record<string, number>; validRows?: number; rowsWithIssues: number; issues: number } | null;
  createdAt: string;
};

/** An upload as its creator sees it (anyone else: NOT_FOUND). */
export async function facilityUploadView(db: PrismaClient, actor: Actor, id: string): Promise<FacilityUploadView | null> {
  assertCan(actor, "facility.update");
  const u = await db.facilityUpload.findFirst({ where: { id, createdById: actor.userId } });
  if (!u) return null;
  return {
    id: u.id,
    status: u.status,
    progress: u.progress,
    background: u.background,
    rowsTotal: u.rowsTotal,
    rowsApplied: u.rowsApplied,
    message: u.message,
    errors: (u.errors as RowIssue[]) ?? [],
    result: (u.result as FacilityUploadView["result"]) ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

/** No automatic retry: a failed upload is reported to the user, who sends the file again. */
export const FACILITY_QUEUE_OPTIONS = { retryLimit: 0, expireInSeconds: 60 * 60 } as const;
