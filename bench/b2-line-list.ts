// B2: the de-identified line list of every client (performance.md) downloaded through the HTTP
// route on `next start`, against `psql -c "\copy (same SELECT) to stdout csv"` in the same run.
//
// App: GET /api/exports/line-list?format=csv&period=range&from=<anchor - 10 y>&to=<anchor> as an
// administrator with a real session cookie (next-auth's JWT around a user_sessions row, as B4H),
// on the production build (rebuilt when a source is newer, bench/b4h-http.ts ensureBuild): the
// route wrapper, the server-side cursor, the keyed-hash ids, the formula guard, the shared CSV
// writer and the socket, the body read to the end (bytes counted, not kept).
// Memory: the server's peak RSS (VmHWM of the `next start` processes, from /proc/<pid>/status),
// each measurement in a FRESH server after the same warm-up: one server reads about the first
// 100k rows' bytes and stops (the browser cancelling), another one reads all of them; the growth
// between the two peaks must stay under 50 MB. The audit rows go to the bench database like any
// export; the bench administrator (username bench-b2-admin) is kept, its sessions removed.
// Baseline: the statement the app copies (lib/exports/copy.ts copySelect of lineListSql: keyed
// hash and formula guard in SQL), the key given to psql as a setting (PGOPTIONS) as the app gives it
// to its transaction. Also printed, not compared: the same list with the raw client id and no
// guard (the baseline before decision 045), for what the hash and the guard cost in PostgreSQL.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { encode } from "next-auth/jwt";
import type { Actor } from "@/lib/authz";
import { copySelect, inlineParameters } from "@/lib/exports/copy";
import { pseudonymSettings } from "@/lib/exports/pseudonym";
import { LINE_LIST_HEADER, lineListSql } from "@/lib/reports/exports";
import { resolveFilters } from "@/lib/reports/schemas";
import { ensureBuild, freePort, startServer } from "./b4h-http";
import { formatMs, type Benchmark, type BenchContext } from "./lib";

function psqlCopy(url: string, sql: string, settings: Record<string, string> = {}): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const options = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(" ");
    const env = { ...process.env, PGOPTIONS: `${process.env.PGOPTIONS ?? ""} ${options}`.trim() };
    const child = spawn(process.env.PSQL ?? "psql", [url, "-X", "-q", "-c", `\\copy (${sql}) to stdout csv`], { stdio: ["ignore", "pipe", "inherit"], env });
    let bytes = 0;
    child.stdout.on("data", (d: Buffer) => (bytes += d.length));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve({ ms: performance.now() - t, bytes }) : reject(new Error(`psql exited with ${code}`))));
  });
}

/** Peak resident memory (VmHWM, bytes) of the largest process in process group `pgid`. */
export function groupPeakRss(pgid: number): number {
  let peak = 0;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  return peak;
}

/** Downloads url with the cookie, reading the body to the end or until stopAfterBytes. */
async function download(url: string, cookie: string, stopAfterBytes = Infinity): Promise<{ ms: number; bytes: number; encoding: string }> {
  const t = performance.now();
  // fetch asks for gzip as browsers do; B2_ACCEPT_ENCODING=identity measures without compression.
  const res = await fetch(url, { headers: { cookie, ...(process.env.B2_ACCEPT_ENCODING ? { "accept-encoding": process.env.B2_ACCEPT_ENCODING } : {}) } });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  const reader = res.body!.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes >= stopAfterBytes) {
      await reader.cancel();
      break;
    }
  }
  return { ms: performance.now() - t, bytes, encoding: res.headers.get("content-encoding") ?? "identity" };
}

async function benchAdmin(ctx: BenchContext): Promise<{ userId: string; sessionId: string }> {
  const db = await ctx.prisma();
  const user = await db.user.upsert({
    where: { username: "bench-b2-admin" },
    create: { username: "bench-b2-admin", name: "Bench B2", role: "ADMIN", passwordHash: "!bench-no-sign-in" },
    update: {},
  });
  const session = await db.userSession.create({ data: { userId: user.id, sessionVersion: user.sessionVersion } });
  return { userId: user.id, sessionId: session.id };
}

