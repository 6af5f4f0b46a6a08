// The scheduler process (`npm run worker`): runs background and scheduled jobs from a
// Postgres-backed queue (pg-boss), so no extra server is needed. Run one or more next to the app
// replicas; pg-boss makes sure each scheduled job runs once. Each worker writes a heartbeat every
// 30 s (/api/ready needs a fresh one) and, with WORKER_METRICS_PORT and METRICS_TOKEN set, serves
// its Prometheus metrics (queue depth, job failures, call-list generation time) on that port.
import http from "node:http";
import PgBoss from "pg-boss";
import { createPrisma, poolOf } from "../lib/prisma-client";
import { checkWorkerEnv, formatEnvProblems } from "../lib/env";
import { log } from "../lib/log";
import { METRICS_CONTENT_TYPE, isMetricsRequestAllowed, metrics, observeJob, watchPool } from "../lib/metrics";
import { HEARTBEAT_INTERVAL_MS, beat, workerIdentity } from "../lib/ops/heartbeat";
import { housekeeping } from "../lib/jobs/housekeeping";
import { IMPORT_QUEUE, cleanUpImports, runImportJob, type ImportJobPayload } from "../lib/imports/job";
import { validationThreads } from "../lib/imports/row-checkers";
import { CALL_LISTS_QUEUE, runScheduledCallLists } from "../lib/jobs/call-lists";
import { runScheduledBackChecks } from "../lib/back-checks/draw";
import { runScheduledFinalisation } from "../lib/coverage/rollup";
import { warmReports } from "../lib/reports/rollup-warm";
import { FACILITY_QUEUE, FACILITY_QUEUE_OPTIONS, runFacilityUpload, type FacilityJobPayload } from "../lib/facility/upload";
import { FHIR_PULL_CRON, FHIR_PULL_QUEUE, pullAllFeeds } from "../lib/facility/fhir";
import { MESSAGES_CRON, MESSAGES_QUEUE, dispatchDue } from "../lib/messages/send";
import { readMessagingConfig } from "../lib/messages/config";
import { providersFrom, ratesFrom } from "../lib/messages/providers/registry";
import { loadEnvFile, resolveDatabase } from "./lib/database";

const HOUSEKEEPING = "housekeeping";
const IMPORT_CLEANUP = "client-import-cleanup";
const QUEUES = [HOUSEKEEPING, IMPORT_QUEUE, IMPORT_CLEANUP, CALL_LISTS_QUEUE, FACILITY_QUEUE, FHIR_PULL_QUEUE, MESSAGES_QUEUE];
const QUEUE_STATS_INTERVAL_MS = 15_000;

/**
 * Two workers starting at once can deadlock inside pg-boss's queue creation (each creates the
 * queue's partition table: measured with `npm run cluster`, one worker died with "deadlock
 * detected"). Setup steps are idempotent: retry them.
 */
async function retryOnDeadlock<T>(what: string, step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if ((err as { code?: string }).code !== "40P01" || attempt >= 5) throw err;
      log("warn", "worker.setup_retry", { what, attempt });
      await new Promise((r) => setTimeout(r, 200 * attempt + Math.random() * 300));
    }
  }
}

