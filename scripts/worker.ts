// The scheduler process (`npm run worker`): runs background and scheduled jobs from a
// Postgres-backed queue (pg-boss), so no extra server is needed. Run one or more next to the app
// replicas; pg-boss makes sure each scheduled job runs once.
import PgBoss from "pg-boss";
import { createPrisma } from "../lib/prisma-client";
import { housekeeping } from "../lib/jobs/housekeeping";

if (!process.env.DATABASE_URL && require("node:fs").existsSync(".env")) process.loadEnvFile(".env");
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (see .env.example)");
  process.exit(1);
}

const HOUSEKEEPING = "housekeeping";

async function main() {
  const db = createPrisma(url!, 4);
  const boss = new PgBoss({ connectionString: url!, schema: "pgboss" });
  boss.on("error", (err) => console.error(JSON.stringify({ level: "error", event: "worker.error", message: err.message })));
  await boss.start();
  await boss.createQueue(HOUSEKEEPING);
  // 03:15 UTC daily: quiet in every programme country.
  await boss.schedule(HOUSEKEEPING, "15 3 * * *", {}, { tz: "UTC" });
  await boss.work(HOUSEKEEPING, async () => {
    const result = await housekeeping(db);
    console.log(JSON.stringify({ level: "info", event: "housekeeping.done", ...result }));
  });
  console.log(JSON.stringify({ level: "info", event: "worker.started", queues: [HOUSEKEEPING] }));

  const stop = async () => {
    await boss.stop({ graceful: true, timeout: 10_000 });
    await db.$disconnect();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
