// Backups with PostgreSQL's own tools (pg_dump custom format, pg_restore), shared by
// `npm run ops:backup` and `npm run ops:restore-drill`. The dump is taken from an exported snapshot,
// and the row counts and the latest call outcome recorded in its manifest are read in the very same
// snapshot, so a drill can compare them exactly even while the app keeps writing.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export type Facts = {
  /** Exact row count of every table of the public schema (the programme's data). */
  rowCounts: Record<string, number>;
  /** The newest call attempt (an outcome), or null when there is none. */
  latestOutcome: { id: string; createdAt: string; disposition: string; taskId: string } | null;
  migrations: string[];
};

export type Manifest = {
  database: string;
  file: string;
  bytes: number;
  sha256: string;
  startedAt: string;
  seconds: number;
  pgDump: string;
  server: string;
  facts: Facts;
};

/** The folder of PostgreSQL's client tools: PG_BIN_DIR, else the PATH. */
function tool(name: string): string {
  return process.env.PG_BIN_DIR ? path.join(process.env.PG_BIN_DIR, name) : name;
}

function run(cmd: string, args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "inherit", "pipe"], env: { ...process.env, ...env } });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}

/** Connection arguments for the client tools: the URL without its password (PGPASSWORD instead). */
function toolConnection(url: string): { dbname: string; env: Record<string, string> } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { dbname: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}

export function describe(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** Major version of an installed client tool, e.g. 15 for "pg_dump (PostgreSQL) 15.14 (Debian ...)". */
export function toolMajor(name: "pg_dump" | "pg_restore"): { major: number; text: string } {
  const r = spawnSync(tool(name), ["--version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(`${tool(name)} was not found: install PostgreSQL's client tools (Debian: postgresql-client) or set PG_BIN_DIR.`);
  }
  const m = /(\d+)(?:\.\d+)?/.exec(r.stdout);
  return { major: Number(m?.[1]), text: r.stdout.trim() };
}

/**
 * The client tools must match the server's major version: pg_dump refuses a newer server, and a
 * dump made by a newer pg_dump may not restore into an older server. Throws a message that says
 * which versions differ and what to do.
 */
export async function checkVersions(url: string): Promise<{ client: string; server: string }> {
  const dump = toolMajor("pg_dump");
  const restore = toolMajor("pg_restore");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ v: string; n: string }>("SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n");
    const serverMajor = Math.floor(Number(rows[0]!.n) / 10000);
    if (dump.major !== serverMajor || restore.major !== serverMajor) {
      throw new Error(
        `PostgreSQL's client tools here are version ${dump.major} (${dump.text}) but the server at ${describe(url)} is ${serverMajor} (${rows[0]!.v}). ` +
          `A backup and its restore need pg_dump/pg_restore of the server's major version: point DATABASE_URL at a PostgreSQL ${dump.major} server ` +
          `(the machine's own, for example), or install the version-${serverMajor} client tools and set PG_BIN_DIR to their folder. ` +
          "The embedded PostgreSQL 17 of `npm run demo` ships no pg_dump.",
      );
    }
    return { client: dump.text, server: rows[0]!.v };
  } finally {
    await c.end();
  }
}

export async function readFacts(c: pg.ClientBase): Promise<Facts> {
  const tables = await c.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
  );
  const rowCounts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const r = await c.query<{ n: string }>(`SELECT count(*) AS n FROM public.${c.escapeIdentifier(name)}`);
    rowCounts[name] = Number(r.rows[0]!.n);
  }
  let latestOutcome: Facts["latestOutcome"] = null;
  if ("call_attempts" in rowCounts) {
    const r = await c.query<{ id: string; created_at: Date; disposition: string; task_id: string }>(
      "SELECT id, created_at, disposition::text AS disposition, task_id FROM call_attempts ORDER BY created_at DESC, id DESC LIMIT 1",
    );
    const row = r.rows[0];
    if (row) latestOutcome = { id: row.id, createdAt: row.created_at.toISOString(), disposition: row.disposition, taskId: row.task_id };
  }
  let migrations: string[] = [];
  if ("_prisma_migrations" in rowCounts) {
    const r = await c.query<{ name: string }>(
      "SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1",
    );
    migrations = r.rows.map((x) => x.name);
  }
  return { rowCounts, latestOutcome, migrations };
}

/** pg_dump -Fc of `url` into `file`, with the facts read in the dump's own snapshot. */
export async function backup(url: string, file: string): Promise<Manifest> {
  const versions = await checkVersions(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const started = Date.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const snap = await c.query<{ id: string }>("SELECT pg_export_snapshot() AS id");
    const facts = await readFacts(c);
    const conn = toolConnection(url);
    // The snapshot stays valid while this transaction is open: commit only after pg_dump is done.
    const r = await run(tool("pg_dump"), ["--format=custom", "--compress=6", `--snapshot=${snap.rows[0]!.id}`, `--file=${file}`, `--dbname=${conn.dbname}`], conn.env);
    await c.query("COMMIT");
    if (r.code !== 0) throw new Error(`pg_dump failed (exit code ${r.code}): ${r.stderr.trim()}`);
    const bytes = fs.statSync(file).size;
    const sha256 = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    const manifest: Manifest = {
      database: describe(url), file: path.basename(file), bytes, sha256, startedAt: new Date(started).toISOString(),
      seconds: (Date.now() - started) / 1000, pgDump: versions.client, server: versions.server, facts,
    };
    fs.writeFileSync(`${file}.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    await c.end().catch(() => {});
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

async function admin<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/** Restores a custom-format dump into a new database `name` on the server of `url`; returns its URL. */
export async function restoreInto(url: string, file: string, name: string): Promise<string> {
  await admin(url, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
  });
  const target = withDatabase(url, name);
  const conn = toolConnection(target);
  const r = await run(tool("pg_restore"), ["--no-owner", "--no-privileges", "--exit-on-error", "--jobs=2", `--dbname=${conn.dbname}`, file], conn.env);
  if (r.code !== 0) throw new Error(`pg_restore failed (exit code ${r.code}): ${r.stderr.trim()}`);
  return target;
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  await admin(url, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
}

/** Differences between the facts of a backup and those of its restore (empty: identical). */
export function compareFacts(expected: Facts, actual: Facts): string[] {
  const out: string[] = [];
  const names = new Set([...Object.keys(expected.rowCounts), ...Object.keys(actual.rowCounts)]);
  for (const t of [...names].sort()) {
    if (expected.rowCounts[t] !== actual.rowCounts[t]) out.push(`table ${t}: ${expected.rowCounts[t] ?? "missing"} rows backed up, ${actual.rowCounts[t] ?? "missing"} restored`);
  }
  if (JSON.stringify(expected.latestOutcome) !== JSON.stringify(actual.latestOutcome)) {
    out.push(`latest call outcome: backed up ${JSON.stringify(expected.latestOutcome)}, restored ${JSON.stringify(actual.latestOutcome)}`);
  }
  if (expected.migrations.join() !== actual.migrations.join()) out.push("applied migrations differ");
  return out;
}

/** A file-name-safe UTC timestamp: 20261206T101500Z. */
export function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}
