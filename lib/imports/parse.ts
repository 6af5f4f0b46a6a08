// Reading an uploaded file row by row, without ever holding it whole: CSV through csv-parse (strict
// UTF-8, a byte-order mark accepted, "," ";" or tab as separator, as Excel writes them in different
// locales), .xlsx through exceljs's streaming reader (first worksheet). The type is decided by the
// file's first bytes, not its name. Every row comes with its spreadsheet row number.
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse as csvParser } from "csv-parse";
import ExcelJS from "exceljs";
import { DATE_COLUMNS, TIME_COLUMNS, normaliseHeader } from "@/lib/imports/columns";
import { ImportFileError } from "@/lib/imports/errors";

export type FileType = "csv" | "xlsx";

/** Largest upload accepted (refused from Content-Length before reading, and while streaming). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/**
 * Most client rows in one file: validation keeps the valid rows in memory until the one
 * transaction writes them, so a bound keeps the server's memory in hand. A bigger register is
 * imported in parts.
 */
export const MAX_ROWS = 100_000;

export type RawRow = { row: number; cells: string[] };

/** Signatures of files people attach by mistake (a scanned list, a photo, a letter): refused with
 * "this is a PDF / picture / document" instead of being read as CSV ("Unknown columns: %PDF-1.4"). */
const NOT_SPREADSHEETS: { kind: string; magic: number[] }[] = [
  { kind: "PDF", magic: [0x25, 0x50, 0x44, 0x46] }, // %PDF
  { kind: "PNG", magic: [0x89, 0x50, 0x4e, 0x47] },
  { kind: "JPEG", magic: [0xff, 0xd8, 0xff] },
  { kind: "GIF", magic: [0x47, 0x49, 0x46, 0x38] },
  { kind: "RTF", magic: [0x7b, 0x5c, 0x72, 0x74, 0x66] }, // {\rtf
];

/** "csv" or "xlsx" from the first bytes; old binary .xls, PDFs, pictures and empty files are
 * refused (a UTF-16 text file is refused later, by strictUtf8, with the encoding message). */
export async function sniffFileType(path: string): Promise<FileType> {
  const fh = await fs.promises.open(path, "r");
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await fh.read(head, 0, 8, 0);
    if (bytesRead === 0) throw new ImportFileError("empty");
    if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return "xlsx";
    if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) throw new ImportFileError("unsupportedFormat");
    const known = NOT_SPREADSHEETS.find((s) => bytesRead >= s.magic.length && s.magic.every((b, i) => head[i] === b));
    if (known) throw new ImportFileError("notASpreadsheet", { kind: known.kind });
    return "csv";
  } finally {
    await fh.close();
  }
}

/** Rows of the file, the header first (row 1). Blank rows are yielded too (their numbers count). */
export function readRows(path: string, type: FileType, onBytes?: (n: number) => void): AsyncGenerator<RawRow> {
  return type === "xlsx" ? readXlsx(path, onBytes) : readCsv(path, onBytes);
}

// ------------------------------------------------------------------------------------------------
// CSV

/**
 * Decodes UTF-8 strictly: a byte sequence that is not UTF-8 (a file saved as "CSV" in Windows-1252
 * or as "Unicode text", which is UTF-16) stops the import with one message, instead of importing
 * mangled names. The UTF-8 byte-order mark is dropped.
 */
export async function* strictUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let first = true;
  for await (const buf of chunks) {
    if (first && buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
      throw new ImportFileError("badEncoding");
    }
    first = false;
    // NUL bytes are valid UTF-8 but mean UTF-16 without a byte-order mark (or a binary file).
    if (buf.includes(0)) throw new ImportFileError("badEncoding");
    let text: string;
    try {
      text = decoder.decode(buf, { stream: true });
    } catch {
      throw new ImportFileError("badEncoding");
    }
    if (text) yield text;
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch {
    throw new ImportFileError("badEncoding");
  }
  if (tail) yield tail;
}

/** The separator of the header line: the most frequent of , ; and tab (Excel in Portuguese or
 * French writes ";"). */
export function detectDelimiter(firstLine: string): string {
  const counts = [",", ";", "\t"].map((d) => [d, firstLine.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ",";
}

async function* fileChunks(path: string, onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
  const stream = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream) {
      onBytes?.((chunk as Buffer).length);
      yield chunk as Buffer;
    }
  } finally {
    stream.destroy();
  }
}

