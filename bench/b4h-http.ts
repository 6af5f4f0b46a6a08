// B4H: recording call outcomes through HTTP on `next start` (performance.md), the way the call
// screen sends them: a real session cookie (next-auth's JWT around a user_sessions row), 10 in
// flight, the same inputs as B4.
//
// Setup (not timed): the production build in .next (rebuilt when a source file is newer than it), `next start` on a free port against the bench
// database, the bench day of B4_SITES synthetic sites (bench/calls-day.ts), a session and its
// cookie (next-auth's encode with the server's NEXTAUTH_SECRET) per Mentor Mother.
// Measured, each way: B4H_WARMUP outcomes, then B4H_COUNT outcomes at B4H_IN_FLIGHT at once, with
// fresh idempotency keys, on distinct open tasks:
//   route   POST /api/queue/outcomes (app/api/queue/outcomes/route.ts), JSON body
//   action  the server action recordOutcomeAction (its id from the build's server-reference-manifest),
//           as the browser posts it
// Printed: outcomes/s, p95 and the server's CPU per outcome (user + system time of the server's
// process group from /proc, over the measured outcomes). No baseline: B4 has the raw INSERT one.
// Every outcome must be answered ok. Everything written is removed afterwards.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { encode } from "next-auth/jwt";
import type { OutcomeInput } from "@/lib/calls/record-schemas";
import { formatMs, repoRoot, type Benchmark } from "./lib";
import { loadTest, percentile, withCallDay } from "./calls-day";
import { b4Input, openTasks, B4_SITES } from "./b4-record";

export const B4H_WARMUP = 100;
export const B4H_COUNT = 1500;
export const B4H_IN_FLIGHT = 10;
/** The default build folder: another one would make `next build` add it to tsconfig.json. */
const DIST = ".next";
const SOURCES = ["app", "lib", "components", "messages", "i18n", "proxy.ts", "next.config.js", "package.json", "instrumentation.ts"];

function newest(p: string): number {
  const full = path.join(repoRoot, p);
  if (!fs.existsSync(full)) return 0;
  const st = fs.statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of fs.readdirSync(full)) max = Math.max(max, newest(path.join(p, e)));
  return max;
}

