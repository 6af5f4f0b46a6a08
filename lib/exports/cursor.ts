// Rows of one SELECT, read from PostgreSQL in batches through a server-side cursor (architecture.md
// convention 7): the whole result never sits in memory, and the next batch is fetched only when
// the consumer asks for it - a slow download slows the reads down (backpressure). One read-only,
// repeatable-read transaction, so a long export sees one consistent snapshot. Rows come as arrays
// in the SELECT's column order; cast dates to text in the SQL. The CSV writer streams the same kind
// of query with COPY instead (lib/exports/copy.ts); both open their transaction here.
import type pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/prisma-client";

export const CURSOR_BATCH = 2000;

/**
 * A query an export streams: the SELECT, the client it reads through (lib/db.ts dbRead or db), and
 * transaction-local settings its SQL reads with current_setting (e.g. the pseudonym key: a secret
 * travels here, as a bind parameter, never in the statement's text).
 */
export type ExportQuery = { db: object; query: Prisma.Sql; settings?: Record<string, string> };

/** A pooled connection in the export's transaction: read-only, repeatable read, the settings set. */
export async function exportTransaction(source: ExportQuery, extra: Record<string, string> = {}): Promise<pg.PoolClient> {
  const pool = poolOf(source.db);
  if (!pool) throw new Error("export query: a client made by createPrisma is needed (lib/db.ts db or dbRead)");
  const client = await pool.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    for (const [name, value] of Object.entries({ ...source.settings, ...extra })) {
      await client.query("SELECT set_config($1, $2, true)", [name, value]);
    }
    return client;
  } catch (err) {
    client.release(err instanceof Error ? err : true);
    throw err;
  }
}

/** Ends the transaction and gives the connection back (or drops it when that fails). */
export async function endExportTransaction(client: pg.PoolClient): Promise<void> {
  try {
    await client.query("ROLLBACK");
    client.release();
  } catch (err) {
    client.release(err instanceof Error ? err : true);
  }
}

export async function* cursorRows(source: ExportQuery, batch = CURSOR_BATCH): AsyncGenerator<unknown[]> {
  const client = await exportTransaction(source);
  try {
    await client.query({ text: `DECLARE export_rows NO SCROLL CURSOR FOR ${source.query.text}`, values: source.query.values as unknown[] });
    for (;;) {
      const res = await client.query({ text: `FETCH ${batch} FROM export_rows`, rowMode: "array" });
      for (const row of res.rows as unknown[][]) yield row;
      if (res.rows.length < batch) break;
    }
  } finally {
    // Reached on the end, on an error and when the consumer stops early (a cancelled download).
    await endExportTransaction(client);
  }
}