/** One fresh `next start`: warm-up, then `f`, then the server's peak RSS; the server is stopped. */
async function inFreshServer<T>(ctx: BenchContext, secret: string, f: (base: string) => Promise<T>): Promise<{ value: T; peak: number }> {
  const port = await freePort();
  const server = await startServer(ctx.databaseUrl, port, secret, ctx.log);
  const pgid = server.pid!;
  try {
    const value = await f(`http://127.0.0.1:${port}`);
    return { value, peak: groupPeakRss(pgid) };
  } finally {
    try {
      process.kill(-pgid, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

export const B2: Benchmark = {
  id: "B2",
  name: "B2 line-list export over HTTP",
  target: "<= 1.3x; server peak RSS growth < 50 MB from 100k to 1M rows",
  async run(ctx) {
    ensureBuild(ctx.log);
    const secret = crypto.randomBytes(32).toString("base64url");
    const { userId, sessionId } = await benchAdmin(ctx);
    const cookie = `next-auth.session-token=${await encode({ token: { sub: userId, sid: sessionId }, secret, maxAge: 3600 })}`;
    const today = ctx.plan.anchor;
    // The list holds every client enrolled by `to` whatever `from` is; a range is at most 10 years.
    const from = `${Number(today.slice(0, 4)) - 10}${today.slice(4)}`;
    const path = `/api/exports/line-list?format=csv&period=range&from=${from}&to=${today}`;
    const admin: Actor = { userId, sessionId, name: "bench", role: "ADMIN", siteIds: [], countryId: null, locale: "en" };
    const q = lineListSql(admin, resolveFilters({ period: "range", from, to: today }, today), today);
    const sql = copySelect(q, LINE_LIST_HEADER.length);
    // The list as it was read before the hash and the guard moved into SQL: the client id as is.
    const plain = inlineParameters(q).replace(/^(\s*SELECT )\('P-'.*?\), l\.country/, "$1l.id, l.country");
    if (plain === inlineParameters(q)) throw new Error("B2: the line list's first column is no longer the keyed hash");
    const warm = (base: string) => download(base + path, cookie, 1_000_000);
    try {
      const full = await inFreshServer(ctx, secret, async (base) => {
        await warm(base);
        return download(base + path, cookie);
      });
      const rows = ctx.plan.clients;
      const small = await inFreshServer(ctx, secret, async (base) => {
        await warm(base);
        return download(base + path, cookie, Math.floor((full.value.bytes * 100_000) / Math.max(rows, 100_000)));
      });
      const copy = await psqlCopy(ctx.databaseUrl, sql, pseudonymSettings(crypto.randomBytes(32).toString("hex")));
      const raw = await psqlCopy(ctx.databaseUrl, plain);
      const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
      ctx.log(`  app ${mb(full.value.bytes)} (sent ${full.value.encoding}) in ${formatMs(full.value.ms)}; psql \\copy ${mb(copy.bytes)} in ${formatMs(copy.ms)}; without hash and guard ${mb(raw.bytes)} in ${formatMs(raw.ms)}`);
      return {
        app: full.value.ms,
        baseline: copy.ms,
        show: {
          app: `${formatMs(full.value.ms)} (${mb(full.value.bytes)}; server peak RSS ${mb(small.peak)} at ~100k rows, ${mb(full.peak)} at ${rows.toLocaleString("en-US")}: +${mb(full.peak - small.peak)})`,
          baseline: `${formatMs(copy.ms)} (${mb(copy.bytes)}; the raw id without hash and guard: ${formatMs(raw.ms)}, ${mb(raw.bytes)})`,
        },
      };
    } finally {
      const db = await ctx.prisma();
      await db.userSession.deleteMany({ where: { userId } });
    }
  },
};
