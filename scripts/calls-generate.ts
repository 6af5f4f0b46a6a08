// `npm run calls:generate -- --date YYYY-MM-DD [--site ID]`: generates the daily call lists of one
// day by hand - what the scheduled job does shortly after each site's midnight (lib/jobs/call-lists.ts)
// - for every active site, or one site (its id or its code). Re-running a day is safe: it adds only
// what became due or what fits in capacity freed since. Prints how many tasks of each kind it
// created, and how many it kept, carried over and closed. Exit codes: 0 done, 2 bad input, 1 error.
import { parseArgs } from "node:util";
import { z } from "zod";
import { createPrisma } from "@/lib/prisma-client";
import { writeAudit } from "@/lib/audit";
import { isIsoDate } from "@/lib/calls/calendar";
import { REASON_KINDS } from "@/lib/calls/rules";
import { generateDay, type GenerateResult } from "@/lib/calls/generate";
import { runAudit } from "@/lib/calls/commands";
import { resolveDatabase } from "./lib/database";

const USAGE = "Usage: npm run calls:generate -- --date YYYY-MM-DD [--site <site id or code>]";

class UsageError extends Error {}

const argsSchema = z.object({
  date: z
    .string({ error: "--date is required" })
    .regex(/^\d{4}-\d{2}-\d{2}$/, "--date must be written YYYY-MM-DD")
    .refine(isIsoDate, "--date is not a real calendar date"),
  site: z.string().trim().min(1, "--site needs a site id or code").max(64, "--site is too long").optional(),
});
export type CallsGenerateArgs = z.infer<typeof argsSchema>;

export function parseCallsGenerateArgs(argv: string[]): CallsGenerateArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { date: { type: "string" }, site: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? "");
      const got = values[key];
      return `${i.message}${typeof got === "string" ? ` (got "${got}")` : ""}`;
    });
    throw new UsageError(`${lines.join("\n")}\n${USAGE}`);
  }
  return parsed.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function formatReport(r: GenerateResult): string {
  const working = r.sites.filter((s) => s.workingDay).length;
  const width = Math.max(...REASON_KINDS.map((k) => k.length));
  const lines = [
    `Call lists for ${r.day}: ${r.sites.length} site(s), ${working} on a working day.`,
    `Created ${r.tasks} task(s); by reason (a task with several reasons counts under each):`,
    ...REASON_KINDS.map((k) => `  ${k.padEnd(width)}  ${r.created[k]}`),
    `Kept ${r.kept} task(s) already on ${r.day}; carried over ${r.carried}; closed ${r.closed} (reason gone).`,
  ];
  return lines.join("\n");
}

async function main(): Promise<number> {
  let args: CallsGenerateArgs;
  try {
    args = parseCallsGenerateArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const database = await resolveDatabase("calls:generate");
  const db = createPrisma(database.url, 4);
  try {
    let siteIds: string[] | undefined;
    if (args.site) {
      const site = await db.site.findFirst({
        where: UUID.test(args.site) ? { id: args.site } : { code: args.site },
        select: { id: true, code: true, active: true },
      });
      if (!site) {
        console.error(`No site with id or code "${args.site}".\n${USAGE}`);
        return 2;
      }
      if (!site.active) {
        console.error(`Site ${site.code} is inactive: inactive sites get no call lists.`);
        return 2;
      }
      siteIds = [site.id];
    }
    const result = await generateDay(db, { day: args.date, siteIds });
    await writeAudit(db, { actorId: null }, runAudit(result.sites, "cli"));
    console.log(formatReport(result));
    return 0;
  } finally {
    await db.$disconnect();
    await database.stop();
  }
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
