// CSV we write (the import template, the error report, the report and line-list downloads). Every
// text cell goes through the one formula neutralisation (lib/exports/neutralise.ts). Pure.
import { neutralise } from "@/lib/exports/neutralise";

export { neutralise };

/** One field: neutralised, then quoted when it holds a separator, a quote, a line break or edge spaces. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  // Numbers stay numbers (-5 is a number, not a formula); every text goes through the guard.
  const s = typeof value === "string" ? neutralise(value) : String(value);
  return /[",;\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** Excel only reads a CSV as UTF-8 when it starts with a byte-order mark. */
export const UTF8_BOM = "\uFEFF";
