// The shared streaming writers (architecture.md convention 14): every download of the app - report
// tables, line lists - leaves through here, as CSV or as Excel .xlsx, streamed end to end with
// backpressure, every text cell neutralised (lib/exports/neutralise.ts), never cached.
import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { NO_STORE } from "@/lib/no-store";
import { safeCell, type CellValue } from "@/lib/exports/neutralise";
import { csvLine, UTF8_BOM } from "@/lib/imports/csv-output";
import { startCopy, type CopyRun } from "@/lib/exports/copy";
import { cursorRows, type ExportQuery } from "@/lib/exports/cursor";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Excel's limit per worksheet, header included: longer files continue on a new sheet. */
export const EXCEL_MAX_ROWS = 1_048_576;

export type ExportTable = {
  /** Worksheet name (Excel); the continuation sheets are numbered. */
  sheetName: string;
  /** Lines before the header (e.g. who exported an identified list, when and why). */
  preamble?: string[];
  header: string[];
  /**
   * The lines: computed in Node (an iterable), or a query read from PostgreSQL (columns as text, in
   * the header's order) - CSV then streams from COPY with the formula guard in SQL and Node only
   * passes bytes on (lib/exports/copy.ts); Excel reads it through a cursor (lib/exports/cursor.ts).
   */
  rows: AsyncIterable<readonly CellValue[]> | Iterable<readonly CellValue[]> | ExportQuery;
};

function isQuery(rows: ExportTable["rows"]): rows is ExportQuery {
  return !(Symbol.iterator in rows) && !(Symbol.asyncIterator in rows);
}

/** Called once when the file ends: the rows written, and whether it was complete (false when the
 * download was cancelled or failed half-way). */
export type OnDone = (rows: number, complete: boolean) => Promise<void> | void;

/** `kind_scope_date.ext`, ASCII only (a scope label from lib/reports/queries.ts scopeLabel). */
export function exportFileName(kind: string, scope: string, date: string, format: ExportFormat): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 60);
  return `${safe(kind)}_${safe(scope)}_${safe(date)}.${format}`;
}

export function fileResponse(format: ExportFormat, filename: string, table: ExportTable, onDone?: OnDone, maxSheetRows = EXCEL_MAX_ROWS): Response {
  const body = format === "csv" ? csvStream(table, onDone) : xlsxStream(table, onDone, maxSheetRows);
  return new Response(body, {
    headers: {
      ...NO_STORE,
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${filename}"`,
    },
  });
}

const CHUNK_BYTES = 64 * 1024;

/** Calls onDone once, with the rows counted so far. */
function doneOnce(onDone: OnDone | undefined, rows: () => number) {
  let done = false;
  return async (complete: boolean) => {
    if (done) return;
    done = true;
    await onDone?.(rows(), complete);
  };
}

function iterate(rows: ExportTable["rows"]): AsyncIterator<readonly CellValue[]> | Iterator<readonly CellValue[]> {
  if (isQuery(rows)) return (cursorRows(rows) as AsyncGenerator<CellValue[]>)[Symbol.asyncIterator]();
  return Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
}

/** The preamble and header lines of a CSV file, with the byte-order mark. */
function csvHead(table: ExportTable): string {
  return UTF8_BOM + [...(table.preamble ?? []).map((l) => csvLine([l])), csvLine(table.header)].join("");
}

/** CSV, UTF-8 with a byte-order mark (Excel needs it). Rows are read only when the client pulls. */
export function csvStream(table: ExportTable, onDone?: OnDone): ReadableStream<Uint8Array> {
  if (isQuery(table.rows)) return copyCsvStream(table, table.rows, onDone);
  const encoder = new TextEncoder();
  const it = iterate(table.rows);
  let n = 0;
  const finish = doneOnce(onDone, () => n);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvHead(table)));
    },
    async pull(controller) {
      try {
        let chunk = "";
        while (chunk.length < CHUNK_BYTES) {
          const next = await it.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            await finish(true);
            controller.close();
            return;
          }
          chunk += csvLine(next.value);
          n += 1;
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (err) {
        await finish(false);
        controller.error(err);
      }
    },
    async cancel() {
      await it.return?.();
      await finish(false);
    },
  }, { highWaterMark: 1 });
}

