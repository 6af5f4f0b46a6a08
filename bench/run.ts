// `npm run bench -- [--only B1,B3] [--clients N] [--seed S] [--anchor YYYY-MM-DD]`
//
// Ensures the bench database (BENCH_DATABASE_URL, default: DATABASE_URL with the database
// eservices_bench) holds synthetic data of the wanted size and seed, then runs each benchmark and
// prints one line per benchmark on stdout:
//   <name>: <app time> vs <baseline time> = <ratio>x (<target>)
// Progress goes to stderr. Exit code 1 if a benchmark failed. See docs/bench.md.
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { z } from "zod";
import type { PrismaClient } from "@/lib/prisma-client";
import { MAX_CLIENTS, anchorSchema } from "@/scripts/seed-synthetic";
import {
  benchDatabase, ensureSyntheticData, formatLine, formatMs, planSynthetic, scratchDatabase,
  type BenchContext, type Benchmark,
} from "./lib";
import { S0 } from "./s0-synthetic-fill";
import { B1 } from "./b1-generate";
import { B3 } from "./b3-queue";
import { B4 } from "./b4-record";
import { B4H } from "./b4h-http";
import { B5 } from "./b5-coverage";
import { B6 } from "./b6-import";
import { B7 } from "./b7-page";
import { B8 } from "./b8-reminders";
import { B9 } from "./b9-search";
import { B10 } from "./b10-reports";
import { B2 } from "./b2-line-list";

/** Every benchmark, in the order they run. Later issues add B1-B7 here. */
export const BENCHMARKS: readonly Benchmark[] = [S0, B1, B2, B3, B4, B4H, B5, B6, B7, B8, B9, B10];

const USAGE = "Usage: npm run bench -- [--only B1,B3] [--clients N] [--seed S] [--anchor YYYY-MM-DD]";

const argsSchema = z.object({
  only: z.array(z.string()).optional(),
  clients: z.coerce.number({ error: "--clients must be a number" }).int("--clients must be a whole number")
    .min(1, "--clients must be at least 1").max(MAX_CLIENTS, `--clients must be at most ${MAX_CLIENTS}`),
  seed: z.coerce.number({ error: "--seed must be a number" }).int("--seed must be a whole number")
    .min(0, "--seed must be 0 or more").max(2 ** 31 - 1, "--seed must be below 2^31"),
  anchor: anchorSchema.optional(),
});

function parse(argv: string[]): z.infer<typeof argsSchema> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { only: { type: "string" }, clients: { type: "string" }, seed: { type: "string" }, anchor: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${USAGE}`);
  }
  const parsed = argsSchema.safeParse({
    only: typeof values.only === "string" ? values.only.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean) : undefined,
    clients: values.clients ?? "1000000",
    seed: values.seed ?? "42",
    anchor: values.anchor,
  });
  if (!parsed.success) throw new Error(`${parsed.error.issues.map((i) => i.message).join("\n")}\n${USAGE}`);
  const unknown = (parsed.data.only ?? []).filter((id) => !BENCHMARKS.some((b) => b.id.toUpperCase() === id));
  if (unknown.length) {
    throw new Error(`Unknown benchmark(s): ${unknown.join(", ")}. Known: ${BENCHMARKS.map((b) => b.id).join(", ")}\n${USAGE}`);
  }
  return parsed.data;
}

async function main(): Promise<number> {
  let args: z.infer<typeof argsSchema>;
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const selected = BENCHMARKS.filter((b) => !args.only || args.only.includes(b.id.toUpperCase()));
  const log = (line: string): void => console.error(line);
  const database = await benchDatabase();
  const databaseUrl = database.url;
  const plan = planSynthetic({ clients: args.clients, seed: args.seed, anchor: args.anchor });

  const started = performance.now();
  await ensureSyntheticData(databaseUrl, plan, log);
  log(`Bench data ready in ${formatMs(performance.now() - started)}.`);

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  let prisma: PrismaClient | undefined;
  const ctx: BenchContext = {
    databaseUrl,
    pool,
    plan,
    log,
    scratchDatabase: (tag) => scratchDatabase(databaseUrl, tag, log),
    prisma: async () => {
      if (!prisma) {
        const { createPrisma } = await import("@/lib/prisma-client");
        prisma = createPrisma(databaseUrl, 10);
      }
      return prisma;
    },
  };

  let failed = 0;
  try {
    for (const b of selected) {
      log(`Running ${b.name} ...`);
      try {
        const result = await b.run(ctx);
        // The machine is shared: every line says how busy it was.
        console.log(`${formatLine(b, result)} [load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}]`);
      } catch (err) {
        failed++;
        console.log(`${b.name}: failed (${err instanceof Error ? err.message.split("\n")[0] : String(err)})`);
        log(err instanceof Error ? err.stack ?? err.message : String(err));
      }
    }
  } finally {
    await prisma?.$disconnect();
    await pool.end();
    await database.stop();
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.stack ?? err.message : err);
      process.exit(1);
    },
  );
}
