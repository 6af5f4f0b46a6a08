import "server-only";
// The web server's side of the "client-import" queue: it only sends; scripts/worker.ts works the
// queue. One pg-boss instance per server process, without maintenance or scheduling (the worker
// does those), started on the first large upload.
import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { IMPORT_QUEUE, type ImportJobPayload } from "@/lib/imports/job";

/** No automatic retry: a failed import is reported to the user, who uploads again. */
export const IMPORT_QUEUE_OPTIONS = { retryLimit: 0, expireInSeconds: 60 * 60 } as const;

const globalForBoss = globalThis as unknown as { importBoss?: Promise<PgBoss> };

function sender(): Promise<PgBoss> {
  globalForBoss.importBoss ??= (async () => {
    const boss = new PgBoss({ connectionString: env().DATABASE_URL, schema: "pgboss", supervise: false, schedule: false, max: 2 });
    boss.on("error", (err) => log("error", "import.queue_error", { message: err.message }));
    await boss.start();
    await boss.createQueue(IMPORT_QUEUE, { name: IMPORT_QUEUE, ...IMPORT_QUEUE_OPTIONS });
    return boss;
  })().catch((err: unknown) => {
    globalForBoss.importBoss = undefined; // try again on the next upload
    throw err;
  });
  return globalForBoss.importBoss;
}

export async function enqueueImport(payload: ImportJobPayload): Promise<void> {
  const boss = await sender();
  await boss.send(IMPORT_QUEUE, payload, IMPORT_QUEUE_OPTIONS);
}
