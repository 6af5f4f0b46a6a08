// Typed SQL (decision 025): statements live in `.sql` files next to their owner, typed by pgtyped
// into `*.queries.ts` (npm run sql:types). A statement runs on a SqlConnection, so the same typed
// statement runs inside a Prisma interactive transaction (through $queryRawUnsafe) or on a raw pg
// client of the Prisma client's own pool as a NAMED prepared statement (planned once per
// connection, no Prisma query compilation): the hot commands' raw path (rawTransaction, used by
// lib/action.ts execute when a command's `raw` part fits the input).
import { createHash } from "node:crypto";
import type pg from "pg";
import { processSQLQueryIR, type PreparedQuery } from "@pgtyped/runtime";
import { poolOf, type PrismaClient } from "@/lib/prisma-client";

/** What a pgtyped PreparedQuery runs on (its IDatabaseConnection). */
export type SqlConnection = {
  /** `name`: the statement's name when the caller knows it already (runSql). */
  query: (text: string, values: unknown[], name?: string) => Promise<{ rows: never[]; rowCount: number }>;
};

type RawCapable = { $queryRawUnsafe: <T = unknown>(query: string, ...values: unknown[]) => Promise<T> };

/** A Prisma client or interactive transaction as a SqlConnection (the statement runs in it). */
export function prismaSql(tx: RawCapable): SqlConnection {
  return {
    async query(text, values) {
      const rows = await tx.$queryRawUnsafe<never[]>(text, ...values);
      return { rows, rowCount: rows.length };
    },
  };
}

const names = new Map<string, string>();
/** A statement's name: a hash of its text (one name never meets two texts on a connection). */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `q_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/** A pg client as a SqlConnection: every statement is a named prepared statement. */
export function pgSql(client: pg.ClientBase): SqlConnection {
  return {
    async query(text, values, name) {
      const res = await client.query({ name: name ?? statementName(text), text, values });
      return { rows: res.rows as never[], rowCount: res.rowCount ?? 0 };
    },
  };
}

type QueryIR = Parameters<typeof processSQLQueryIR>[0];
type Compiled = { text: string; name: string; params: string[] } | null;
const compiled = new WeakMap<object, Compiled>();

/** A statement's text with $n placeholders and its parameters in order, worked out once (null:
 * a statement with a list or tuple expansion, whose text depends on the values). */
function compile(ir: QueryIR): Compiled {
  let c = compiled.get(ir);
  if (c !== undefined) return c;
  if (ir.params.some((p) => p.transform.type !== "scalar")) {
    c = null;
  } else {
    const { query, mapping } = processSQLQueryIR(ir);
    // Scalars only here: one $n per parameter, however often the text uses it.
    const params = (mapping as { name: string; assignedIndex: number }[]).slice().sort((a, b) => a.assignedIndex - b.assignedIndex).map((m) => m.name);
    c = { text: query, name: statementName(query), params };
  }
  compiled.set(ir, c);
  return c;
}

/** A statement's text, name and parameter order as runSql sends them (bench B4's floor issues
 * the same statements by hand). */
export function compiledStatement<P, R>(stmt: PreparedQuery<P, R>): { text: string; name: string; params: (keyof P & string)[] } {
  const c = compile((stmt as unknown as { queryIR: QueryIR }).queryIR);
  if (!c) throw new Error("a statement with a list parameter has no fixed text");
  return c as { text: string; name: string; params: (keyof P & string)[] };
}

/**
 * `stmt.run(params, sql)` without pgtyped's per-call work: the text, the parameter order and the
 * statement's name are worked out once per statement (B4 spent about 5% of its Node CPU on them,
 * docs/bench.md). Same text, same values, same rows (our statements have no `!`/`?` column hints).
 */
export async function runSql<P, R>(stmt: PreparedQuery<P, R>, params: P, sql: SqlConnection): Promise<R[]> {
  const c = compile((stmt as unknown as { queryIR: QueryIR }).queryIR);
  if (!c) return stmt.run(params, sql);
  const values = c.params.map((n) => (params as Record<string, unknown>)[n]);
  return (await sql.query(c.text, values, c.name)).rows as R[];
}

/**
 * Runs `fn` in one transaction on a connection of `db`'s own pg pool (the client must be made by
 * createPrisma). Commits when `fn` resolves, rolls back when it throws (the error goes on).
 */
export async function rawTransaction<T>(db: PrismaClient, fn: (sql: SqlConnection) => Promise<T>): Promise<T> {
  return rawClientTransaction(db, (client) => fn(pgSql(client)));
}

/**
 * rawTransaction with the pg client itself, for what a SqlConnection cannot do (COPY streams,
 * temporary tables: the client import, lib/imports/write.ts). Same commit/rollback rules.
 */
export async function rawClientTransaction<T>(db: PrismaClient, fn: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  const pool = poolOf(db);
  if (!pool) throw new Error("rawTransaction needs a Prisma client made by createPrisma");
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection cut while checked out (the server restarted, a proxy or an operator ended it):
  // pg emits "error" on the client, which must not go unhandled, and the pool's own guard
  // (releaseDeadConnections in lib/prisma-client.ts) may already have released it on "end".
  let ended = false;
  const onError = (e: Error) => {
    broken = e;
  };
  const onEnd = () => {
    ended = true;
  };
  client.on("error", onError);
  client.once("end", onEnd);
  try {
    await client.query("BEGIN");
    try {
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch((e: Error) => {
        broken = e;
      });
      throw err;
    }
  } finally {
    client.off("error", onError);
    client.off("end", onEnd);
    // A connection whose rollback failed is not given back to the pool.
    if (!ended) client.release(broken ?? undefined);
  }
}
