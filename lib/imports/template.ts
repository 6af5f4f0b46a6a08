// The import template: the header row and the example row, as CSV (UTF-8 with a byte-order mark,
// so Excel opens it as UTF-8) and as .xlsx (every cell formatted as text, so Excel keeps "+27..."
// numbers and YYYY-MM-DD dates as typed; a second sheet explains the columns).
import ExcelJS from "exceljs";
import { EXAMPLE_ROW, REQUIRED_COLUMNS, TEMPLATE_COLUMNS } from "@/lib/imports/columns";
import { csvLine, neutralise, UTF8_BOM } from "@/lib/imports/csv-output";

export function templateCsv(): string {
  return UTF8_BOM + csvLine(TEMPLATE_COLUMNS) + csvLine(TEMPLATE_COLUMNS.map((c) => EXAMPLE_ROW[c] ?? ""));
}

export type TemplateHelp = {
  sheetName: string;
  helpSheetName: string;
  headers: [string, string, string];
  required: string;
  optional: string;
  describe: (column: string) => string;
};

export async function templateXlsx(help: TemplateHelp): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "eServices";
  const ws = wb.addWorksheet(help.sheetName);
  ws.columns = TEMPLATE_COLUMNS.map((c) => ({ key: c, width: Math.max(12, c.length + 2), style: { numFmt: "@" } }));
  ws.addRow(TEMPLATE_COLUMNS);
  // Cells are text already: the formula guard matters only for what a spreadsheet would evaluate.
  ws.addRow(TEMPLATE_COLUMNS.map((c) => EXAMPLE_ROW[c] ?? ""));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];

  const hs = wb.addWorksheet(help.helpSheetName);
  hs.columns = [{ width: 26 }, { width: 12 }, { width: 90 }];
  hs.addRow(help.headers).font = { bold: true };
  for (const c of TEMPLATE_COLUMNS) {
    hs.addRow([c, REQUIRED_COLUMNS.includes(c) ? help.required : help.optional, neutralise(help.describe(c))]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
