// `npm run demo`: a working eServices on a fresh machine in one command. Database (DATABASE_URL or
// an embedded PostgreSQL under .data/), migrations, demo data, production build, then `next start`.
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { buildIsFresh, keepingTsconfig } from "./lib/build";
import { demoDatabaseName, ensureDatabase, forwardSignals, interruptedBy, loadDotEnv, localBin, migrateDeploy, repoRoot, runCommand } from "./lib/database";

async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !interruptedBy()) {
    try {
      await fetch(url, { redirect: "manual" });
      return true; // any HTTP answer means the server is up
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return false;
}

async function main(): Promise<number> {
  forwardSignals();
  loadDotEnv();
  const port = process.env.PORT || "3000";
  // .env.example's NEXTAUTH_URL says port 3000; keep sign-in redirects on the port actually used.
  const authUrl = (process.env.NEXTAUTH_URL || "http://localhost:3000").replace(/^(http:\/\/localhost)(:\d+)?/, `$1:${port}`);

  const db = await ensureDatabase(demoDatabaseName(), { purpose: "demo" });
  try {
    await migrateDeploy(db.url);
    if (fs.existsSync(path.join(repoRoot, "prisma", "seed.ts"))) {
      const code = await runCommand(localBin("tsx"), ["prisma/seed.ts"], { DATABASE_URL: db.url });
      if (code !== 0) throw new Error(`Seeding the demo data failed (exit code ${code})`);
    } else {
      console.warn("prisma/seed.ts does not exist yet: starting without demo data.");
    }
    if (process.env.DEMO_REBUILD !== "1" && buildIsFresh(process.env.NEXT_DIST_DIR || ".next")) {
      console.log("The .next build is newer than the sources: not rebuilding (DEMO_REBUILD=1 forces it).");
    } else {
      const code = await keepingTsconfig(() => runCommand(localBin("next"), ["build"], { DATABASE_URL: db.url }));
      if (code !== 0) throw new Error(`next build failed (exit code ${code})`);
    }
    if (interruptedBy()) return 130;

    const env = { ...process.env, DATABASE_URL: db.url, NEXTAUTH_URL: authUrl, PORT: port };
    const server = spawn(localBin("next"), ["start", "-p", port], { cwd: repoRoot, stdio: "inherit", env });
    // forwardSignals() only knows runCommand's children: pass signals to the server ourselves.
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => server.kill(sig));
    const exited = new Promise<number>((resolve) => server.on("close", (code) => resolve(code ?? 0)));
    void waitForHttp(`http://localhost:${port}/login`, 120_000).then((up) => {
      if (up) console.log(`\neServices is running on http://localhost:${port} - demo logins are in README.md\n`);
    });
    return await exited;
  } finally {
    await db.stop(); // the embedded database lives exactly as long as the server
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
