// Rows of one SELECT, read from PostgreSQL in batches through a server-side cursor (architecture.md
// convention 7): the whole result never sits in memory, and the next batch is fetched only when
// the consumer asks for it - a slow download slows the reads down (backpressure). One read-only,
// repeatable-read transaction, so a long export sees one consistent snapshot. Rows come as arrays
// in the SELECT's column order; cast dates to text in the SQL.
import type { Prisma } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/prisma-client";

export const CURSOR_BATCH = 2000;

export async function* cursorRows(db: object, query: Prisma.Sql, batch = CURSOR_BATCH): AsyncGenerator<unknown[]> {
  const pool = poolOf(db);
  if (!pool) throw new Error("cursorRows: a client made by createPrisma is needed (lib/db.ts db or dbRead)");
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await client.query({ text: `DECLARE export_rows NO SCROLL CURSOR FOR ${query.text}`, values: query.values as unknown[] });
    for (;;) {
      const res = await client.query({ text: `FETCH ${batch} FROM export_rows`, rowMode: "array" });
      for (const row of res.rows as unknown[][]) yield row;
      if (res.rows.length < batch) break;
    }
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    // Reached on the end, on an error and when the consumer stops early (a cancelled download).
    try {
      await client.query("ROLLBACK");
      client.release();
    } catch (err) {
      client.release(err instanceof Error ? err : true);
    }
    void failed;
  }
}
