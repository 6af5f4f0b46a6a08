// CSV we write (the import template, the error report). A cell starting with = + - @ or a tab or
// carriage return is run as a formula by spreadsheet programs (CSV injection, OWASP): such cells get
// a leading apostrophe, which spreadsheets show as text. The importer strips that apostrophe again
// (lib/imports/rows.ts), so a neutralised file can be filled in and sent back. Pure.

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One field: neutralised, then quoted when it holds a separator, a quote, a line break or edge spaces. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = neutralise(String(value));
  return /[",;\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** Excel only reads a CSV as UTF-8 when it starts with a byte-order mark. */
export const UTF8_BOM = "\uFEFF";