/** Builds into .next when a source file is newer than its last build. */
export function ensureBuild(log: (line: string) => void): void {
  const id = path.join(repoRoot, DIST, "BUILD_ID");
  const built = fs.existsSync(id) ? fs.statSync(id).mtimeMs : 0;
  if (built > Math.max(...SOURCES.map(newest))) return;
  log("  building (next build) ...");
  const r = spawnSync(path.join(repoRoot, "node_modules", ".bin", "next"), ["build"], {
    cwd: repoRoot, stdio: ["ignore", process.stderr, process.stderr], env: { ...process.env, NEXT_DIST_DIR: DIST },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit code ${r.status})`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system, ms) of every process in the process group `pgid`, from /proc. */
export function groupCpuMs(pgid: number): number {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let total = 0;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    // Fields after the command name (which may contain spaces): state ppid pgrp ... utime(14) stime(15).
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(f[2]) !== pgid) continue;
    total += (Number(f[11]) + Number(f[12])) * tick;
  }
  return total;
}

function actionId(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, DIST, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const hit = Object.entries(manifest.node).find(([, v]) => v.exportedName === "recordOutcomeAction" && (v.filename ?? "").includes("lib/calls/record-actions"));
  if (!hit) throw new Error("recordOutcomeAction is not in the build's server-reference-manifest.json");
  return hit[0];
}

export async function startServer(databaseUrl: string, port: number, secret: string, log: (line: string) => void): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: DIST, PORT: String(port), DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "10", NEXTAUTH_URL: `http://127.0.0.1:${port}`, NEXTAUTH_SECRET: secret, LOG_LEVEL: "error", TRUST_PROXY: "false",
  };
  delete env.DATABASE_REPLICA_URL;
  // B4H_CPU_PROF=<folder>: the server writes a V8 CPU profile there when it stops (node --cpu-prof).
  const prof = process.env.B4H_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.B4H_CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...prof, path.join(repoRoot, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: repoRoot,
    detached: true, // its own process group: its CPU is read from /proc, and it is stopped as a whole
    stdio: ["ignore", "ignore", process.stderr],
    env,
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (code ${child.exitCode})`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("next start did not answer /api/health within 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`  next start on port ${port} (pid ${child.pid})`);
  return child;
}

type Way = "route" | "action";
type Stats = { perSecond: number; p50: number; p95: number; cpuMs: number };

export const B4H: Benchmark = {
  id: "B4H",
  name: "B4H record outcomes over HTTP",
  target: ">= 150 outcomes/s per Node process, 10 in flight; server CPU per outcome",
  async run(ctx) {
    ensureBuild(ctx.log);
    const action = actionId();
    const secret = crypto.randomBytes(32).toString("base64url");
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(ctx.databaseUrl, port, secret, ctx.log);
    const pgid = server.pid!;
    try {
      return await withCallDay(ctx, B4_SITES, async ({ day, siteIds, signIn, willReach }) => {
        const work = await openTasks(ctx, day, siteIds, 2 * (B4H_WARMUP + B4H_COUNT), "B4H");
        const cookies = new Map<string, string>();
        for (const m of [...new Set(work.map((w) => w.mentorId))]) {
          const actor = await signIn(m);
          const token = await encode({ token: { sub: m, sid: actor.sessionId }, secret, maxAge: 3600 });
          cookies.set(m, `next-auth.session-token=${token}`);
        }
        const inputs: OutcomeInput[] = work.map((w, i) => b4Input(ctx.plan.seed, i, w.taskId));
        await willReach(work.filter((_, i) => inputs[i]!.disposition === "REACHED").map((w) => w.clientId));
        ctx.log(`  ${work.length} open tasks of ${cookies.size} Mentor Mothers on ${day}`);

        const failures = new Map<string, number>();
        const send = async (way: Way, i: number): Promise<void> => {
          const cookie = cookies.get(work[i]!.mentorId)!;
          const res = way === "route"
            ? await fetch(`${base}/api/queue/outcomes`, {
                method: "POST", body: JSON.stringify(inputs[i]),
                headers: { cookie, origin: base, "content-type": "application/json" },
              })
            : await fetch(`${base}/queue`, {
                method: "POST", body: JSON.stringify([inputs[i]]),
                headers: { cookie, origin: base, "next-action": action, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" },
              });
          const text = await res.text();
          if (!/"ok":true/.test(text)) {
            const why = `${way} HTTP ${res.status} ${/"message":"(\w+)"/.exec(text)?.[1] ?? text.slice(0, 60)}`;
            failures.set(why, (failures.get(why) ?? 0) + 1);
          }
        };
        const measure = async (way: Way, from: number): Promise<Stats> => {
          await loadTest(B4H_IN_FLIGHT, B4H_WARMUP, (i) => send(way, from + i));
          const cpu0 = groupCpuMs(pgid);
          const r = await loadTest(B4H_IN_FLIGHT, B4H_COUNT, (i) => send(way, from + B4H_WARMUP + i));
          const cpuMs = (groupCpuMs(pgid) - cpu0) / B4H_COUNT;
          return { perSecond: (B4H_COUNT / r.wallMs) * 1000, p50: percentile(r.latencies, 50), p95: percentile(r.latencies, 95), cpuMs };
        };
        const describe = (s: Stats) =>
          `${Math.round(s.perSecond)} outcomes/s, p95 ${formatMs(s.p95)} (p50 ${formatMs(s.p50)}), server CPU ${s.cpuMs.toFixed(1)} ms/outcome`;
        const route = await measure("route", 0);
        ctx.log(`  route handler (POST /api/queue/outcomes, ${B4H_IN_FLIGHT} in flight): ${describe(route)}`);
        // B4H_ROUTE_ONLY=1: the route alone (while profiling it), the action not measured.
        const act = process.env.B4H_ROUTE_ONLY ? null : await measure("action", B4H_WARMUP + B4H_COUNT);
        if (act) ctx.log(`  server action (recordOutcomeAction, ${B4H_IN_FLIGHT} in flight): ${describe(act)}`);
        if (failures.size) throw new Error(`recordings failed: ${[...failures].map(([k, n]) => `${k} x${n}`).join(", ")}`);
        return {
          app: route.perSecond,
          baseline: NaN,
          show: { app: `route ${describe(route)}; action ${act ? describe(act) : "not measured (B4H_ROUTE_ONLY)"}` },
        };
      });
    } finally {
      try {
        process.kill(-pgid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  },
};
