// `npm run ops:restore-drill -- [--dir DIR] [--keep-database] [--allow-empty]`: proves that a
// backup restores. Backs up the database every command resolves to (DATABASE_URL), restores the
// dump into a new database on the same server, and compares the exact row count of every table and
// the latest call outcome with what the backup's own snapshot held. The restored database is
// dropped afterwards (--keep-database keeps it). Refuses a source with no call outcome at all
// (nothing to compare) unless --allow-empty. CI runs it after `npm test` (.ci/run).
// Exit codes: 0 passed, 2 bad input or mismatched tool versions, 1 failed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { resolveDatabase } from "../lib/database";
import { backup, compareFacts, dropDatabase, readFacts, restoreInto, stamp } from "./backup-lib";

const USAGE = "Usage: npm run ops:restore-drill -- [--dir DIR] [--keep-database] [--allow-empty]";

async function main(): Promise<number> {
  let values: { dir?: string; "keep-database"?: boolean; "allow-empty"?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { dir: { type: "string" }, "keep-database": { type: "boolean" }, "allow-empty": { type: "boolean" } },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const database = await resolveDatabase("ops:restore-drill");
  const source = decodeURIComponent(new URL(database.url).pathname.slice(1));
  const target = `${source}_restore_drill_${stamp().toLowerCase()}`.slice(0, 63);
  const dir = path.resolve(values.dir ?? path.join(os.tmpdir(), "eservices-restore-drill"));
  let restored = false;
  const file = path.join(dir, `eservices-${source}-${stamp()}.dump`);
  try {
    const t0 = Date.now();
    const m = await backup(database.url, file);
    const rows = Object.values(m.facts.rowCounts).reduce((a, b) => a + b, 0);
    console.log(`1. Backup of ${m.database}: ${file} (${(m.bytes / 1e6).toFixed(1)} MB, ${rows} rows in ${Object.keys(m.facts.rowCounts).length} tables) in ${m.seconds.toFixed(1)} s; ${m.pgDump}, server ${m.server}.`);
    if (!m.facts.latestOutcome && !values["allow-empty"]) {
      console.error("The source database holds no call outcome, so the drill has nothing to compare it by. Run it on a database with data, or pass --allow-empty.");
      return 1;
    }
    const t1 = Date.now();
    const url = await restoreInto(database.url, file, target);
    restored = true;
    console.log(`2. Restored into the new database ${target} in ${((Date.now() - t1) / 1000).toFixed(1)} s.`);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    let after;
    try {
      after = await readFacts(c);
    } finally {
      await c.end();
    }
    const diffs = compareFacts(m.facts, after);
    if (diffs.length) {
      console.error(`3. MISMATCH between the backup and its restore:\n${diffs.map((d) => `   - ${d}`).join("\n")}`);
      return 1;
    }
    const o = m.facts.latestOutcome;
    console.log(`3. Compared: ${Object.keys(after.rowCounts).length} tables, ${rows} rows, the same count in every table; ` +
      `${after.migrations.length} migrations; latest call outcome ${o ? `${o.id} (${o.disposition}, ${o.createdAt})` : "none (--allow-empty)"} identical.`);
    console.log(`Restore drill passed in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
    return 0;
  } catch (err) {
    console.error((err as Error).message);
    return /client tools|not found/.test((err as Error).message) ? 2 : 1;
  } finally {
    if (restored && !values["keep-database"]) await dropDatabase(database.url, target).catch(() => {});
    else if (restored) console.log(`Kept the restored database ${target} (--keep-database).`);
    // A drill's dump in the temporary folder is not a backup to keep (--dir keeps it).
    if (!values.dir) for (const f of [file, `${file}.json`]) fs.rmSync(f, { force: true });
    await database.stop();
  }
}

main().then((code) => process.exit(code));
