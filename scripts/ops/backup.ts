// `npm run ops:backup -- [--dir DIR] [--keep N]`: a pg_dump (custom format) of the database every
// command resolves to (DATABASE_URL), with a manifest (<file>.json: size, sha256, exact row counts
// and the latest call outcome, read in the dump's own snapshot). Keeps the newest N backups of that
// database in DIR (default .data/backups, keep 7). Exit codes: 0 done, 2 bad input or versions, 1 error.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { repoRoot, resolveDatabase } from "../lib/database";
import { backup, stamp } from "./backup-lib";

const USAGE = "Usage: npm run ops:backup -- [--dir DIR] [--keep N]";

async function main(): Promise<number> {
  let values: { dir?: string; keep?: string };
  try {
    ({ values } = parseArgs({ args: process.argv.slice(2), options: { dir: { type: "string" }, keep: { type: "string" } }, strict: true }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const keep = Number(values.keep ?? 7);
  if (!Number.isInteger(keep) || keep < 1) {
    console.error(`--keep must be a whole number of at least 1\n${USAGE}`);
    return 2;
  }
  const dir = path.resolve(values.dir ?? path.join(repoRoot, ".data", "backups"));
  const database = await resolveDatabase("ops:backup");
  try {
    const dbName = decodeURIComponent(new URL(database.url).pathname.slice(1));
    const file = path.join(dir, `eservices-${dbName}-${stamp()}.dump`);
    const m = await backup(database.url, file);
    const rows = Object.values(m.facts.rowCounts).reduce((a, b) => a + b, 0);
    console.log(`Backup ${file}: ${(m.bytes / 1e6).toFixed(1)} MB, ${rows} rows in ${Object.keys(m.facts.rowCounts).length} tables, ${m.seconds.toFixed(1)} s (sha256 ${m.sha256.slice(0, 16)}...).`);
    // Retention: the newest `keep` dumps of this database stay.
    const mine = fs.readdirSync(dir).filter((f) => f.startsWith(`eservices-${dbName}-`) && f.endsWith(".dump")).sort().reverse();
    for (const old of mine.slice(keep)) {
      fs.rmSync(path.join(dir, old), { force: true });
      fs.rmSync(path.join(dir, `${old}.json`), { force: true });
      console.log(`Removed old backup ${old}.`);
    }
    return 0;
  } catch (err) {
    console.error((err as Error).message);
    return /client tools|not found/.test((err as Error).message) ? 2 : 1;
  } finally {
    await database.stop();
  }
}

main().then((code) => process.exit(code));
