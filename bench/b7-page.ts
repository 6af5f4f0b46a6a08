// B7: the queue page's first load on a throttled 3G profile in Chromium (performance.md): the
// JavaScript the page loads (bytes on the wire, gzipped) and the time until it is usable, against
// the floor (below).
//
// Setup (not timed): a scratch database with the demo data (prisma/seed.ts), today made a working
// day for the demo sites if it is not one (weekend or holiday: no list, nothing to measure), the
// production build (`next build` into NEXT_DIST_DIR, default .next-bench; B7_REUSE_BUILD=1 reuses
// a build already there), `next start` on B7_PORT (default 3390), Chromium (/usr/bin/chromium, or
// CHROMIUM_PATH) with a 360x740 phone viewport, signed in as the demo Mentor Mother mentor01, who
// opens /queue once unthrottled (today's list is generated on a site's first visit of the day; that
// is not the load measured).
// Measured, B7_LOADS times (default 3), each in a fresh page with the HTTP cache cleared and
// disabled (a cold cache; the session cookie stays): DevTools' "3G" preset (formerly "Fast 3G":
// 1.44 Mbit/s down, 675 kbit/s up, 562.5 ms round trip) and the CPU slowed 4x (a cheap Android
// phone, as Lighthouse's mobile profile does; B7_CPU_SLOWDOWN changes it), then /queue:
// - JS: the sum of encodedDataLength (CDP Network.loadingFinished: bytes on the wire, headers
//   included) of every response of type Script until the network has been quiet for 1 s after
//   the page became usable;
// - usable: from navigation start until the first "Next call" button or task link is visible AND
//   hydrated (React has attached its fiber to the element: its handlers work).
// The line shows the largest JS total, the median usable time and the median time the control was
// first shown (server-rendered: its link or form post already works then, without JavaScript).
// Baseline: the floor - before each queue load, the same measure on a page with nothing but the
// framework (an unknown address: the root layout's not-found page, its one link home hydrated), so
// the ratio says how far the queue is from what this framework allows on the machine's load of the
// moment.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { chromium, type Browser, type CDPSession, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "@/prisma/demo-accounts";
import { formatMs, repoRoot, type Benchmark } from "./lib";
import { keepingTsconfig } from "@/scripts/lib/build";

/** Chrome DevTools' "3G" (formerly "Fast 3G") network preset. */
export const NETWORK_3G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1000 * 1000) / 8 * 0.9, uploadThroughput: (750 * 1000) / 8 * 0.9 };
export const CPU_SLOWDOWN = Number(process.env.B7_CPU_SLOWDOWN || 4);
const USABLE = '[data-testid="next-call"], [data-testid="queue-task-link"], main a[href^="/queue/"]';
/** The floor: a page with nothing but the same framework (an unknown address: the root layout and
 * its not-found page, one link home), measured the same way in the same run. */
const FLOOR_PATH = "/b7-floor-not-a-page";
const FLOOR_USABLE = 'main a[href="/"]';

function run(cmd: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: ["ignore", process.stderr, process.stderr], env: { ...process.env, ...env } });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} failed (exit code ${code})`))));
  });
}

async function build(distDir: string, env: Record<string, string>): Promise<void> {
  await keepingTsconfig(() => run("npx", ["--no", "--", "next", "build"], env));
  if (!fs.existsSync(path.join(repoRoot, distDir, "BUILD_ID"))) throw new Error("next build left no BUILD_ID");
}

async function startServer(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn("npx", ["--no", "--", "next", "start", "-p", String(port)], {
    cwd: repoRoot, stdio: ["ignore", "ignore", process.stderr], env: { ...process.env, ...env }, detached: true,
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://localhost:${port}/login`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stopServer(child);
  throw new Error(`next start did not answer on port ${port} within 60 s`);
}

function stopServer(child: ChildProcess): void {
  // Its own process group (detached): npx and the next-server it starts.
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // gone already
    }
  }
}

