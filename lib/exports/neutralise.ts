// Formula neutralisation for every text cell of every file the app writes (CSV and Excel: the
// reports, the line lists, the import template and error report). A text cell starting with
// = + - @, a tab, a carriage return or a line feed can run as a formula when a spreadsheet opens the
// file (CSV injection, OWASP): such cells get a leading apostrophe, which spreadsheets show as text.
// The importer strips that apostrophe again (lib/imports/rows.ts). Pure; numbers are left alone.

const FORMULA_START = /^[=+\-@\t\r\n]/;

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A cell value as files carry it: text neutralised, numbers and empties as they are. */
export type CellValue = string | number | boolean | null | undefined;

export function safeCell(value: CellValue): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? neutralise(value) : value;
}
