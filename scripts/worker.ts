// The scheduler process (`npm run worker`): runs background and scheduled jobs from a
// Postgres-backed queue (pg-boss), so no extra server is needed. Run one or more next to the app
// replicas; pg-boss makes sure each scheduled job runs once.
import fs from "node:fs";
import PgBoss from "pg-boss";
import { createPrisma } from "../lib/prisma-client";
import { housekeeping } from "../lib/jobs/housekeeping";
import { IMPORT_QUEUE, cleanUpImports, runImportJob, type ImportJobPayload } from "../lib/imports/job";
import { CALL_LISTS_CRON, CALL_LISTS_QUEUE, runScheduledCallLists } from "../lib/jobs/call-lists";
import { FACILITY_QUEUE, FACILITY_QUEUE_OPTIONS, runFacilityUpload, type FacilityJobPayload } from "../lib/facility/upload";
import { FHIR_PULL_CRON, FHIR_PULL_QUEUE, pullAllFeeds } from "../lib/facility/fhir";

if (!process.env.DATABASE_URL && fs.existsSync(".env")) process.loadEnvFile(".env");
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (see .env.example)");
  process.exit(1);
}

const HOUSEKEEPING = "housekeeping";
const IMPORT_CLEANUP = "client-import-cleanup";

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

  // Client imports too large to run inside the upload request (lib/imports/job.ts). One at a
  // time per worker: each is one big transaction. No retry: a failed import is reported to the
  // user (nothing was written) and she uploads again.
  await boss.createQueue(IMPORT_QUEUE, { name: IMPORT_QUEUE, retryLimit: 0, expireInSeconds: 60 * 60 });
  await boss.work<ImportJobPayload>(IMPORT_QUEUE, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    await runImportJob(db, job.data.jobId, job.data.path);
    console.log(JSON.stringify({ level: "info", event: "import.job_done", jobId: job.data.jobId }));
  });
  // Jobs a stopped worker left "running" are marked failed; orphaned uploads are deleted.
  const cleanUp = async () => {
    const result = await cleanUpImports(db);
    console.log(JSON.stringify({ level: "info", event: "import.cleanup", ...result }));
  };
  await cleanUp();
  await boss.createQueue(IMPORT_CLEANUP);
  await boss.schedule(IMPORT_CLEANUP, "5 * * * *", {}, { tz: "UTC" });
  await boss.work(IMPORT_CLEANUP, cleanUp);
  // Daily call lists: every 15 minutes, the sites past 00:15 local time whose list for their local
  // today is not made yet (lib/jobs/call-lists.ts). One tick at a time ("singleton"); a tick that
  // fails is simply redone by the next one.
  await boss.createQueue(CALL_LISTS_QUEUE, { name: CALL_LISTS_QUEUE, policy: "singleton", retryLimit: 0, expireInSeconds: 30 * 60 });
  await boss.schedule(CALL_LISTS_QUEUE, CALL_LISTS_CRON, {}, { tz: "UTC" });
  await boss.work(CALL_LISTS_QUEUE, async () => {
    const { sites } = await runScheduledCallLists(db, new Date());
    if (sites.length) {
      const tasks = sites.reduce((n, s) => n + s.tasks, 0);
      console.log(JSON.stringify({ level: "info", event: "call_lists.generated", sites: sites.length, days: [...new Set(sites.map((s) => s.day))], tasks }));
    }
  });
  // Facility files too large to apply inside the upload request (lib/facility/upload.ts): one at a
  // time, no retry (a failed file is reported to the user, nothing was applied).
  await boss.createQueue(FACILITY_QUEUE, { name: FACILITY_QUEUE, ...FACILITY_QUEUE_OPTIONS });
  await boss.work<FacilityJobPayload>(FACILITY_QUEUE, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    await runFacilityUpload(db, job.data.uploadId, job.data.path, { now: new Date() });
    console.log(JSON.stringify({ level: "info", event: "facility.upload_done", uploadId: job.data.uploadId }));
  });
  // FHIR feeds of the sites that have one (lib/facility/fhir.ts): every 30 minutes, one pull at a time.
  await boss.createQueue(FHIR_PULL_QUEUE, { name: FHIR_PULL_QUEUE, policy: "singleton", retryLimit: 0, expireInSeconds: 30 * 60 });
  await boss.schedule(FHIR_PULL_QUEUE, FHIR_PULL_CRON, {}, { tz: "UTC" });
  await boss.work(FHIR_PULL_QUEUE, async () => {
    const pulls = await pullAllFeeds(db, new Date());
    if (pulls.length) {
      console.log(JSON.stringify({ level: "info", event: "fhir.pulled", feeds: pulls.length, failed: pulls.filter((p) => p.error).length }));
    }
  });
  console.log(JSON.stringify({ level: "info", event: "worker.started", queues: [HOUSEKEEPING, IMPORT_QUEUE, IMPORT_CLEANUP, CALL_LISTS_QUEUE, FACILITY_QUEUE, FHIR_PULL_QUEUE] }));

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
