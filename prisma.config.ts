// Prisma 6.19 CLI running fully offline: the WebAssembly schema engine over the pg driver adapter.
// The three work-arounds below are documented in docs/decisions/002-prisma-offline.md and
// ../shared/docs/prisma-offline.md. The runtime client (lib/db.ts) needs none of them.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// The CLI does not load .env when a config file exists.
const envFile = path.join(__dirname, ".env");
if (!process.env.DATABASE_URL && fs.existsSync(envFile)) process.loadEnvFile(envFile);

// The schema keeps `url = env("DATABASE_URL")` (without it the offline CLI tries to download a query
// engine), and the CLI then prints on every command that the url is ignored in favour of the adapter
// below. That is expected here: drop exactly that notice (one stdout write) and nothing else.
const IGNORED_URL_NOTICE = /^\s*WARNING: Your schema specifies the following datasource properties but you are using a Driver Adapter via prisma\.config\.ts:\s*- url\s*The values from your schema will NOT be used!/;
const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
  if (typeof chunk === "string" && IGNORED_URL_NOTICE.test(chunk)) return true;
  return (writeStdout as (...a: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;

// Postgres catalog types the adapter cannot deserialise (Prisma issue 27403): read them as text.
const CATALOG_OIDS = new Set([18, 19, 194, 1033, 2205, 2206]);
const TEXT_OID = 25;
const SHADOW_DB = /^prisma_migrate_shadow_db_/;

type Field = { dataTypeID: number };
function retypeFields(result: unknown): unknown {
  const results = Array.isArray(result) ? result : [result];
  for (const r of results as Array<{ fields?: Field[] } | undefined>) {
    for (const f of r?.fields ?? []) if (CATALOG_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
  }
  return result;
}

class MigrateClient extends pg.Client {
  // The adapter drops the shadow database while its own pool is still connected to it: the
  // pool's idle listener would re-emit the resulting error and crash the CLI, so swallow it here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  emit(event: string | symbol, ...args: any[]): boolean {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const db = (this as any).connectionParameters?.database as string | undefined;
    if (event === "error" && db && SHADOW_DB.test(db)) return true;
    return super.emit(event, ...args);
  }

  // pg's Pool calls query with a callback; other callers use the promise form. Wrap both.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(...args: any[]): any {
    const first = args[0];
    if (typeof first === "string" && /^\s*DROP DATABASE\s+"prisma_migrate_shadow_db_[^"]+"\s*;?\s*$/i.test(first)) {
      args[0] = first.replace(/;?\s*$/, " WITH (FORCE)");
    } else if (first && typeof first === "object" && typeof first.text === "string" &&
      /^\s*DROP DATABASE\s+"prisma_migrate_shadow_db_/i.test(first.text) && !/WITH \(FORCE\)/i.test(first.text)) {
      args[0] = { ...first, text: first.text.replace(/;?\s*$/, " WITH (FORCE)") };
    }
    const cbIndex = args.findIndex((a) => typeof a === "function");
    if (cbIndex >= 0) {
      const cb = args[cbIndex];
      args[cbIndex] = (err: unknown, res: unknown) => cb(err, err ? res : retypeFields(res));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = (super.query as any)(...args);
    return out && typeof out.then === "function" ? out.then(retypeFields) : out;
  }
}

// Separate fields, not a connectionString: the adapter builds the shadow connection as
// {...config, database} and a connectionString would win over `database`.
function connectionFields(url: string) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || "127.0.0.1",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || "postgres",
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
  };
}

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx prisma/seed.ts" },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set (see .env.example)");
    return new PrismaPg({ ...connectionFields(url), Client: MigrateClient } as pg.PoolConfig);
  },
});