/**
 * CSV of a query, from PostgreSQL's COPY: each pull passes on the next chunk the copy stream has
 * read from the socket (tens of kB), and the copy stream reads the socket only while its small
 * buffer has room - a slow download holds PostgreSQL back. Nothing is parsed or joined here.
 */
function copyCsvStream(table: ExportTable, source: ExportQuery, onDone?: OnDone): ReadableStream<Uint8Array> {
  let run: CopyRun | null = null;
  let cancelled = false;
  const finish = doneOnce(onDone, () => run?.rows() ?? 0);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(Buffer.from(csvHead(table)));
    },
    async pull(controller) {
      try {
        run ??= await startCopy(source, table.header.length);
        if (cancelled) return await run.close();
        const chunk = await run.next();
        if (chunk === null) {
          await run.close();
          if (cancelled) return;
          await finish(true);
          controller.close();
          return;
        }
        controller.enqueue(chunk);
      } catch (err) {
        await run?.close();
        await finish(false);
        if (!cancelled) controller.error(err);
      }
    },
    async cancel() {
      cancelled = true;
      await run?.close();
      await finish(false);
    },
  }, { highWaterMark: 1 });
}

/**
 * Excel through exceljs' streaming WorkbookWriter: each row is committed (written and forgotten) at
 * once. The zip goes into a sink that holds its write callback while the browser is not reading,
 * and the producer waits for the browser too, so memory stays at a few batches.
 */
export function xlsxStream(table: ExportTable, onDone?: OnDone, maxSheetRows = EXCEL_MAX_ROWS): ReadableStream<Uint8Array> {
  const it = iterate(table.rows);
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let held: (() => void) | null = null;
  let wake: (() => void) | null = null;
  let cancelled = false;
  let n = 0;
  const finish = doneOnce(onDone, () => n);
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (cancelled) return cb();
      controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if ((controller.desiredSize ?? 1) > 0) cb();
      else held = cb;
    },
  });
  const consumerReady = () => (held === null ? Promise.resolve() : new Promise<void>((r) => (wake = r)));
  const perSheet = Math.max(2, maxSheetRows) - 1 - (table.preamble?.length ?? 0);

  async function produce() {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
    let sheet: ExcelJS.Worksheet | null = null;
    let inSheet = 0;
    let sheets = 0;
    const newSheet = () => {
      sheet?.commit();
      sheets += 1;
      sheet = wb.addWorksheet(sheets === 1 ? table.sheetName : `${table.sheetName} (${sheets})`);
      for (const line of table.preamble ?? []) sheet.addRow([safeCell(line)]).commit();
      sheet.addRow(table.header.map(safeCell)).commit();
      inSheet = 0;
    };
    newSheet();
    for (;;) {
      if (cancelled) {
        await it.return?.();
        return;
      }
      const next = await it.next();
      if (next.done) break;
      if (inSheet >= perSheet) newSheet();
      sheet!.addRow(next.value.map(safeCell)).commit();
      inSheet += 1;
      n += 1;
      if (n % 500 === 0) await consumerReady();
    }
    sheet!.commit();
    await wb.commit();
    await finish(true);
    if (!cancelled) controller.close();
  }

  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      produce().catch(async (err) => {
        await finish(false);
        if (!cancelled) controller.error(err);
      });
    },
    pull() {
      const cb = held;
      held = null;
      cb?.();
      const w = wake;
      wake = null;
      w?.();
    },
    async cancel() {
      cancelled = true;
      const cb = held;
      held = null;
      cb?.();
      wake?.();
      await finish(false);
    },
  }, { highWaterMark: 4 });
}
