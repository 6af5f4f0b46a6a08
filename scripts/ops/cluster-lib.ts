// Process and file plumbing for `npm run cluster` (scripts/ops/cluster.ts): PostgreSQL primary and
// streaming replica, PgBouncer, HAProxy, app instances and workers, all on loopback ports
// 6400-6499 with their data and logs under .data/cluster/. Every process started is recorded and
// stopped by its own pid at the end.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { repoRoot } from "../lib/database";

export const PG_BIN = process.env.PG_BIN_DIR || "/usr/lib/postgresql/15/bin";
export const ROOT = path.join(repoRoot, ".data", "cluster");
export const LOGS = path.join(ROOT, "logs");

export const PORTS = {
  haproxy: 6400,
  primary: 6401,
  replica: 6402,
  haproxyStats: 6409,
  pgbouncer: 6410,
  app1: 6421,
  app2: 6422,
  worker1Metrics: 6431,
  worker2Metrics: 6432,
} as const;

const isRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL or PgBouncer binary as the OS user "postgres" when we are root (both refuse root). */
export function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return isRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}

export function chownToPostgres(p: string): void {
  if (isRoot) spawnSync("chown", ["-R", "postgres:postgres", p], { stdio: "inherit" });
}

/** Synchronous command that must succeed; its output goes to the cluster log. */
export function must(cmd: string, args: string[], opts: { env?: Record<string, string>; log?: string } = {}): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, ...opts.env }, cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  if (opts.log) fs.appendFileSync(path.join(LOGS, opts.log), `$ ${cmd} ${args.join(" ")}\n${r.stdout ?? ""}${r.stderr ?? ""}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 6).join(" ")} failed (exit ${r.status}):\n${(r.stderr || r.stdout || "").slice(-2000)}`);
  return r.stdout;
}

export type Proc = { name: string; child: ChildProcess; exited: Promise<number> };
const procs: Proc[] = [];

/** A long-running child with its output in .data/cluster/logs/<name>.log. */
export function start(name: string, cmd: string, args: string[], env: Record<string, string> = {}): Proc {
  const out = fs.openSync(path.join(LOGS, `${name}.log`), "a");
  const child = spawn(cmd, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", out, out] });
  const exited = new Promise<number>((resolve) => child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  const p = { name, child, exited };
  procs.push(p);
  return p;
}

export async function stopProc(p: Proc, signal: NodeJS.Signals = "SIGTERM", waitMs = 15_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  const t = setTimeout(() => p.child.kill("SIGKILL"), waitMs);
  await p.exited;
  clearTimeout(t);
}

export async function stopAll(): Promise<void> {
  for (const p of [...procs].reverse()) await stopProc(p).catch(() => {});
}

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (logs in ${path.relative(repoRoot, LOGS)}/)`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function httpOk(url: string, headers: Record<string, string> = {}): Promise<boolean> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return res.ok;
}

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