async function main() {
  loadEnvFile();
  const database = await resolveDatabase("worker");
  const checked = checkWorkerEnv({ ...process.env, DATABASE_URL: database.url });
  if (!checked.ok) {
    console.error(formatEnvProblems(checked.problems));
    await database.stop();
    process.exit(1);
  }
  const config = checked.env;
  const url = database.url;
  const db = createPrisma(url, 4);
  watchPool("worker", poolOf(db)!);
  const boss = new PgBoss({ connectionString: url, schema: "pgboss" });
  boss.on("error", (err) => log("error", "worker.error", { message: err.message }));
  await retryOnDeadlock("start", () => boss.start());

  // Heartbeat first: /api/ready turns ready as soon as one worker is up.
  const me = workerIdentity();
  const heartbeat = async () => {
    try {
      await beat(db, me);
    } catch (err) {
      log("error", "worker.heartbeat_failed", { message: (err as Error).message });
    }
  };
  await heartbeat();
  const heartbeatTimer = setInterval(heartbeat, HEARTBEAT_INTERVAL_MS);

  await retryOnDeadlock("createQueue", () => boss.createQueue(HOUSEKEEPING));
  // 03:15 UTC daily: quiet in every programme country.
  await retryOnDeadlock("schedule", () => boss.schedule(HOUSEKEEPING, "15 3 * * *", {}, { tz: "UTC" }));
  await boss.work(HOUSEKEEPING, async () =>
    observeJob(HOUSEKEEPING, async () => {
      const result = await housekeeping(db);
      log("info", "housekeeping.done", result);
    }));

  // Client imports too large to run inside the upload request (lib/imports/job.ts). One at a
  // time per worker: each is one big transaction. No retry: a failed import is reported to the
  // user (nothing was written) and she uploads again.
  await retryOnDeadlock("createQueue", () => boss.createQueue(IMPORT_QUEUE, { name: IMPORT_QUEUE, retryLimit: 0, expireInSeconds: 60 * 60 }));
  await boss.work<ImportJobPayload>(IMPORT_QUEUE, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    await observeJob(IMPORT_QUEUE, () => runImportJob(db, job.data.jobId, job.data.path, {}, { validationThreads: validationThreads() }));
    log("info", "import.job_done", { jobId: job.data.jobId });
  });
  // Jobs a stopped worker left "running" are marked failed; orphaned uploads are deleted.
  const cleanUp = async () => {
    const result = await cleanUpImports(db);
    log("info", "import.cleanup", result);
  };
  await cleanUp();
  await retryOnDeadlock("createQueue", () => boss.createQueue(IMPORT_CLEANUP));
  await retryOnDeadlock("schedule", () => boss.schedule(IMPORT_CLEANUP, "5 * * * *", {}, { tz: "UTC" }));
  await boss.work(IMPORT_CLEANUP, () => observeJob(IMPORT_CLEANUP, cleanUp));
  // Daily call lists: every 15 minutes, the sites past 00:15 local time whose list for their local
  // today is not made yet (lib/jobs/call-lists.ts). One tick at a time ("singleton"); a tick that
  // fails is simply redone by the next one.
  await retryOnDeadlock("createQueue", () => boss.createQueue(CALL_LISTS_QUEUE, { name: CALL_LISTS_QUEUE, policy: "singleton", retryLimit: 0, expireInSeconds: 30 * 60 }));
  await retryOnDeadlock("schedule", () => boss.schedule(CALL_LISTS_QUEUE, config.CALL_LISTS_CRON, {}, { tz: "UTC" }));
  await boss.work(CALL_LISTS_QUEUE, async ([job]) =>
    observeJob(CALL_LISTS_QUEUE, async () => {
      const { sites } = await runScheduledCallLists(db, new Date());
      const tasks = sites.reduce((n, s) => n + s.tasks, 0);
      // One line per tick, also when nothing was due: the cluster check counts ticks per worker.
      log("info", "call_lists.tick", { job: job?.id, worker: me.workerId, sites: sites.length, days: [...new Set(sites.map((s) => s.day))], tasks });
      // The coverage roll-up of the finished days (lib/coverage/rollup.ts), after the lists: the
      // carry-over of yesterday's open tasks is in before yesterday is finalised.
      const finalised = await runScheduledFinalisation(db, new Date());
      if (finalised) log("info", "coverage.finalised", { job: job?.id, rows: finalised });
      // The week's back-check calls (lib/back-checks/draw.ts): drawn once per site and week, on
      // the first tick after the week ends.
      const drawn = await runScheduledBackChecks(db, new Date());
      if (drawn.length) log("info", "back_checks.drawn", { job: job?.id, sites: drawn.length, weeks: [...new Set(drawn.map((d) => d.week))] });
      // The report roll-up (lib/reports/rollup.ts): the last finished month and quarter of the
      // programme and each country, kept before a manager opens them.
      const warmed = await warmReports(db, new Date());
      log("info", "reports.warmed", { job: job?.id, views: warmed });
    }));
  // Facility files too large to apply inside the upload request (lib/facility/upload.ts): one at a
  // time, no retry (a failed file is reported to the user, nothing was applied).
  await retryOnDeadlock("createQueue", () => boss.createQueue(FACILITY_QUEUE, { name: FACILITY_QUEUE, ...FACILITY_QUEUE_OPTIONS }));
  await boss.work<FacilityJobPayload>(FACILITY_QUEUE, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    await observeJob(FACILITY_QUEUE, () => runFacilityUpload(db, job.data.uploadId, job.data.path, { now: new Date() }));
    log("info", "facility.upload_done", { uploadId: job.data.uploadId });
  });
  // Reminder messages (lib/messages/send.ts): every minute, one dispatcher at a time across the
  // workers ("singleton"), each provider at its own rate. No pg-boss retry: a message's own events
  // decide what is sent again (never one whose outcome is unknown).
  const messaging = readMessagingConfig();
  const providers = providersFrom(messaging);
  await retryOnDeadlock("createQueue", () => boss.createQueue(MESSAGES_QUEUE, { name: MESSAGES_QUEUE, policy: "singleton", retryLimit: 0, expireInSeconds: 5 * 60 }));
  if (Object.keys(providers).length > 0) {
    await retryOnDeadlock("schedule", () => boss.schedule(MESSAGES_QUEUE, MESSAGES_CRON, {}, { tz: "UTC" }));
    await boss.work(MESSAGES_QUEUE, async () =>
      observeJob(MESSAGES_QUEUE, async () => {
        const result = await dispatchDue(db, { providers, rates: ratesFrom(messaging), config: messaging, budgetMs: 50_000 });
        log("info", "messages.tick", result);
      }));
  }
  // FHIR feeds of the sites that have one (lib/facility/fhir.ts): every 30 minutes, one pull at a time.
  await retryOnDeadlock("createQueue", () => boss.createQueue(FHIR_PULL_QUEUE, { name: FHIR_PULL_QUEUE, policy: "singleton", retryLimit: 0, expireInSeconds: 30 * 60 }));
  await retryOnDeadlock("schedule", () => boss.schedule(FHIR_PULL_QUEUE, FHIR_PULL_CRON, {}, { tz: "UTC" }));
  await boss.work(FHIR_PULL_QUEUE, async () =>
    observeJob(FHIR_PULL_QUEUE, async () => {
      const pulls = await pullAllFeeds(db, new Date());
      if (pulls.length) log("info", "fhir.pulled", { feeds: pulls.length, failed: pulls.filter((p) => p.error).length });
    }));

  // Queue depth for the metrics: jobs waiting, running and failed, per queue (pg-boss keeps failed
  // jobs until it archives them).
  const queueStats = async () => {
    try {
      const rows = await db.$queryRaw<{ name: string; state: string; n: number }[]>`
        SELECT name, state::text AS state, count(*)::int AS n FROM pgboss.job
        WHERE name = ANY(${QUEUES}) AND state IN ('created', 'retry', 'active', 'failed')
        GROUP BY 1, 2`;
      for (const q of QUEUES) {
        for (const state of ["created", "retry", "active", "failed"]) {
          metrics().queueDepth.set({ queue: q, state }, rows.find((r) => r.name === q && r.state === state)?.n ?? 0);
        }
      }
    } catch (err) {
      log("warn", "worker.queue_stats_failed", { message: (err as Error).message });
    }
  };
  await queueStats();
  const statsTimer = setInterval(queueStats, QUEUE_STATS_INTERVAL_MS);

  let server: http.Server | undefined;
  if (config.WORKER_METRICS_PORT && config.METRICS_TOKEN) {
    const token = config.METRICS_TOKEN;
    server = http.createServer(async (req, res) => {
      if (req.method !== "GET" || req.url !== "/metrics" || !isMetricsRequestAllowed(req.headers.authorization, token)) {
        res.writeHead(404, { "Content-Type": "text/plain", "Cache-Control": "no-store" }).end("Not found");
        return;
      }
      res.writeHead(200, { "Content-Type": METRICS_CONTENT_TYPE, "Cache-Control": "no-store" }).end(await metrics().registry.metrics());
    });
    server.listen(config.WORKER_METRICS_PORT, config.WORKER_METRICS_HOST);
  }
  log("info", "worker.started", {
    worker: me.workerId,
    queues: QUEUES,
    callListsCron: config.CALL_LISTS_CRON,
    metrics: server ? `http://${config.WORKER_METRICS_HOST}:${config.WORKER_METRICS_PORT}/metrics` : "off",
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(heartbeatTimer);
    clearInterval(statsTimer);
    server?.close();
    await boss.stop({ graceful: true, timeout: 10_000 });
    await db.$disconnect();
    await database.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
