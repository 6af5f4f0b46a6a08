// What the worker does on a schedule, run once at a given moment for the end-to-end tests (the
// app's one clock: the day of a call-list run, the `now` of a send tick), so a test does not wait
// for 09:00 to come: `npx tsx tests/support/worker-tick.ts generate <YYYY-MM-DD> <site code>` runs
// that day's call-list run of one site (which schedules its reminder messages first, decision 041);
// `... dispatch <ISO instant>` runs one tick of the message sender as if it were that instant.
// Prints the result as JSON. Environment: DATABASE_URL and the messaging variables of the worker.
import { createPrisma } from "../../lib/prisma-client";
import { generateDay } from "../../lib/calls/generate";
import { dispatchDue } from "../../lib/messages/send";
import { readMessagingConfig } from "../../lib/messages/config";
import { providersFrom, ratesFrom } from "../../lib/messages/providers/registry";

async function main(argv: string[]): Promise<unknown> {
  const [what, arg, site] = argv;
  const db = createPrisma(process.env.DATABASE_URL!);
  try {
    if (what === "generate" && arg && site) {
      const s = await db.site.findUniqueOrThrow({ where: { code: site }, select: { id: true } });
      const r = await generateDay(db, { day: arg, siteIds: [s.id] });
      return { day: r.day, tasks: r.tasks };
    }
    if (what === "dispatch" && arg) {
      const at = new Date(arg);
      if (Number.isNaN(at.getTime())) throw new Error(`not an instant: ${arg}`);
      const config = readMessagingConfig();
      return await dispatchDue(db, { providers: providersFrom(config), rates: ratesFrom(config), config, budgetMs: 20_000, clock: () => at });
    }
    throw new Error("usage: worker-tick.ts generate <YYYY-MM-DD> <site code> | dispatch <ISO instant>");
  } finally {
    await db.$disconnect();
  }
}

main(process.argv.slice(2)).then(
  (r) => console.log(JSON.stringify(r)),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
