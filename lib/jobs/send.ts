import "server-only";
// The web server's side of the job queues: it only sends; scripts/worker.ts works them. One pg-boss
// instance per server process, without maintenance or scheduling (the worker does those), started
// on the first job sent.
import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

const globalForBoss = globalThis as unknown as { jobSender?: Promise<PgBoss> };
const created = new Set<string>();

function sender(): Promise<PgBoss> {
  globalForBoss.jobSender ??= (async () => {
    const boss = new PgBoss({ connectionString: env().DATABASE_URL, schema: "pgboss", supervise: false, schedule: false, max: 2 });
    boss.on("error", (err) => log("error", "jobs.sender_error", { message: err.message }));
    await boss.start();
    return boss;
  })().catch((err: unknown) => {
    globalForBoss.jobSender = undefined; // try again on the next job
    throw err;
  });
  return globalForBoss.jobSender;
}

/** Sends one job; the queue is created on first use with `options` (the worker creates it too). */
export async function sendJob(queue: string, payload: object, options: { retryLimit: number; expireInSeconds: number }): Promise<void> {
  const boss = await sender();
  if (!created.has(queue)) {
    await boss.createQueue(queue, { name: queue, ...options });
    created.add(queue);
  }
  await boss.send(queue, payload, options);
}