/** CSV rows from decoded text chunks (exported for tests). */
export async function* csvRowsOf(text: AsyncIterable<string>): AsyncGenerator<RawRow> {
  const it = text[Symbol.asyncIterator]();
  // Read up to the end of the header line to choose the separator.
  const head: string[] = [];
  let seen = "";
  while (!/[\r\n]/.test(seen) && seen.length < 1_000_000) {
    const next = await it.next();
    if (next.done) break;
    head.push(next.value);
    seen += next.value;
  }
  const delimiter = detectDelimiter(seen.split(/\r?\n|\r/)[0] ?? "");
  const rest = (async function* () {
    yield* head;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  })();

  const parser = csvParser({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    // A runaway quote would otherwise swallow the rest of the file into one cell.
    max_record_size: 1_000_000,
  });
  const feeding = pipeline(Readable.from(rest), parser).catch((err: unknown) => {
    parser.destroy(err as Error);
  });
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record };
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    const e = err as { code?: string; lines?: number };
    if (typeof e.code === "string" && e.code.startsWith("CSV_")) throw new ImportFileError("malformedCsv", { line: e.lines ?? row + 1 });
    throw err;
  } finally {
    parser.destroy();
    await feeding;
  }
}

function readCsv(path: string, onBytes?: (n: number) => void): AsyncGenerator<RawRow> {
  return csvRowsOf(strictUtf8(fileChunks(path, onBytes)));
}

// ------------------------------------------------------------------------------------------------
// XLSX

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const hhmm = (d: Date) => d.toISOString().slice(11, 16);

/**
 * A cell's text as the importer wants it. Date cells give YYYY-MM-DD (or HH:MM for a time of day);
 * a bare number in a date column is an Excel serial date (the sheet was read before its styles);
 * formulas give their result; rich text its plain text.
 */
export function xlsxCellText(value: unknown, column: string | null): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return "";
    return column && TIME_COLUMNS.has(column) ? hhmm(value) : iso(value);
  }
  if (typeof value === "number") {
    if (column && DATE_COLUMNS.has(column) && value > 0 && value < 2_958_466) return iso(new Date(EXCEL_EPOCH_MS + Math.round(value) * 86_400_000));
    if (column && TIME_COLUMNS.has(column) && value >= 0 && value < 1) return hhmm(new Date(Math.round(value * 1440) * 60_000));
    return Number.isInteger(value) ? value.toFixed(0) : String(value);
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  if (typeof value === "object") {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return xlsxCellText(v.result, column);
    // A formula saved without its computed value: nothing to import.
    if ("formula" in v || "sharedFormula" in v) return "";
    if (typeof v.text === "string") return v.text;
    if (typeof v.error === "string") return v.error;
  }
  return String(value);
}

async function* readXlsx(path: string, onBytes?: (n: number) => void): AsyncGenerator<RawRow> {
  const stream = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
  if (onBytes) stream.on("data", (c) => onBytes((c as Buffer).length));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: "emit",
    sharedStrings: "cache",
    // Needed to tell date cells from numbers.
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  let columns: (string | null)[] | null = null;
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets++;
      for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (r.values as unknown[]) ?? [];
        const cells: string[] = [];
        for (let c = 1; c < values.length; c++) cells.push(xlsxCellText(values[c], columns ? columns[c - 1] ?? null : null));
        // The first row present is the header: its names tell which cells hold dates and times.
        columns ??= cells.map(normaliseHeader);
        yield { row: r.number, cells };
      }
      // Only the first worksheet holds clients (a template may carry notes on others).
      break;
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError("unreadableXlsx");
  } finally {
    stream.destroy();
  }
  if (sheets === 0) throw new ImportFileError("noSheet");
}

/** Rows after the header, up to `limit + 1` (to decide whether a file is "large"); 0 when unreadable. */
export async function countRows(path: string, type: FileType, limit: number): Promise<number> {
  let n = 0;
  let header = true;
  try {
    for await (const r of readRows(path, type)) {
      if (header) {
        header = false;
        continue;
      }
      if (r.cells.every((c) => c.trim() === "")) continue;
      if (++n > limit) break;
    }
  } catch {
    return 0; // the real pass reports what is wrong with the file
  }
  return n;
}
