// Small spreadsheets the facility pages hand out (the visit list, the facts template): as CSV
// (UTF-8 with a byte-order mark, formula prefixes neutralised by lib/imports/csv-output.ts) or as
// .xlsx (every cell text, so "0821..." numbers and YYYY-MM-DD dates stay as written, and neutralised
// the same way). A few hundred rows at most: built in memory.
import ExcelJS from "exceljs";
import { csvLine, neutralise, UTF8_BOM } from "@/lib/imports/csv-output";

export type Cell = string | number | null;
export type SheetFormat = "csv" | "xlsx";

export async function sheetFile(
  format: SheetFormat,
  sheet: { name: string; columns: readonly string[]; rows: readonly (readonly Cell[])[] },
): Promise<{ body: string | Uint8Array<ArrayBuffer>; contentType: string }> {
  if (format === "csv") {
    return { body: UTF8_BOM + csvLine(sheet.columns) + sheet.rows.map((r) => csvLine(r)).join(""), contentType: "text/csv; charset=utf-8" };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = "eServices";
  const ws = wb.addWorksheet(sheet.name.slice(0, 31));
  ws.columns = sheet.columns.map((c) => ({ key: c, width: Math.max(12, c.length + 2), style: { numFmt: "@" } }));
  ws.addRow([...sheet.columns]).font = { bold: true };
  for (const r of sheet.rows) ws.addRow(r.map((v) => (v === null ? "" : neutralise(String(v)))));
  ws.views = [{ state: "frozen", ySplit: 1 }];
  return {
    body: new Uint8Array(await wb.xlsx.writeBuffer()) as Uint8Array<ArrayBuffer>,
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  };
}
