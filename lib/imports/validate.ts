// Validates a whole import file before anything is written: the header, then every row (rows.ts),
// in batches that may be checked on more than one thread (row-checkers.ts).
// File-level problems throw ImportFileError; row problems are collected, all of them, with their
// row numbers and columns. Duplicates are looked for afterwards, in SQL over the staged rows
// (dedupe.ts, run by job.ts in the import's transaction).
import type { Tx } from "@/lib/action";
import { siteScope, type Actor } from "@/lib/authz";
import { loadProgrammeSettings } from "@/lib/settings/commands";
import { TEMPLATE_COLUMNS, checkHeader } from "@/lib/imports/columns";
import { ImportFileError, rowsWithIssues, sortIssues, type RowIssue } from "@/lib/imports/errors";
import { MAX_ROWS, readRows, type FileType, type RawRow } from "@/lib/imports/parse";
import { BATCH_ROWS, threadedCheckers } from "@/lib/imports/row-checkers";
import type { CheckedRows, ImportSite, PreparedRow, RowSource } from "@/lib/imports/rows";

type Db = Tx;

/** Sites the actor may import into (her own for a supervisor, all for an administrator). */
export async function importSites(db: Db, actor: Actor): Promise<ImportSite[]> {
  const sites = await db.site.findMany({
    where: siteScope(actor),
    select: { id: true, code: true, active: true, country: { select: { code: true } } },
  });
  return sites.map((s) => ({ id: s.id, code: s.code, active: s.active, countryCode: s.country.code }));
}

export async function programmeLanguages(db: Db): Promise<string[]> {
  return (await loadProgrammeSettings(db)).languages.map((l) => l.code.toLowerCase());
}

/** What the rows of the actor's file are checked against: her sites, the programme's languages, now. */
export async function importSource(db: Db, actor: Actor, now: Date = new Date()): Promise<RowSource> {
  const [sites, languages] = await Promise.all([importSites(db, actor), programmeLanguages(db)]);
  return { sites, languages, now };
}

export type Validation = {
  /** Client rows in the file (blank rows not counted) */
  rowsTotal: number;
  /** Rows without an error, in file order (duplicates not looked for yet) */
  valid: PreparedRow[];
  /** Every row error, in file order */
  errors: RowIssue[];
  errorRows: number;
};

export type ValidationProgress = { bytesRead: number; rowsRead: number };

/**
 * Validates every row of a file (see the file comment). `threads`: worker threads that check
 * batches of rows beside this one (row-checkers.ts; the worker process gives large files
 * validationThreads()), 0 = all on this thread. The answer is the same either way.
 */
export async function validateImport(
  db: Db,
  actor: Actor,
  file: { path: string; type: FileType },
  opts: { now?: Date; source?: RowSource; threads?: number; onProgress?: (p: ValidationProgress) => Promise<void> | void } = {},
): Promise<Validation> {
  const source = opts.source ?? (await importSource(db, actor, opts.now));
  const checkers = threadedCheckers(source, opts.threads ?? 0);
  try {
    let bytesRead = 0;
    let columns: (string | null)[] | null = null;
    let rowsTotal = 0;
    let batch: RawRow[] = [];
    const checked: Promise<CheckedRows>[] = [];
    // Each answer is awaited, in order, after the last row: until then a failed one must not
    // count as an unhandled rejection.
    const send = async () => {
      // Let the threads' answers in first, so this thread knows which of them are free.
      await new Promise((resolve) => setImmediate(resolve));
      const answer = checkers.check(batch, columns!);
      answer.catch(() => {});
      checked.push(answer);
      batch = [];
    };

    for await (const raw of readRows(file.path, file.type, (n) => (bytesRead += n))) {
      if (!columns) {
        const header = checkHeader(raw.cells);
        if (!header.ok) {
          throw new ImportFileError("wrongHeaders", {
            missing: header.missing.join(", "),
            unknown: header.unknown.join(", "),
            duplicate: header.duplicate.join(", "),
          });
        }
        columns = header.columns;
        continue;
      }
      if (raw.cells.every((c) => c.trim() === "")) continue;
      if (++rowsTotal > MAX_ROWS) throw new ImportFileError("tooManyRows", { n: MAX_ROWS });
      batch.push(raw);
      if (batch.length === BATCH_ROWS) await send();

      if (opts.onProgress && rowsTotal % 1000 === 0) await opts.onProgress({ bytesRead, rowsRead: rowsTotal });
    }
    if (!columns) throw new ImportFileError("empty");
    if (rowsTotal === 0) throw new ImportFileError("empty");
    if (batch.length) await send();

    const valid: PreparedRow[] = [];
    const errors: RowIssue[] = [];
    for (const answer of checked) {
      const r = await answer;
      for (const row of r.prepared) valid.push(row);
      for (const issue of r.issues) errors.push(issue);
    }
    await opts.onProgress?.({ bytesRead, rowsRead: rowsTotal });
    return { rowsTotal, valid, errors: sortIssues(errors, TEMPLATE_COLUMNS), errorRows: rowsWithIssues(errors) };
  } finally {
    await checkers.close();
  }
}