/** Today a working day for every demo site and Mentor Mother (a weekend or holiday has no list). */
async function makeTodayWorking(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`UPDATE countries SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{weekendDays}', '[]'::jsonb)`);
    await c.query("UPDATE mentor_profiles SET working_days = '{1,2,3,4,5,6,7}'");
    await c.query("DELETE FROM public_holidays WHERE date BETWEEN current_date - 1 AND current_date + 1");
    await c.query("DELETE FROM mentor_leaves");
  } finally {
    await c.end();
  }
}

type Load = {
  jsBytes: number; scripts: number; uncompressed: string[]; biggest: string[]; htmlBytes: number; usableMs: number;
  /** Navigation timing (ms from navigation start): first byte and last byte of the HTML, DOMContentLoaded, the control in the DOM. */
  ttfb: number; html: number; dcl: number; shown: number;
};

async function measureLoad(
  browser: Browser, storage: Awaited<ReturnType<Awaited<ReturnType<Browser["newContext"]>>["storageState"]>>, baseURL: string,
  target: { path: string; usable: string } = { path: "/queue", usable: USABLE },
): Promise<Load> {
  const context = await browser.newContext({ baseURL, storageState: storage, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  try {
    const page: Page = await context.newPage();
    const cdp: CDPSession = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.clearBrowserCache");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", NETWORK_3G);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    const types = new Map<string, { type: string; encoding: string; url: string }>();
    const loads = { js: 0, scripts: 0, uncompressed: [] as string[], html: 0, sizes: [] as [string, number][] };
    let lastActivity = Date.now();
    cdp.on("Network.requestWillBeSent", () => { lastActivity = Date.now(); });
    cdp.on("Network.responseReceived", (e) => {
      const enc = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === "content-encoding")?.[1] ?? "";
      types.set(e.requestId, { type: e.type, encoding: String(enc), url: e.response.url });
    });
    cdp.on("Network.loadingFinished", (e) => {
      lastActivity = Date.now();
      const t = types.get(e.requestId);
      if (t?.type === "Script") {
        loads.js += e.encodedDataLength;
        loads.scripts++;
        loads.sizes.push([t.url.replace(/^.*\//, ""), e.encodedDataLength]);
        if (!t.encoding) loads.uncompressed.push(`${t.url.replace(/^.*\//, "")} ${(e.encodedDataLength / 1024).toFixed(1)} KB`);
      } else if (t?.type === "Document") {
        loads.html += e.encodedDataLength;
      }
    });
    await page.goto(target.path, { waitUntil: "commit", timeout: 60_000 });
    const seen = await page.waitForFunction((sel) => {
      const w = window as unknown as { __b7Shown?: number };
      for (const el of Array.from(document.querySelectorAll(sel))) {
        const r = (el as HTMLElement).getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        w.__b7Shown ??= performance.now();
        if (Object.keys(el).some((k) => k.startsWith("__reactFiber$"))) return { usable: performance.now(), shown: w.__b7Shown };
      }
      return false;
    }, target.usable, { polling: 50, timeout: 60_000 }).then((h) => h.jsonValue() as Promise<{ usable: number; shown: number }>);
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      return { ttfb: n?.responseStart ?? NaN, html: n?.responseEnd ?? NaN, dcl: n?.domContentLoadedEventEnd ?? NaN };
    });
    if (!page.url().endsWith(target.path)) throw new Error(`${target.path} redirected to ${page.url()}`);
    // Everything the page pulls in after it became usable counts too: wait until 1 s of quiet.
    while (Date.now() - lastActivity < 1000) await new Promise((r) => setTimeout(r, 100));
    const biggest = loads.sizes.sort((a, b) => b[1] - a[1]).slice(0, 4).map(([u, n]) => `${u} ${(n / 1024).toFixed(1)} KB`);
    return { jsBytes: loads.js, scripts: loads.scripts, uncompressed: loads.uncompressed, biggest, htmlBytes: loads.html, usableMs: seen.usable, shown: seen.shown, ...nav };
  } finally {
    await context.close();
  }
}

export const B7: Benchmark = {
  id: "B7",
  name: "B7 queue page first load, 3G",
  target: "JavaScript for the page <= 200 KB gzipped; usable in <= 3 s",
  async run(ctx) {
    const distDir = process.env.NEXT_DIST_DIR || ".next-bench";
    const port = Number(process.env.B7_PORT || 3390);
    const loads = Math.max(1, Number(process.env.B7_LOADS || 3));
    const baseURL = `http://localhost:${port}`;
    const scratch = await ctx.scratchDatabase("b7");
    let server: ChildProcess | undefined;
    let browser: Browser | undefined;
    try {
      ctx.log("  B7: demo data into a scratch database ...");
      await run("npx", ["--no", "--", "tsx", "prisma/seed.ts"], { DATABASE_URL: scratch.url });
      await makeTodayWorking(scratch.url);
      const env = {
        DATABASE_URL: scratch.url, NEXT_DIST_DIR: distDir,
        NEXTAUTH_URL: baseURL, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(32).toString("hex"),
      };
      if (process.env.B7_REUSE_BUILD === "1" && fs.existsSync(path.join(repoRoot, distDir, "BUILD_ID"))) {
        ctx.log(`  B7: reusing the build in ${distDir}`);
      } else {
        ctx.log(`  B7: next build into ${distDir} ...`);
        await build(distDir, env);
      }
      server = await startServer(port, env);
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run"],
      });
      // Sign in (not measured) and open the queue once, so today's list exists.
      const signIn = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
      const page = await signIn.newPage();
      await page.goto("/login");
      await page.getByLabel("Username or phone number").fill(DEMO_USERS.mentors[0]!);
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 60_000 });
      await page.goto("/queue");
      await page.locator(USABLE).first().waitFor({ timeout: 60_000 });
      const storage = await signIn.storageState();
      await signIn.close();

      const results: Load[] = [];
      const floors: Load[] = [];
      for (let i = 0; i < loads; i++) {
        // The floor first, then the queue: the two share the machine's load of the moment.
        const f = await measureLoad(browser, storage, baseURL, { path: FLOOR_PATH, usable: FLOOR_USABLE });
        ctx.log(`  B7 floor ${i + 1}: JS ${(f.jsBytes / 1024).toFixed(1)} KB in ${f.scripts} scripts, HTML ${(f.htmlBytes / 1024).toFixed(1)} KB;` +
          ` first byte ${formatMs(f.ttfb)}, DOMContentLoaded ${formatMs(f.dcl)}, link shown ${formatMs(f.shown)}, usable (hydrated) ${formatMs(f.usableMs)}`);
        floors.push(f);
        const r = await measureLoad(browser, storage, baseURL);
        ctx.log(`  B7 load ${i + 1}: JS ${(r.jsBytes / 1024).toFixed(1)} KB in ${r.scripts} scripts` +
          `${r.uncompressed.length ? ` (not compressed: ${r.uncompressed.join(", ")})` : ""}, HTML ${(r.htmlBytes / 1024).toFixed(1)} KB;` +
          ` first byte ${formatMs(r.ttfb)}, HTML done ${formatMs(r.html)}, DOMContentLoaded ${formatMs(r.dcl)},` +
          ` control shown ${formatMs(r.shown)}, usable (hydrated) ${formatMs(r.usableMs)}`);
        if (i === 0) ctx.log(`  B7 biggest scripts: ${r.biggest.join(", ")}`);
        results.push(r);
      }
      const js = Math.max(...results.map((r) => r.jsBytes));
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const usable = median(results.map((r) => r.usableMs));
      const shown = median(results.map((r) => r.shown));
      const floor = median(floors.map((r) => r.usableMs));
      const floorJs = Math.max(...floors.map((r) => r.jsBytes));
      return {
        app: usable,
        baseline: floor,
        show: {
          app: `JS ${Math.round(js / 1024)} KB gz, usable ${formatMs(usable)} (shown ${formatMs(shown)}; 3G, CPU ${CPU_SLOWDOWN}x)`,
          baseline: `the floor (framework only, ${Math.round(floorJs / 1024)} KB gz) usable ${formatMs(floor)}`,
        },
      };
    } finally {
      await browser?.close();
      if (server) stopServer(server);
      await new Promise((r) => setTimeout(r, 500));
      await scratch.drop();
    }
  },
};
