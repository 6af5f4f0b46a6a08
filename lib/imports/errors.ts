// What an import reports back: problems with the file as a whole (wrong headers, wrong encoding,
// too large) and problems with single rows (by row number and column). Both carry catalogue keys
// and parameters, never sentences, so the page and the error CSV speak the user's language; and
// never the cells' values (they are health data), except a site or language code the user typed.
// Pure.

/** Keys of the "imports" catalogue, `fileErrors.*`. */
export type FileErrorKey =
  | "tooLarge"
  | "empty"
  | "badEncoding"
  | "unsupportedFormat"
  | "notASpreadsheet"
  | "unreadableXlsx"
  | "malformedCsv"
  | "wrongHeaders"
  | "tooManyRows"
  | "noSheet"
  | "incomplete";

export type FileErrorParams = Record<string, string | number>;

/** The file cannot be read as a client list at all: nothing is imported, one clear message. */
export class ImportFileError extends Error {
  constructor(
    readonly key: FileErrorKey,
    readonly params: FileErrorParams = {},
  ) {
    super(key);
    this.name = "ImportFileError";
  }
}

export type RowIssue = {
  /** Row number as a spreadsheet shows it: the header is row 1, the first client row 2. */
  row: number;
  /** Template column name, or null when the problem is the row as a whole */
  column: string | null;
  /** A key of imports `rowErrors.*`, or of the errors catalogue (field.*, messages.*) */
  key: string;
  params?: Record<string, string | number>;
};

/** Rows the page lists; the error CSV has all of them. */
export const SHOWN_ISSUES = 200;
/** Issues kept on the job row for the CSV download (a file with a wrong column in every row of
 * 100,000 rows would otherwise store millions). The count of all is kept separately. */
export const STORED_ISSUES = 20_000;

/** "tooLong|80" (lib/validation.ts style) -> { key: "tooLong", params: { n: "80" } }. */
export function issueKey(message: string): { key: string; params?: Record<string, string> } {
  const [key, n] = message.split("|");
  return n === undefined ? { key: key! } : { key: key!, params: { n } };
}

/** Row order, then the template's column order, so the list reads like the file. */
export function sortIssues(issues: RowIssue[], columnOrder: readonly string[]): RowIssue[] {
  const pos = new Map(columnOrder.map((c, i) => [c, i]));
  return issues.sort((a, b) => a.row - b.row || (pos.get(a.column ?? "") ?? -1) - (pos.get(b.column ?? "") ?? -1));
}

/** Number of distinct rows with at least one issue. */
export function rowsWithIssues(issues: readonly RowIssue[]): number {
  return new Set(issues.map((i) => i.row)).size;
}

/** The parts of a next-intl translator this file needs (server and client translators fit). */
export type Translate = { (key: string, values?: Record<string, string | number>): string; has(key: string): boolean };

/**
 * One issue as a sentence in the user's language: import-specific keys come from the "imports"
 * catalogue (rowErrors.*), the validation keys shared with the forms from "errors" (field.*,
 * messages.*), with the same `n` parameter as the forms' "key|n".
 */
export function describeIssue(issue: RowIssue, tImports: Translate, tErrors: Translate): string {
  const own = `rowErrors.${issue.key}`;
  if (tImports.has(own)) return tImports(own, issue.params ?? {});
  const n = issue.params?.n ?? "";
  for (const group of ["field", "messages"]) {
    if (tErrors.has(`${group}.${issue.key}`)) return tErrors(`${group}.${issue.key}`, { n });
  }
  return issue.key;
}

/** The error report: one line per issue, the column as the template names it. */
export function issuesCsvRows(issues: readonly RowIssue[], kind: string, describe: (i: RowIssue) => string): (string | number)[][] {
  return issues.map((i) => [i.row, i.column ?? "", kind, describe(i)]);
}
