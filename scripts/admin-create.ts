// `npm run admin:create`: the first administrator of an install (or a new one-time password for a
// locked-out administrator with --reset). Asks for what is missing when run in a terminal; flags
// for automation:
//   npm run admin:create -- --username ops-admin --name "Thandi Admin" [--phone +27...] [--locale en]
//                           [--password-stdin] [--reset] [--json]
// Prints the one-time password once. It must be changed at the first sign-in; until then the
// account can open nothing else. Exit codes: 0 done, 2 bad input or refused, 1 error.
import readline from "node:readline/promises";
import { parseArgs } from "node:util";
import { createPrisma } from "@/lib/prisma-client";
import { AdminCreateError, createAdministrator } from "@/lib/ops/admin-create";
import { resolveDatabase } from "./lib/database";

const USAGE = 'Usage: npm run admin:create -- [--username NAME] [--name "Full name"] [--phone +E164] [--locale en|pt|fr] [--password-stdin] [--reset] [--json]';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        username: { type: "string" }, name: { type: "string" }, phone: { type: "string" }, locale: { type: "string" },
        "password-stdin": { type: "boolean" }, reset: { type: "boolean" }, json: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  let username = values.username as string | undefined;
  let name = values.name as string | undefined;
  const interactive = process.stdin.isTTY && !values["password-stdin"];
  if ((!username || (!name && !values.reset)) && interactive) {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    username ||= (await rl.question("Username of the administrator (e.g. ops-admin): ")).trim();
    if (!values.reset) name ||= (await rl.question("Full name: ")).trim();
    rl.close();
  }
  if (!username || (!name && !values.reset)) {
    console.error(`--username and --name are required when not run in a terminal.\n${USAGE}`);
    return 2;
  }
  const password = values["password-stdin"] ? await readStdin() : undefined;

  const database = await resolveDatabase("admin:create", { migrate: true });
  const db = createPrisma(database.url, 2);
  try {
    const r = await createAdministrator(
      db,
      { username, name: name || username, phone: values.phone as string | undefined, locale: (values.locale as "en") ?? "en" },
      { password, reset: values.reset === true },
    );
    if (values.json) {
      console.log(JSON.stringify({ username: r.username, userId: r.userId, created: r.created, oneTimePassword: password ? undefined : r.password }));
    } else {
      console.log(`${r.created ? "Created administrator" : "New one-time password for administrator"} "${r.username}".`);
      if (!password) console.log(`One-time password (shown once): ${r.password}`);
      console.log("Sign in with it: you will be asked to choose your own password before anything else.");
    }
    return 0;
  } catch (err) {
    if (err instanceof AdminCreateError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  },
);
