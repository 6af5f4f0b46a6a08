// B8's worker process: sends the due reminder messages with the app's own dispatcher
// (lib/messages/send.ts dispatchDue, the body of scripts/worker.ts's "messages-send" job), round
// after round, until a round finds nothing due. Run by bench/b8-reminders.ts as a real child
// process, which it kills with SIGKILL mid-run and then replaces. Configured by the environment
// like the worker (DATABASE_URL, MESSAGING_ROUTES, TWILIO_*, AT_*); prints one JSON line per round.
import { createPrisma } from "@/lib/prisma-client";
import { readMessagingConfig } from "@/lib/messages/config";
import { providersFrom, ratesFrom } from "@/lib/messages/providers/registry";
import { dispatchDue } from "@/lib/messages/send";

async function main(): Promise<void> {
  const db = createPrisma(process.env.DATABASE_URL!, 4);
  const config = readMessagingConfig();
  const providers = providersFrom(config);
  try {
    for (;;) {
      const r = await dispatchDue(db, { providers, rates: ratesFrom(config), config, budgetMs: 50_000 });
      process.stdout.write(`${JSON.stringify(r)}\n`);
      if (r.sent + r.retry + r.failed + r.unknown === 0) break;
    }
  } finally {
    await db.$disconnect();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  },
);
