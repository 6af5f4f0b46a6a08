// Builds a Prisma client over the pg driver adapter. Used by lib/db.ts (the app's one client) and by
// scripts (seed, synthetic data, benchmarks) that run outside Next.js and cannot import `server-only`.
//
// The client runs on a pg pool made here, so the few hot reads that every Mentor Mother triggers
// all day (the queue: benchmark B3) can run on the same connections as ONE named prepared
// statement (preparedQuery): Prisma 6.19's query compiler costs milliseconds of CPU per call and
// its adapter sends unnamed statements that PostgreSQL plans every time (decision 008).
import { createHash } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";

// On globalThis: Next.js may bundle this module into several server chunks, and a client made in one
// (lib/db.ts keeps it on globalThis) must find its pool from the others (exports read through it).
const globalPools = globalThis as unknown as { prismaPools?: WeakMap<object, pg.Pool> };
const pools = (globalPools.prismaPools ??= new WeakMap<object, pg.Pool>());

export function createPrisma(connectionString: string, max = 10): PrismaClient {
  const pool = new pg.Pool({ connectionString, max });
  releaseDeadConnections(pool);
  // $disconnect ends the pool too.
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

/**
 * A connection lost inside a transaction (the server restarted, a proxy cut it) would otherwise be
 * lost to the pool for good: Prisma's adapter releases a transaction's client only after its
 * ROLLBACK succeeds, which it never does on a dead connection - after `max` such faults every
 * request would wait forever. A checked-out client whose connection ends is destroyed here instead.
 */
function releaseDeadConnections(pool: pg.Pool): void {
  const out = new WeakSet<pg.PoolClient>();
  pool.on("acquire", (c) => out.add(c));
  pool.on("release", (_err, c) => out.delete(c));
  pool.on("connect", (c) => {
    (c as pg.PoolClient).once("end", () => {
      const client = c as pg.PoolClient;
      if (!out.has(client)) return;
      out.delete(client);
      client.release(true);
    });
  });
}

/** The pg pool under a client made by createPrisma (for the pool-use metrics). */
export function poolOf(db: object): pg.Pool | undefined {
  return pools.get(db);
}

/** Statement names by name and text: hashed once, not on every call (B4 calls this per request). */
const preparedNames = new Map<string, string>();

/**
 * Runs `query` (built with Prisma.sql, so it is parameterised) as a named prepared statement on the
 * client's pool: planned once per connection, no Prisma compilation. The statement is named after
 * `name` and a hash of its text, so an edited query never meets its old plan (pg refuses one name
 * with two texts on a connection). Rows come as pg parses them - cast `date` columns to text in the
 * SQL (pg would read them as local midnight). A client not made by createPrisma (a transaction)
 * falls back to $queryRaw with the same SQL.
 */
export async function preparedQuery<T>(db: object, name: string, query: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool) return (db as PrismaClient).$queryRaw<T[]>(query);
  const text = query.text;
  const key = `${name}\0${text}`;
  let full = preparedNames.get(key);
  if (!full) {
    full = `${name}:${createHash("sha1").update(text).digest("hex").slice(0, 12)}`;
    if (preparedNames.size >= 1000) preparedNames.clear();
    preparedNames.set(key, full);
  }
  const res = await pool.query({ name: full, text, values: query.values as unknown[] });
  return res.rows as T[];
}

/**
 * Runs `query` (Prisma.sql) on the client's pool as an unnamed statement: no Prisma compilation,
 * and PostgreSQL plans it for these values every time - for statements whose best plan depends on
 * the values (a search pattern), where a prepared statement's generic plan could be a bad one.
 * Falls back to $queryRaw like preparedQuery.
 */
export async function plainQuery<T>(db: object, query: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool) return (db as PrismaClient).$queryRaw<T[]>(query);
  const res = await pool.query(query.text, query.values as unknown[]);
  return res.rows as T[];
}

export type { PrismaClient };
