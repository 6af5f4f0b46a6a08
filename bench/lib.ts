// The benchmark harness's shared parts: the benchmark interface, the context each benchmark gets,
// the bench database (created, migrated and filled with synthetic data on demand) and formatting.
// See docs/bench.md. Progress goes to stderr; stdout carries only the one line per benchmark.
import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import type { PrismaClient } from "@/lib/prisma-client";
import {
  SYNTHETIC_VERSION, planSynthetic, readSyntheticState, seedSynthetic, type SyntheticPlan,
} from "@/scripts/seed-synthetic";
import { describeUrl, ensureDatabase, loadEnvFile, pendingMigrations } from "@/scripts/lib/database";

export const repoRoot = path.resolve(__dirname, "..");

// ------------------------------------------------------------------------------------------------
// What a benchmark is.

/** Times in milliseconds by default; throughput-style benchmarks pass their own format (and ratio). */
export type BenchResult = {
  app: number;
  baseline: number;
  /** Formats app and baseline; default formatMs. */
  format?: (value: number) => string;
  /** Default app / baseline (how many times slower than the baseline). */
  ratio?: number;
  /** Shown instead of the formatted values, for results that are more than one number (B3, B4,
   * B7). A baseline that is not a finite number shows as "-", and so does its ratio. */
  show?: { app: string; baseline?: string };
};

export type BenchContext = {
  /** The bench database, holding synthetic data of `plan`'s size and seed. */
  databaseUrl: string;
  pool: pg.Pool;
  plan: SyntheticPlan;
  /** Progress (stderr). */
  log: (line: string) => void;
  /** A fresh, migrated, empty database for benchmarks that must write from scratch; call drop(). */
  scratchDatabase: (tag: string) => Promise<ScratchDatabase>;
  /** A Prisma client on the bench database, created on first use and closed by the harness. */
  prisma: () => Promise<PrismaClient>;
};

export type Benchmark = {
  /** Short id for --only, e.g. "B1". */
  id: string;
  /** Printed at the start of the line, e.g. "B1 call-list generation". */
  name: string;
  /** The target from performance.md, printed in brackets. */
  target: string;
  run: (ctx: BenchContext) => Promise<BenchResult>;
};

// ------------------------------------------------------------------------------------------------
// Timing and formatting.

export async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `<name>: <app time> vs <baseline time> = <ratio>x (<target>)` (performance.md). */
export function formatLine(b: Benchmark, r: BenchResult): string {
  const format = r.format ?? formatMs;
  const ratio = r.ratio ?? r.app / r.baseline;
  const noBaseline = r.show && !Number.isFinite(r.baseline);
  const shown = noBaseline ? "-" : !Number.isFinite(ratio) ? "n/a" : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2);
  const app = r.show?.app ?? format(r.app);
  const baseline = r.show?.baseline ?? (noBaseline ? "-" : format(r.baseline));
  return `${b.name}: ${app} vs ${baseline} = ${shown}x (${b.target})`;
}

// ------------------------------------------------------------------------------------------------
// Databases.

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}
const databaseName = (url: string): string => decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));

/** BENCH_DATABASE_URL, or the database eservices_bench on the server every command resolves to
 * (DATABASE_URL's, or the embedded PostgreSQL when it is unset: scripts/lib/database.ts). */
export async function benchDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  loadEnvFile();
  if (process.env.BENCH_DATABASE_URL) {
    console.error(`[bench] database ${describeUrl(process.env.BENCH_DATABASE_URL)} (BENCH_DATABASE_URL)`);
    return { url: process.env.BENCH_DATABASE_URL, stop: async () => {} };
  }
  return ensureDatabase("eservices_bench", { purpose: "bench" });
}

async function withAdmin<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  let c = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  try {
    await c.connect();
  } catch (err) {
    if ((err as { code?: string }).code !== "3D000") throw err;
    c = new pg.Client({ connectionString: withDatabase(url, "template1") }); // no "postgres" database
    await c.connect();
  }
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

