// Validates a whole import file before anything is written: the header, then every row (rows.ts).
// File-level problems throw ImportFileError; row problems are collected, all of them, with their
// row numbers and columns. Duplicates are looked for afterwards, in SQL over the staged rows
// (dedupe.ts, run by job.ts in the import's transaction).
import type { Tx } from "@/lib/action";
import { siteScope, type Actor } from "@/lib/authz";
import { loadProgrammeSettings } from "@/lib/settings/commands";
import { TEMPLATE_COLUMNS, checkHeader } from "@/lib/imports/columns";
import { ImportFileError, rowsWithIssues, sortIssues, type RowIssue } from "@/lib/imports/errors";
import { MAX_ROWS, readRows, type FileType } from "@/lib/imports/parse";
import { mapRow, rowContext, type ImportSite, type PreparedRow, type RowContext } from "@/lib/imports/rows";

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

export async function importContext(db: Db, actor: Actor, now: Date = new Date()): Promise<RowContext> {
  const [sites, languages] = await Promise.all([importSites(db, actor), programmeLanguages(db)]);
  return rowContext(sites, languages, now);
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

/** Validates every row of a file (see the file comment). */
export async function validateImport(
  db: Db,
  actor: Actor,
  file: { path: string; type: FileType },
  opts: { now?: Date; context?: RowContext; onProgress?: (p: ValidationProgress) => Promise<void> | void } = {},
): Promise<Validation> {
  const ctx = opts.context ?? (await importContext(db, actor, opts.now));
  let bytesRead = 0;
  let columns: (string | null)[] | null = null;
  let position = new Map<string, number>();
  let rowsTotal = 0;
  const prepared: PreparedRow[] = [];
  const errors: RowIssue[] = [];

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
      position = new Map(columns.flatMap((c, i) => (c ? [[c, i] as const] : [])));
      continue;
    }
    if (raw.cells.every((c) => c.trim() === "")) continue;
    if (++rowsTotal > MAX_ROWS) throw new ImportFileError("tooManyRows", { n: MAX_ROWS });

    const { prepared: row, issues } = mapRow(raw.row, (c) => {
      const i = position.get(c);
      return i === undefined ? "" : raw.cells[i] ?? "";
    }, ctx);
    if (raw.cells.slice(columns.length).some((c) => c.trim() !== "")) issues.push({ row: raw.row, column: null, key: "extraCells" });
    if (row && issues.length === 0) prepared.push(row);
    else errors.push(...issues);

    if (opts.onProgress && rowsTotal % 1000 === 0) await opts.onProgress({ bytesRead, rowsRead: rowsTotal });
  }
  if (!columns) throw new ImportFileError("empty");
  if (rowsTotal === 0) throw new ImportFileError("empty");
  await opts.onProgress?.({ bytesRead, rowsRead: rowsTotal });

  return { rowsTotal, valid: prepared, errors: sortIssues(errors, TEMPLATE_COLUMNS), errorRows: rowsWithIssues(errors) };
}
