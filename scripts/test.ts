// `npm test`: the one command that runs the whole suite on a freshly reset eservices_test database.
// Flags --lint / --unit / --integration / --e2e run only those steps (the migration always runs).
import { ensureDatabase, forwardSignals, interruptedBy, loadDotEnv, localBin, migrateDeploy, runCommand, type Database } from "./lib/database";

type Step = { name: string; group: "lint" | "unit" | "integration" | "e2e"; run: (url: string) => Promise<number> };

// Runs the project's own CLI, like `npx <name>` but without npx in between (see localBin).
const cli = (name: string, ...args: string[]) => (env: Record<string, string>) => runCommand(localBin(name), args, env);
// architecture.md: dates must be right in UTC and in a zone that is not UTC.
const OTHER_TZ = "Africa/Nairobi";

const STEPS: Step[] = [
  // ESLint with the Next.js rules, no `any`, and the client/server import boundary (eslint.config.mjs).
  { name: "lint (eslint)", group: "lint", run: () => cli("eslint", "--max-warnings", "0", ".")({}) },
  // The typed SQL's generated files (lib/**/*.queries.ts) must match their .sql files and the schema.
  { name: "sql types (pgtyped --check)", group: "lint", run: (url) => cli("tsx", "scripts/sql-types.ts", "--check", `--url=${url}`)({}) },
  { name: "unit (TZ=UTC)", group: "unit", run: (url) => cli("jest", "--selectProjects", "unit")({ DATABASE_URL: url, TZ: "UTC" }) },
  {
    name: "integration (TZ=UTC)",
    group: "integration",
    run: (url) => cli("jest", "--selectProjects", "integration", "--runInBand")({ DATABASE_URL: url, TZ: "UTC" }),
  },
  { name: `unit (TZ=${OTHER_TZ})`, group: "unit", run: (url) => cli("jest", "--selectProjects", "unit")({ DATABASE_URL: url, TZ: OTHER_TZ }) },
  // The end-to-end specs sign in with the demo accounts (prisma/demo-accounts.ts): seed them.
  // The seed does nothing when its data is already there.
  { name: "seed demo data", group: "e2e", run: (url) => cli("tsx", "prisma/seed.ts")({ DATABASE_URL: url }) },
  // Playwright serves the production build (`next start`), so build it first, against the test db.
  { name: "next build", group: "e2e", run: (url) => cli("next", "build")({ DATABASE_URL: url }) },
  {
    name: "e2e (playwright)",
    group: "e2e",
    run: (url) => cli("playwright", "test")({ DATABASE_URL: url, E2E_PORT: process.env.E2E_PORT || "3100" }),
  },
];

type Result = { name: string; status: "pass" | "FAIL" | "not run"; seconds: number };

async function main(): Promise<number> {
  const flags = process.argv.slice(2);
  const unknown = flags.filter((f) => !["--lint", "--unit", "--integration", "--e2e"].includes(f));
  if (unknown.length) {
    console.error(`Unknown option(s): ${unknown.join(" ")}. Use --lint, --unit, --integration and/or --e2e.`);
    return 2;
  }
  const only = new Set(flags.map((f) => f.slice(2)));
  const steps = STEPS.filter((s) => only.size === 0 || only.has(s.group));

  forwardSignals();
  loadDotEnv();
  const results: Result[] = [];
  let db: Database | undefined;
  try {
    let t = Date.now();
    try {
      // TEST_DATABASE_NAME lets parallel runs (several checkouts, CI jobs) share one server.
      db = await ensureDatabase(process.env.TEST_DATABASE_NAME || "eservices_test", { reset: true, purpose: "test" });
      await migrateDeploy(db.url);
      results.push({ name: "database + migrate", status: "pass", seconds: since(t) });
    } catch (err) {
      console.error(err instanceof Error ? err.message : err);
      results.push({ name: "database + migrate", status: "FAIL", seconds: since(t) });
    }
    for (const step of steps) {
      if (results.some((r) => r.status === "FAIL") || interruptedBy()) {
        results.push({ name: step.name, status: "not run", seconds: 0 });
        continue;
      }
      console.log(`\n=== ${step.name} ===`);
      t = Date.now();
      const code = await step.run(db!.url);
      results.push({ name: step.name, status: code === 0 ? "pass" : "FAIL", seconds: since(t) });
    }
  } finally {
    await db?.stop();
  }

  console.log("\nSummary:");
  for (const r of results) console.log(`  ${r.status.padEnd(7)} ${r.name.padEnd(28)} ${r.seconds.toFixed(1)} s`);
  const failed = results.some((r) => r.status !== "pass");
  if (interruptedBy()) console.log(`Interrupted by ${interruptedBy()}.`);
  return failed ? 1 : 0;
}

function since(t: number): number {
  return (Date.now() - t) / 1000;
}

// Exit explicitly: the exit code must not depend on whatever still holds the event loop.
main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
