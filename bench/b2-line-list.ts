// B2: the de-identified line list of every client (performance.md), against
// `psql -c "\copy (same SELECT) to stdout csv"` in the same run.
//
// App: lineListFile (lib/reports/exports.ts) as an administrator, CSV: the server-side cursor, the
// keyed-hash ids, the formula guard and the shared CSV writer, its Response body read to the end
// as a browser would (the bytes counted, not kept). NOT yet through HTTP on `next start` (the issue
// asks for the route; the route adds the wrapper and the socket - see docs/bench.md). The audit row
// goes to the bench database like any export.
// Memory: peak RSS of this process while exporting 100k rows (a site filter would change the
// statement: a LIMIT-free run over the first 100k rows read is used instead, by stopping the read)
// and while exporting all of them; the growth between the two must stay under 50 MB.
import { spawn } from "node:child_process";
import type { Actor } from "@/lib/authz";
import { lineListFile, lineListSql } from "@/lib/reports/exports";
import { resolveFilters } from "@/lib/reports/schemas";
import { formatMs, type Benchmark } from "./lib";

const KEY = "bench-pseudonym-key-0123456789abcdef";

async function drain(body: ReadableStream<Uint8Array>, stopAfterBytes = Infinity): Promise<number> {
  const reader = body.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
    if (bytes >= stopAfterBytes) {
      await reader.cancel();
      return bytes;
    }
  }
}

function psqlCopy(url: string, sql: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.env.PSQL ?? "psql", [url, "-X", "-q", "-c", `\\copy (${sql}) to stdout csv`], { stdio: ["ignore", "pipe", "inherit"] });
    let bytes = 0;
    child.stdout.on("data", (d: Buffer) => (bytes += d.length));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve({ ms: performance.now() - t, bytes }) : reject(new Error(`psql exited with ${code}`))));
  });
}

/** Runs f while sampling this process's RSS every 20 ms; returns f's time and the peak. */
async function withPeakRss<T>(f: () => Promise<T>): Promise<{ value: T; ms: number; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t = performance.now();
  try {
    const value = await f();
    return { value, ms: performance.now() - t, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

export const B2: Benchmark = {
  id: "B2",
  name: "B2 line-list export (function, not yet HTTP)",
  target: "<= 1.3x; peak RSS growth < 50 MB from 100k to 1M rows",
  async run(ctx) {
    const db = await ctx.prisma();
    const admin: Actor = { userId: "00000000-0000-4000-8000-000000000000", sessionId: "bench", name: "bench", role: "ADMIN", siteIds: [], countryId: null, locale: "en" };
    const today = ctx.plan.anchor;
    const filters = resolveFilters({ period: "range", from: "1900-01-01", to: today }, today);
    const req = { format: "csv" as const, filters, today, ctx: { actorId: null } };
    const exportOnce = async (stopAfterBytes?: number) => {
      const res = await lineListFile({ read: db, write: db }, admin, req, KEY);
      return drain(res.body!, stopAfterBytes);
    };
    // The same SELECT for psql, with its parameters written in (they are the server's own values).
    const q = lineListSql(admin, filters, today);
    const literal = (v: unknown) => (v === null ? "NULL" : `'${String(v).replace(/'/g, "''")}'`);
    const sql = q.text.replace(/\$(\d+)/g, (_m, n: string) => literal(q.values[Number(n) - 1]));

    await exportOnce(1_000_000); // warm-up: plan, connections
    const full = await withPeakRss(() => exportOnce());
    const rowsApprox = ctx.plan.clients;
    const small = await withPeakRss(() => exportOnce(Math.floor((full.value * 100_000) / Math.max(rowsApprox, 100_000))));
    const copy = await psqlCopy(ctx.databaseUrl, sql);
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
    ctx.log(`  app ${mb(full.value)} in ${formatMs(full.ms)}; psql \\copy ${mb(copy.bytes)} in ${formatMs(copy.ms)}`);
    return {
      app: full.ms,
      baseline: copy.ms,
      show: {
        app: `${formatMs(full.ms)} (${mb(full.value)}; peak RSS ${mb(small.peak)} at ~100k rows, ${mb(full.peak)} at ${rowsApprox.toLocaleString("en-US")}: +${mb(full.peak - small.peak)})`,
        baseline: `${formatMs(copy.ms)} (${mb(copy.bytes)})`,
      },
    };
  },
};
