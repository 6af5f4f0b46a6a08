// CSV straight from PostgreSQL: `COPY (SELECT ...) TO STDOUT WITH (FORMAT csv)` through
// pg-copy-streams, so Node only passes bytes on (no row is parsed, no line built in JavaScript).
// The SELECT's columns are text (as for the cursor); each is wrapped in the formula guard in SQL
// (neutraliseSql, the same definition as Node's). Backpressure end to end: the copy stream stops
// reading the socket when its buffer is full, and is read only when the HTTP response pulls, so a
// slow download holds PostgreSQL back instead of filling memory.
//
// PostgreSQL ends CSV lines with LF; the app's files end them with CRLF (RFC 4180, and what the
// Node writer gives), so line ends outside quoted fields become CRLF here - a scan for two bytes
// with Buffer.indexOf, which also counts the lines for the audit of a cancelled download.
// COPY takes no bind parameters: the query's values are written into the statement as literals,
// quoted as untyped literals - filter values only; secrets go in
// the transaction's settings (ExportQuery.settings), never in a statement's text.
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { endExportTransaction, exportTransaction, type ExportQuery } from "@/lib/exports/cursor";
import { neutraliseSql } from "@/lib/exports/neutralise";

/** One parameter as the text pg would send for it (arrays as array literals). */
function parameterText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) {
    const item = (x: unknown) => {
      const t = parameterText(x);
      return t === null ? "NULL" : `"${t.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
    };
    return `{${v.map(item).join(",")}}`;
  }
  if (typeof v === "string" || typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  throw new Error(`inlineParameters: cannot write a ${typeof v} as a literal`);
}

/** The query's text with its $n parameters written as literals (COPY cannot take parameters):
 * untyped quoted literals, which PostgreSQL types from their use as it does bind parameters. */
export function inlineParameters(query: ExportQuery["query"]): string {
  const values = query.values as unknown[];
  return query.text.replace(/\$(\d+)/g, (_m, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= values.length) throw new Error(`inlineParameters: no value for $${n}`);
    const t = parameterText(values[i]);
    return t === null ? "NULL" : pg.escapeLiteral(t);
  });
}

/** The SELECT the CSV writer copies: the query's `columns` text columns, each through the guard. */
export function copySelect(query: ExportQuery["query"], columns: number): string {
  const names = Array.from({ length: columns }, (_, i) => `c${i + 1}`);
  // OFFSET 0 keeps the query a subquery of its own: pulled up, each column's expression (a keyed
  // hash, an age band) would be computed again for every mention of it in the guard.
  return `SELECT ${names.map((c) => neutraliseSql(`q.${c}`)).join(", ")} FROM (SELECT * FROM (${inlineParameters(query)}) AS i OFFSET 0) AS q(${names.join(", ")})`;
}

/** LF -> CRLF outside quoted fields, across chunk boundaries; counts the lines ended. */
export class CrlfLines {
  lines = 0;
  private inQuote = false;

  convert(chunk: Buffer): Buffer {
    const ends: number[] = [];
    let pos = 0;
    let quote = chunk.indexOf(0x22);
    for (;;) {
      if (this.inQuote) {
        // Inside a quoted field only its closing quote matters ("" closes and opens again).
        if (quote < 0) break;
        this.inQuote = false;
      } else {
        const lf = chunk.indexOf(0x0a, pos);
        if (quote < 0 || (lf >= 0 && lf < quote)) {
          if (lf < 0) break;
          ends.push(lf);
          pos = lf + 1;
          continue;
        }
        this.inQuote = true;
      }
      pos = quote + 1;
      quote = chunk.indexOf(0x22, pos);
    }
    this.lines += ends.length;
    if (ends.length === 0) return chunk;
    const out = Buffer.allocUnsafe(chunk.length + ends.length);
    let from = 0;
    let to = 0;
    for (const lf of ends) {
      to += chunk.copy(out, to, from, lf);
      out[to++] = 0x0d;
      out[to++] = 0x0a;
      from = lf + 1;
    }
    chunk.copy(out, to, from);
    return out;
  }
}

/** What the copy stream holds before it stops reading the socket (PostgreSQL then waits). */
export const COPY_BUFFER_BYTES = 64 * 1024;

/** One COPY in its own export transaction, read chunk by chunk when the consumer asks. */
export type CopyRun = {
  /** The next bytes of CSV (CRLF line ends), or null at the end. */
  next(): Promise<Buffer | null>;
  /** Lines sent so far; at the end, PostgreSQL's own row count. */
  rows(): number;
  /** Ends the run: after the end, the transaction is closed and the connection goes back to the
   * pool; before it (a cancelled download, an error), the connection is dropped, which stops the
   * statement in PostgreSQL at its next write. Safe to call twice. */
  close(): Promise<void>;
};

export async function startCopy(source: ExportQuery, columns: number): Promise<CopyRun> {
  // One statement for the whole file: a statement timeout set for the app's role would cut a slow
  // download, so this transaction has none (it is read-only and ends with the download).
  const client = await exportTransaction(source, { statement_timeout: "0" });
  // A checked-out pg client has no 'error' listener; dropping the connection mid-COPY emits one.
  const onError = () => {};
  client.on("error", onError);
  const stream = client.query(copyTo(`COPY (${copySelect(source.query, columns)}) TO STDOUT WITH (FORMAT csv)`, { highWaterMark: COPY_BUFFER_BYTES }));
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const lines = new CrlfLines();
  let ended = false;
  let closed = false;
  return {
    async next() {
      const r = await it.next();
      if (r.done) {
        ended = !closed;
        return null;
      }
      return lines.convert(r.value);
    },
    rows: () => (ended ? stream.rowCount : lines.lines),
    async close() {
      if (closed) return;
      closed = true;
      if (ended) {
        client.off("error", onError);
        return endExportTransaction(client);
      }
      // Mid-COPY the protocol allows nothing but reading on: drop the connection instead.
      stream.destroy();
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      try {
        client.release(true);
      } catch {
        // already released by the pool's end handler (lib/prisma-client.ts releaseDeadConnections)
      }
    },
  };
}
