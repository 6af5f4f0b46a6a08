// `npm run sql:types [-- --check]`: types the typed SQL (`lib/**/*.sql`, decision 025) with
// pgtyped into `*.queries.ts` next to each file. pgtyped asks a live database for the types: this
// uses the test database (TEST_DATABASE_NAME, migrated first), or the one passed as `--url`.
// With --check nothing is changed: it fails (exit 1) when a generated file is missing, stale or
// left over from a deleted .sql file - `npm test` runs it in its lint group.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDatabase, loadDotEnv, localBin, migrateDeploy, repoRoot, runCommand } from "./lib/database";

const SRC = path.join(repoRoot, "lib");

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "generated") walk(p, out);
    } else if (e.name.endsWith(".sql") || e.name.endsWith(".queries.ts")) out.push(p);
  }
  return out;
}

const generated = () => walk(SRC).filter((p) => p.endsWith(".queries.ts"));
const sources = () => walk(SRC).filter((p) => p.endsWith(".sql"));
/** The generated text without its first line (which names the .sql file by its path). */
const body = (text: string | undefined) => text?.slice(text.indexOf("\n") + 1);

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  const urlArg = args.find((a) => a.startsWith("--url="))?.slice("--url=".length);
  let url = urlArg;
  let stop = async () => {};
  if (!url) {
    loadDotEnv();
    const db = await ensureDatabase(process.env.TEST_DATABASE_NAME || "eservices_test", { purpose: "sql types" });
    stop = db.stop;
    url = db.url;
    await migrateDeploy(url);
  }
  try {
    const before = new Map(generated().map((p) => [p, fs.readFileSync(p, "utf8")]));
    let code: number;
    if (check) {
      // Generate into a scratch copy of lib/ and compare.
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sql-types-"));
      try {
        const files = sources();
        for (const f of files) {
          const to = path.join(tmp, path.relative(SRC, f));
          fs.mkdirSync(path.dirname(to), { recursive: true });
          fs.copyFileSync(f, to);
        }
        const config = path.join(tmp, "pgtyped.config.json");
        const base = JSON.parse(fs.readFileSync(path.join(repoRoot, "pgtyped.config.json"), "utf8")) as Record<string, unknown>;
        fs.writeFileSync(config, JSON.stringify({ ...base, srcDir: tmp }));
        code = await runCommand(localBin("pgtyped"), ["-c", config, "--uri", url]);
        if (code !== 0) return code;
        const stale: string[] = [];
        const expected = new Set<string>();
        for (const f of files) {
          const rel = path.relative(SRC, f).replace(/\.sql$/, ".queries.ts");
          const mine = path.join(SRC, rel);
          expected.add(mine);
          const out = path.join(tmp, rel);
          if (!fs.existsSync(out)) {
            stale.push(`${path.relative(repoRoot, f)} could not be typed (see pgtyped's output above; only /* @name X */ annotations may stand outside a statement)`);
            continue;
          }
          const fresh = fs.readFileSync(out, "utf8");
          if (body(before.get(mine)) !== body(fresh)) stale.push(path.relative(repoRoot, mine));
        }
        for (const p of before.keys()) if (!expected.has(p)) stale.push(`${path.relative(repoRoot, p)} (its .sql file is gone)`);
        if (stale.length) {
          console.error(`Generated SQL types are stale - run \`npm run sql:types\` and commit:\n  ${stale.join("\n  ")}`);
          return 1;
        }
        console.log(`SQL types up to date (${files.length} file(s)).`);
        return 0;
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }
    code = await runCommand(localBin("pgtyped"), ["-c", path.join(repoRoot, "pgtyped.config.json"), "--uri", url]);
    return code;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
