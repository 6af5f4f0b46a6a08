// Formula neutralisation for every text cell of every file the app writes (CSV and Excel: the
// reports, the line lists, the import template and error report). A text cell starting with
// = + - @, a tab, a carriage return or a line feed can run as a formula when a spreadsheet opens the
// file (CSV injection, OWASP): such cells get a leading apostrophe, which spreadsheets show as text.
// The importer strips that apostrophe again (lib/imports/rows.ts). Pure; numbers are left alone.
// One definition for both places it runs: here in Node, and as SQL (neutraliseSql) in the
// statements the CSV writer streams straight from PostgreSQL (lib/exports/copy.ts).

/** The characters that make a text cell a formula when they start it. */
export const FORMULA_START_CHARS: readonly string[] = ["=", "+", "-", "@", "\t", "\r", "\n"];

export function neutralise(value: string): string {
  return value.length > 0 && FORMULA_START_CHARS.includes(value[0]!) ? `'${value}` : value;
}

/** `neutralise` as a SQL expression over the text expression `expr` (NULL stays NULL): ascii()
 * is the first character's code (0 for an empty text), compared as integers. */
export function neutraliseSql(expr: string): string {
  const codes = FORMULA_START_CHARS.map((c) => c.charCodeAt(0)).join(", ");
  return `(CASE WHEN ascii(${expr}) IN (${codes}) THEN '''' || ${expr} ELSE ${expr} END)`;
}

/** A cell value as files carry it: text neutralised, numbers and empties as they are. */
export type CellValue = string | number | boolean | null | undefined;

export function safeCell(value: CellValue): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? neutralise(value) : value;
}