async function createDatabase(url: string, opts: { template?: string; dropFirst?: boolean } = {}): Promise<boolean> {
  const name = databaseName(url);
  return withAdmin(url, async (c) => {
    if (opts.dropFirst) await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
    const exists = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount) return false;
    const template = opts.template ? ` TEMPLATE ${c.escapeIdentifier(opts.template)}` : "";
    await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}${template}`);
    return true;
  });
}

async function dropDatabase(url: string): Promise<void> {
  await withAdmin(url, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(databaseName(url))} WITH (FORCE)`));
}

/** `prisma migrate deploy`, its output on stderr. */
function migrateDeploy(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["--no", "--", "prisma", "migrate", "deploy"], {
      cwd: repoRoot, stdio: ["ignore", process.stderr, process.stderr], env: { ...process.env, DATABASE_URL: url },
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (exit code ${code})`))));
  });
}

/** Creates the database if missing and applies pending migrations. */
export async function ensureMigratedDatabase(url: string, log: (line: string) => void): Promise<void> {
  if (await createDatabase(url)) log(`Created database ${databaseName(url)}.`);
  const pending = await pendingMigrations(url);
  if (pending.length) {
    log(`Applying ${pending.length} migration(s) to ${databaseName(url)} ...`);
    await migrateDeploy(url);
  }
}

/**
 * Makes sure the bench database holds synthetic data of this size, seed and anchor date, reusing
 * what is there when it matches and replacing it otherwise. VACUUM ANALYZE afterwards (not timed):
 * benchmarks then read all-visible, hinted pages, as a long-running database would.
 */
export async function ensureSyntheticData(url: string, plan: SyntheticPlan, log: (line: string) => void): Promise<void> {
  await ensureMigratedDatabase(url, log);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const state = await readSyntheticState(c);
    if (state && state !== "partial" && state.version === SYNTHETIC_VERSION && state.clients === plan.clients &&
        state.seed === plan.seed && state.anchor === plan.anchor) {
      log(`Reusing the synthetic data in ${databaseName(url)} (${plan.clients.toLocaleString("en-US")} clients, seed ${plan.seed}, anchor ${plan.anchor}).`);
      return;
    }
  } finally {
    await c.end();
  }
  await seedSynthetic(url, { clients: plan.clients, seed: plan.seed, anchor: plan.anchor, reset: true, log });
  const t = performance.now();
  const v = new pg.Client({ connectionString: url });
  await v.connect();
  try {
    await v.query("VACUUM (ANALYZE)");
    await checkpoint(v);
  } finally {
    await v.end();
  }
  log(`  vacuum analyze, checkpoint: ${formatMs(performance.now() - t)}`);
}

/**
 * CHECKPOINT, so that the next timing does not pay for writing out what came before (a fill
 * leaves gigabytes of dirty pages behind). Needs superuser or pg_checkpoint; skipped otherwise.
 */
export async function checkpoint(db: pg.ClientBase): Promise<void> {
  await db.query("CHECKPOINT").catch((err: { code?: string }) => {
    if (err.code !== "42501") throw err;
  });
}

export type ScratchDatabase = { url: string; drop: () => Promise<void> };

/**
 * A fresh migrated database, copied from an empty migrated template (<bench db>_template, kept
 * between runs so that each scratch database costs a file copy, not a `prisma migrate deploy`).
 */
export async function scratchDatabase(benchUrl: string, tag: string, log: (line: string) => void): Promise<ScratchDatabase> {
  const base = databaseName(benchUrl);
  const templateUrl = withDatabase(benchUrl, `${base}_template`);
  await ensureMigratedDatabase(templateUrl, log);
  const url = withDatabase(benchUrl, `${base}_scratch_${tag.toLowerCase().replace(/[^a-z0-9]/g, "_")}`);
  await createDatabase(url, { template: `${base}_template`, dropFirst: true });
  return { url, drop: () => dropDatabase(url) };
}

export { planSynthetic };

/** A 32-bit hash of (i, stream, seed): deterministic choices without Math.random. */
export function hash32(i: number, stream: number, seed: number): number {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35) ^ Math.imul(seed + 7, 0x27d4eb2f);
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}
