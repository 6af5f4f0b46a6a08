// `npm run cluster -- [--duration S] [--mentors N] [--clients N] [--keep]`: more than one machine,
// proven on this one with real parts, all on loopback ports 6400-6499 (data and logs in .data/cluster/):
//
//   PostgreSQL 15 primary :6401 --streaming replication--> replica :6402
//   PgBouncer 1.18 :6410 (eservices: primary, session mode - decision 014; eservices_tx: the same in
//                         transaction mode, for the measurement only; eservices_ro: the replica)
//   HAProxy :6400 -> app instances :6421 and :6422 (`next start`, one build), health /api/health
//   two workers (pg-boss; call-list tick every minute here so "each scheduled job runs once" is seen)
//
// Then: the pool-mode measurement, 1M synthetic clients, and a load test bounded in time: N Mentor
// Mothers (default 200) signed in through the load balancer work their queues (read the queue,
// claim the next call, record its outcome with an idempotency key, retrying with the same key when
// a request fails) while a 1M-row de-identified export streams from the replica (psql COPY through
// PgBouncer, standing in for the line-list export route that does not exist yet), and one app
// instance is killed halfway. Checks: every acknowledged outcome stored exactly once, nothing stored
// for a refused one, the replica caught up, both instances served sessions, each scheduled tick ran
// once. Prints throughput, p95 and the counts. Exit code 0 only when every check passed.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import pg from "pg";
import PgBoss from "pg-boss";
import autocannon from "autocannon";
import { localBin, migrateDeploy, repoRoot } from "../lib/database";
import { buildIsFresh, keepingTsconfig } from "../lib/build";
import { seedSynthetic, syntheticUsernames } from "../seed-synthetic";
import { DEMO_PASSWORD } from "@/prisma/demo-accounts";
import {
  LOGS, PG_BIN, PORTS, ROOT, asPostgres, chownToPostgres, httpOk, must, percentile, portFree, start, stopAll, stopProc, waitFor,
} from "./cluster-lib";

const USAGE = "Usage: npm run cluster -- [--duration 60] [--mentors 200] [--clients 1000000] [--keep]";
const LB = `http://127.0.0.1:${PORTS.haproxy}`;
const DIST = ".next-cluster";
const pgUrl = (port: number, db = "eservices") => `postgresql://postgres@127.0.0.1:${port}/${db}`;
const BOUNCER = (db: string) => pgUrl(PORTS.pgbouncer, db);
const log = (line: string) => console.log(`[cluster ${new Date().toISOString().slice(11, 19)}] ${line}`);

type Args = { duration: number; mentors: number; clients: number; keep: boolean };

function parse(): Args {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { duration: { type: "string" }, mentors: { type: "string" }, clients: { type: "string" }, keep: { type: "boolean" } },
    strict: true,
  });
  const duration = Number(values.duration ?? 60);
  const mentors = Number(values.mentors ?? 200);
  const clients = Number(values.clients ?? 1_000_000);
  if (!(duration >= 10 && duration <= 600) || !(mentors >= 2 && mentors <= 1000) || !(clients >= 10_000 && clients <= 2_000_000)) {
    throw new Error(`--duration 10-600 s, --mentors 2-1000, --clients 10000-2000000\n${USAGE}`);
  }
  return { duration, mentors, clients, keep: values.keep === true };
}

// ------------------------------------------------------------------------------------------------
// Databases: primary, PgBouncer, replica.

function postgresConf(port: number): string {
  return [
    `port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${path.join(ROOT, "sock")}'`,
    "max_connections = 300", "shared_buffers = 512MB", "wal_level = replica", "max_wal_senders = 5", "hot_standby = on",
    "wal_keep_size = 1GB", "max_wal_size = 4GB", "checkpoint_timeout = 15min", "log_min_messages = warning",
  ].join("\n");
}

async function startPrimary(): Promise<void> {
  const data = path.join(ROOT, "primary");
  must(...asPostgres(path.join(PG_BIN, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]), { log: "setup.log" });
  fs.appendFileSync(path.join(data, "postgresql.conf"), `\n${postgresConf(PORTS.primary)}\n`);
  fs.appendFileSync(path.join(data, "pg_hba.conf"), "\nhost replication postgres 127.0.0.1/32 trust\n");
  must(...asPostgres(path.join(PG_BIN, "pg_ctl"), ["-D", data, "-l", path.join(LOGS, "primary.log"), "-w", "start"]), { log: "setup.log" });
  must("psql", ["-h", "127.0.0.1", "-p", String(PORTS.primary), "-U", "postgres", "-qc", "CREATE DATABASE eservices"], { log: "setup.log" });
}

async function startReplica(): Promise<void> {
  const data = path.join(ROOT, "replica");
  must(...asPostgres(path.join(PG_BIN, "pg_basebackup"), ["-h", "127.0.0.1", "-p", String(PORTS.primary), "-U", "postgres", "-D", data, "-R", "-X", "stream", "-c", "fast"]), { log: "setup.log" });
  fs.appendFileSync(path.join(data, "postgresql.conf"), `\nport = ${PORTS.replica}\n`);
  must(...asPostgres(path.join(PG_BIN, "pg_ctl"), ["-D", data, "-l", path.join(LOGS, "replica.log"), "-w", "start"]), { log: "setup.log" });
  const c = new pg.Client({ connectionString: pgUrl(PORTS.replica) });
  await c.connect();
  const { rows } = await c.query<{ r: boolean }>("SELECT pg_is_in_recovery() AS r");
  await c.end();
  if (!rows[0]!.r) throw new Error("the replica is not in recovery");
}

function startPgBouncer(): void {
  const dir = path.join(ROOT, "pgbouncer");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "userlist.txt"), '"postgres" ""\n');
  fs.writeFileSync(path.join(dir, "pgbouncer.ini"), [
    "[databases]",
    `eservices = host=127.0.0.1 port=${PORTS.primary} dbname=eservices pool_mode=session pool_size=120`,
    `eservices_tx = host=127.0.0.1 port=${PORTS.primary} dbname=eservices pool_mode=transaction pool_size=8`,
    `eservices_ro = host=127.0.0.1 port=${PORTS.replica} dbname=eservices pool_mode=session pool_size=20`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1", `listen_port = ${PORTS.pgbouncer}`, "unix_socket_dir =",
    "auth_type = trust", `auth_file = ${path.join(dir, "userlist.txt")}`,
    "pool_mode = session", "max_client_conn = 1000", "default_pool_size = 20",
    "ignore_startup_parameters = extra_float_digits,options", "server_reset_query = DISCARD ALL",
    "admin_users = postgres", "log_connections = 0", "log_disconnections = 0",
  ].join("\n"));
  chownToPostgres(dir);
  start("pgbouncer", ...asPostgres("pgbouncer", [path.join(dir, "pgbouncer.ini")]));
}

// ------------------------------------------------------------------------------------------------
// PgBouncer pool mode, measured (decision 014): named prepared statements as lib/prisma-client.ts
// preparedQuery sends them, advisory transaction locks as generation and recording take them, and
// pg-boss, each through both pool modes with more clients than server connections.

type ProbeResult = { mode: string; ok: number; failed: number; errors: Record<string, number>; perSecond: number; pgBoss: string };

async function probe(db: string, mode: string, clients: number, rounds: number): Promise<ProbeResult> {
  const errors: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async (_, i) => {
    const c = new pg.Client({ connectionString: BOUNCER(db) });
    c.on("error", () => {});
    await c.connect();
    try {
      for (let r = 0; r < rounds; r++) {
        try {
          // What preparedQuery does on every request (named statement, no transaction)...
          await c.query({ name: "probe.read", text: "SELECT count(*)::int AS n FROM users WHERE id <> $1::uuid", values: [crypto.randomUUID()] });
          // ...and a write's transaction with an advisory lock and a named statement inside.
          await c.query("BEGIN");
          await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`probe:${i % 4}`]);
          await c.query({ name: "probe.tx", text: "SELECT $1::int + 1 AS n", values: [r] });
          await c.query("COMMIT");
          ok++;
        } catch (err) {
          failed++;
          const code = (err as { code?: string }).code ?? "other";
          errors[code] = (errors[code] ?? 0) + 1;
          await c.query("ROLLBACK").catch(() => {});
        }
      }
    } finally {
      await c.end().catch(() => {});
    }
  }));
  const perSecond = (ok + failed) / ((performance.now() - t0) / 1000);
  // pg-boss through the same pool: create a queue, send 40 jobs, work them all.
  let pgBoss = "ok";
  const boss = new PgBoss({ connectionString: BOUNCER(db), schema: "pgboss", max: 4, supervise: false, schedule: false });
  boss.on("error", () => {});
  try {
    await boss.start();
    const q = `probe-${mode}`;
    await boss.createQueue(q);
    await boss.insert(Array.from({ length: 40 }, (_, i) => ({ name: q, data: { i } })));
    let done = 0;
    for (let tries = 0; done < 40 && tries < 100; tries++) {
      const jobs = await boss.fetch(q, { batchSize: 10 });
      if (jobs.length) await boss.complete(q, jobs.map((j) => j.id));
      done += jobs.length;
    }
    if (done !== 40) pgBoss = `only ${done}/40 jobs worked`;
    else pgBoss = "40/40 jobs sent, fetched and completed";
  } catch (err) {
    pgBoss = `failed: ${(err as Error).message.slice(0, 100)}`;
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
  }
  return { mode, ok, failed, errors, perSecond, pgBoss };
}

// ------------------------------------------------------------------------------------------------
// App instances, workers, load balancer.

const SECRET = crypto.randomBytes(32).toString("base64url");
const METRICS_TOKEN = crypto.randomBytes(32).toString("hex");

function appEnv(port: number): Record<string, string> {
  return {
    NODE_ENV: "production", PORT: String(port), NEXT_DIST_DIR: DIST,
    DATABASE_URL: BOUNCER("eservices"), DATABASE_REPLICA_URL: BOUNCER("eservices_ro"), DATABASE_POOL_SIZE: "10",
    NEXTAUTH_URL: LB, NEXTAUTH_SECRET: SECRET, TRUST_PROXY: "true", METRICS_TOKEN,
    AUTH_MAX_FAILURES_PER_ADDRESS: "10000", LOG_LEVEL: "warn",
  };
}

function startHaproxy(): void {
  const cfg = path.join(ROOT, "haproxy.cfg");
  fs.writeFileSync(cfg, [
    "global", "  maxconn 4000", "  log stdout format raw local0 info",
    // A busy instance is not a dead one: generous check timeouts, and at most 16 requests in flight
    // per instance (its database pool is 10) - the rest wait in HAProxy's queue, not in Node.
    "defaults", "  mode http", "  timeout connect 2s", "  timeout client 60s", "  timeout server 60s", "  timeout queue 30s", "  timeout check 5s",
    "  log global", "  option httplog",
    "  retries 3", "  option redispatch 1", "  retry-on conn-failure empty-response response-timeout",
    "frontend eservices", `  bind 127.0.0.1:${PORTS.haproxy}`, "  option forwardfor", "  default_backend app",
    "backend app", "  balance roundrobin", "  option httpchk GET /api/health",
    // An instance that refuses connections is taken out at once (observe layer4), not after the
    // health checks' next rounds; a retry is redispatched to another instance each time.
    `  server app1 127.0.0.1:${PORTS.app1} check inter 2s fall 3 rise 2 maxconn 16 observe layer4 error-limit 3 on-error mark-down`,
    `  server app2 127.0.0.1:${PORTS.app2} check inter 2s fall 3 rise 2 maxconn 16 observe layer4 error-limit 3 on-error mark-down`,
    "listen stats", `  bind 127.0.0.1:${PORTS.haproxyStats}`, "  stats enable", "  stats uri /stats",
  ].join("\n") + "\n");
  start("haproxy", "haproxy", ["-f", cfg, "-db"]);
}

async function haproxyServed(): Promise<Record<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${PORTS.haproxyStats}/stats;csv`)).text();
  const head = text.split("\n")[0]!.replace(/^# /, "").split(",");
  const out: Record<string, number> = {};
  for (const line of text.split("\n").slice(1)) {
    const f = line.split(",");
    if (f[0] === "app" && (f[1] === "app1" || f[1] === "app2")) out[f[1]] = Number(f[head.indexOf("hrsp_2xx")]);
  }
  return out;
}

/** Server-action ids from the build's manifest (what the browser sends in the Next-Action header). */
function actionIds(): { claimNext: string; record: string } {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, DIST, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const find = (name: string) => {
    const hit = Object.entries(manifest.node).find(([, v]) => v.exportedName === name && (v.filename ?? "").includes("lib/calls/record-actions"));
    if (!hit) throw new Error(`server action ${name} not in the build's manifest`);
    return hit[0];
  };
  return { claimNext: find("claimNextTaskAction"), record: find("recordOutcomeAction") };
}

async function signInAll(usernames: string[]): Promise<string[]> {
  const cookies: string[] = new Array(usernames.length);
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < usernames.length) {
      const i = next++;
      const csrfRes = await fetch(`${LB}/api/auth/csrf`);
      const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
      const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const res = await fetch(`${LB}/api/auth/callback/credentials`, {
        method: "POST", redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie, Origin: LB },
        body: new URLSearchParams({ csrfToken, username: usernames[i]!, password: DEMO_PASSWORD, json: "true" }),
      });
      await res.arrayBuffer();
      const session = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
      if (!session) throw new Error(`sign-in of ${usernames[i]} failed (HTTP ${res.status})`);
      cookies[i] = session.split(";")[0]!;
    }
  }));
  return cookies;
}

// ------------------------------------------------------------------------------------------------
// The load test.

/** One Mentor Mother's state. autocannon gives each connection a fresh context at every pass over
 * the request list, so what must survive a pass (an outcome still to be re-sent) lives here, and a
 * connection borrows a Mentor Mother for one pass: never two connections for one Mentor Mother. */
type Mm = { cookie: string; pending: { key: string; body: string } | null; taskId: string | null; busySince: number };
type Ctx = { mm?: Mm; kind?: "queue" | "claim" | "record"; t?: number };

type LoadStats = {
  latencies: Record<"queue" | "claim" | "record", number[]>;
  acknowledged: Map<string, string>;
  refused: Map<string, string>;
  issued: Set<string>;
  retries: number;
  non2xx: number;
  /** Codes of the failed answers of server actions (ok:false), by step. */
  actionErrors: string[];
  pendingAtEnd: { key: string; body: string; cookie: string }[];
};

const REQUEST_TIMEOUT_S = 20;

async function runLoad(args: Args, cookies: string[], ids: { claimNext: string; record: string }, app2: { kill: () => void }): Promise<{ stats: LoadStats; result: autocannon.Result; killedAt: number }> {
  const stats: LoadStats = {
    latencies: { queue: [], claim: [], record: [] }, acknowledged: new Map(), refused: new Map(), issued: new Set(),
    retries: 0, non2xx: 0, pendingAtEnd: [], actionErrors: [],
  };
  const mms: Mm[] = cookies.map((cookie) => ({ cookie, pending: null, taskId: null, busySince: 0 }));
  const free: Mm[] = [...mms];
  const borrow = (ctx: Ctx): Mm => {
    if (!ctx.mm) {
      // A pass whose request timed out never gave its Mentor Mother back: take her back after the timeout.
      const stale = mms.filter((m) => m.busySince && performance.now() - m.busySince > (REQUEST_TIMEOUT_S + 1) * 1000);
      for (const m of stale) {
        m.busySince = 0;
        free.push(m);
      }
      ctx.mm = free.shift() ?? mms.reduce((a, b) => (a.busySince < b.busySince ? a : b));
      ctx.mm.busySince = performance.now();
    }
    return ctx.mm;
  };
  const giveBack = (ctx: Ctx) => {
    if (!ctx.mm) return;
    ctx.mm.busySince = 0;
    free.push(ctx.mm);
    ctx.mm = undefined;
  };
  const actionHeaders = (mm: Mm, id: string) => ({
    cookie: mm.cookie, "next-action": id, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8", origin: LB,
  });
  const recordRequest = (req: autocannon.Request, ctx: Ctx, mm: Mm) => {
    ctx.kind = "record";
    ctx.t = performance.now();
    return { ...req, method: "POST" as const, path: "/queue", headers: actionHeaders(mm, ids.record), body: mm.pending!.body };
  };
  const queueRequest = (req: autocannon.Request, ctx: Ctx, mm: Mm) => {
    ctx.kind = "queue";
    ctx.t = performance.now();
    return { ...req, method: "GET" as const, path: "/api/queue", headers: { cookie: mm.cookie }, body: undefined };
  };
  const onResponse = (status: number, body: string, ctx: Ctx) => {
    const kind = ctx.kind!;
    const mm = ctx.mm!;
    stats.latencies[kind].push(performance.now() - ctx.t!);
    if (status >= 300) stats.non2xx++;
    if (status === 200 && kind !== "queue" && /"ok":false/.test(body)) stats.actionErrors.push(`${kind}:${/"code":"(\w+)"/.exec(body)?.[1] ?? "?"}`);
    if (kind === "claim") {
      const m = status === 200 && /"ok":true/.test(body) ? /"taskId":"([0-9a-f-]{36})"/.exec(body) : null;
      mm.taskId = m ? m[1]! : null;
    } else if (kind === "record" && mm.pending) {
      if (status === 200 && /"ok":true/.test(body)) {
        stats.acknowledged.set(mm.pending.key, /"attemptId":"([0-9a-f-]{36})"/.exec(body)?.[1] ?? "");
        mm.pending = null;
        mm.taskId = null;
      } else if (status === 200 && /"ok":false/.test(body) && !/"code":"(UNAVAILABLE|INTERNAL)"/.test(body)) {
        stats.refused.set(mm.pending.key, /"code":"(\w+)"/.exec(body)?.[1] ?? "?");
        mm.pending = null;
        mm.taskId = null;
      }
      // Anything else (a 5xx, an outage answer, a cut connection): re-sent with the same key.
    }
  };

  const instance = autocannon({
    url: LB,
    connections: Math.min(args.mentors, cookies.length),
    duration: args.duration,
    pipelining: 1,
    timeout: REQUEST_TIMEOUT_S,
    requests: [
      {
        // 1. Read her queue - or first re-send an outcome whose answer never came (same key).
        setupRequest: (req, context) => {
          const ctx = context as Ctx;
          const mm = borrow(ctx);
          if (mm.pending) {
            stats.retries++;
            return recordRequest(req, ctx, mm);
          }
          return queueRequest(req, ctx, mm);
        },
        onResponse: (status, body, context) => onResponse(status, body, context as Ctx),
      },
      {
        // 2. "Next call": claim the next task of her list (her own live claim comes back first).
        setupRequest: (req, context) => {
          const ctx = context as Ctx;
          const mm = borrow(ctx);
          ctx.kind = "claim";
          ctx.t = performance.now();
          return { ...req, method: "POST", path: "/queue", headers: actionHeaders(mm, ids.claimNext), body: "[{}]" };
        },
        onResponse: (status, body, context) => onResponse(status, body, context as Ctx),
      },
      {
        // 3. Record the call's outcome with a fresh idempotency key, or re-send the unanswered one;
        //    nothing to call: read the queue.
        setupRequest: (req, context) => {
          const ctx = context as Ctx;
          const mm = borrow(ctx);
          if (mm.pending) {
            stats.retries++;
            return recordRequest(req, ctx, mm);
          }
          if (!mm.taskId) return queueRequest(req, ctx, mm);
          const key = crypto.randomBytes(16).toString("base64url");
          stats.issued.add(key);
          mm.pending = {
            key,
            body: JSON.stringify([{ taskId: mm.taskId, idempotencyKey: key, disposition: "REACHED", adherence: { dosesMissed7d: 0, pillsRanOut: false }, barriers: [], referrals: [] }]),
          };
          return recordRequest(req, ctx, mm);
        },
        onResponse: (status, body, context) => {
          onResponse(status, body, context as Ctx);
          giveBack(context as Ctx);
        },
      },
    ],
  });
  let killedAt = 0;
  const t0 = Date.now();
  const killer = setTimeout(() => {
    killedAt = (Date.now() - t0) / 1000;
    log(`killing app instance 2 (SIGKILL) at ${killedAt.toFixed(0)} s`);
    app2.kill();
  }, (args.duration * 1000) / 2);
  const result = await instance;
  clearTimeout(killer);
  for (const mm of mms) if (mm.pending) stats.pendingAtEnd.push({ ...mm.pending, cookie: mm.cookie });
  return { stats, result, killedAt };
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** After the run: each outcome still unanswered is sent again with its key until it is answered. */
async function retryPending(stats: LoadStats, ids: { record: string }): Promise<number> {
  let unresolved = 0;
  for (const p of stats.pendingAtEnd) {
    let done = false;
    for (let attempt = 0; attempt < 5 && !done; attempt++) {
      stats.retries++;
      try {
        const res = await fetch(`${LB}/queue`, {
          method: "POST",
          headers: { cookie: p.cookie, "next-action": ids.record, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8", origin: LB },
          body: p.body,
        });
        const body = await res.text();
        if (res.ok && /"ok":true/.test(body)) {
          stats.acknowledged.set(p.key, /"attemptId":"([0-9a-f-]{36})"/.exec(body)?.[1] ?? "");
          done = true;
        } else if (res.ok && /"ok":false/.test(body) && !/"code":"(UNAVAILABLE|INTERNAL)"/.test(body)) {
          stats.refused.set(p.key, /"code":"(\w+)"/.exec(body)?.[1] ?? "?");
          done = true;
        }
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    if (!done) unresolved++;
  }
  return unresolved;
}

/** The export: a 1M-row de-identified client line list streamed from the replica (COPY), counted. */
function streamExport(): Promise<{ rows: number; seconds: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn("psql", [BOUNCER("eservices_ro"), "-Xqc",
      "\\copy (SELECT c.id, s.code, c.category, c.status, c.enrolment_date, date_part('year', c.date_of_birth)::int AS birth_year FROM clients c JOIN sites s ON s.id = c.site_id) TO STDOUT WITH (FORMAT csv)"],
    { stdio: ["ignore", "pipe", "pipe"] });
    let rows = 0;
    let bytes = 0;
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      bytes += d.length;
      for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) rows++;
    });
    child.stderr.on("data", (d) => (err += String(d)));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve({ rows, bytes, seconds: (performance.now() - t0) / 1000 }) : reject(new Error(`export failed: ${err}`))));
  });
}

// ------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const args = parse();
  for (const [name, port] of Object.entries(PORTS)) {
    if (!(await portFree(port))) throw new Error(`port ${port} (${name}) is in use: is another cluster running?`);
  }
  for (const bin of ["pgbouncer", "haproxy", "psql", path.join(PG_BIN, "initdb")]) must("sh", ["-c", `command -v ${bin}`]);
  fs.rmSync(ROOT, { recursive: true, force: true });
  fs.mkdirSync(LOGS, { recursive: true });
  fs.mkdirSync(path.join(ROOT, "sock"), { recursive: true });
  chownToPostgres(ROOT);
  const checks: { name: string; ok: boolean; detail: string }[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const t0 = Date.now();

  log("PostgreSQL primary :6401");
  await startPrimary();
  await migrateDeploy(pgUrl(PORTS.primary));
  log(`synthetic data: ${args.clients.toLocaleString("en")} clients`);
  await seedSynthetic(pgUrl(PORTS.primary), { clients: args.clients, seed: 42, reset: false, jobs: 2, log: () => {} });
  // Every day a working day, so the run does not depend on the weekday (a scratch database).
  must("psql", [pgUrl(PORTS.primary), "-Xqc",
    "UPDATE countries SET settings = jsonb_set(settings, '{weekendDays}', '[]'); DELETE FROM public_holidays; " +
    "UPDATE mentor_profiles SET working_days = '{1,2,3,4,5,6,7}';", "-c", "VACUUM ANALYZE"], { log: "setup.log" });
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Africa/Johannesburg" }).format(new Date());
  log(`call lists for ${today}`);
  must(localBin("tsx"), ["scripts/calls-generate.ts", "--date", today], { env: { DATABASE_URL: pgUrl(PORTS.primary) }, log: "setup.log" });
  log("streaming replica :6402 (pg_basebackup)");
  await startReplica();
  log("PgBouncer :6410");
  startPgBouncer();
  await waitFor("PgBouncer", async () => {
    const c = new pg.Client({ connectionString: BOUNCER("eservices") });
    await c.connect();
    await c.end();
    return true;
  });

  log("pool-mode measurement (named prepared statements, advisory locks, pg-boss; 24 clients)");
  const probes = [await probe("eservices", "session", 24, 100), await probe("eservices_tx", "transaction", 24, 100)];
  for (const p of probes) {
    console.log(`  ${p.mode.padEnd(11)} ok ${p.ok}, failed ${p.failed} ${JSON.stringify(p.errors)}, ${p.perSecond.toFixed(0)} rounds/s, pg-boss: ${p.pgBoss}`);
  }

  log("build (next build into .next-cluster)");
  if (!buildIsFresh(DIST) || process.env.CLUSTER_REBUILD === "1") {
    await keepingTsconfig(() =>
      must(localBin("next"), ["build"], { env: { NEXT_DIST_DIR: DIST, DATABASE_URL: BOUNCER("eservices"), NEXTAUTH_SECRET: SECRET }, log: "build.log" }));
  }
  log("two app instances :6421 :6422, two workers, HAProxy :6400");
  start("app1", localBin("next"), ["start", "-p", String(PORTS.app1), "-H", "127.0.0.1"], appEnv(PORTS.app1));
  const app2 = start("app2", localBin("next"), ["start", "-p", String(PORTS.app2), "-H", "127.0.0.1"], appEnv(PORTS.app2));
  const workerEnv = (port: number) => ({
    DATABASE_URL: BOUNCER("eservices"), METRICS_TOKEN, WORKER_METRICS_PORT: String(port), CALL_LISTS_CRON: "* * * * *", LOG_LEVEL: "info",
  });
  const workersStart = new Date();
  const workers = [
    start("worker1", localBin("tsx"), ["scripts/worker.ts"], workerEnv(PORTS.worker1Metrics)),
    start("worker2", localBin("tsx"), ["scripts/worker.ts"], workerEnv(PORTS.worker2Metrics)),
  ];
  startHaproxy();
  await waitFor("app instances ready (/api/ready through HAProxy)", async () =>
    (await httpOk(`http://127.0.0.1:${PORTS.app1}/api/ready`)) && (await httpOk(`http://127.0.0.1:${PORTS.app2}/api/ready`)) && (await httpOk(`${LB}/api/ready`)), 180_000);

  const usernames = Array.from({ length: args.mentors }, (_, i) => syntheticUsernames.mentor(i + 1));
  log(`signing in ${args.mentors} Mentor Mothers through the load balancer`);
  const cookies = await signInAll(usernames);
  const ids = actionIds();
  const servedBefore = await haproxyServed();
  const primary = new pg.Client({ connectionString: pgUrl(PORTS.primary) });
  await primary.connect();
  const attemptsBefore = Number((await primary.query("SELECT count(*) AS n FROM call_attempts")).rows[0].n);

  log(`load: ${args.mentors} Mentor Mothers for ${args.duration} s, export from the replica at the same time, app 2 killed halfway`);
  const exportRun = streamExport();
  const { stats, result, killedAt } = await runLoad(args, cookies, ids, { kill: () => app2.child.kill("SIGKILL") });
  const exported = await exportRun.catch((err: Error) => ({ rows: -1, bytes: 0, seconds: 0, error: err.message }));
  const unresolved = await retryPending(stats, ids);
  const servedAfter = await haproxyServed();
  await stopProc(app2).catch(() => {});

  // --- checks ------------------------------------------------------------------------------------
  const acked = [...stats.acknowledged.keys()];
  const refused = [...stats.refused.keys()];
  const stored = await primary.query<{ k: string; n: number }>(
    "SELECT idempotency_key AS k, count(*)::int AS n FROM call_attempts WHERE idempotency_key = ANY($1) GROUP BY 1", [[...stats.issued]]);
  const storedKeys = new Map(stored.rows.map((r) => [r.k, r.n]));
  const lost = acked.filter((k) => !storedKeys.has(k));
  const duplicated = stored.rows.filter((r) => r.n > 1).length;
  const refusedButStored = refused.filter((k) => storedKeys.has(k));
  const storedNotAcked = [...storedKeys.keys()].filter((k) => !stats.acknowledged.has(k));
  const attemptsAfter = Number((await primary.query("SELECT count(*) AS n FROM call_attempts")).rows[0].n);
  check("no acknowledged outcome lost", lost.length === 0, `${acked.length} acknowledged, ${acked.length - lost.length} found in call_attempts, ${lost.length} missing`);
  check("no outcome duplicated", duplicated === 0 && attemptsAfter - attemptsBefore === storedKeys.size,
    `${storedKeys.size} keys stored, ${duplicated} stored twice; call_attempts grew by ${attemptsAfter - attemptsBefore}`);
  check("every request answered or retried with its key", unresolved === 0 && storedNotAcked.length === 0 && refusedButStored.length === 0,
    `${stats.retries} retries with the same key, ${unresolved} unanswered after 5 retries, ${storedNotAcked.length} stored but never acknowledged, ${refused.length} refused (${refusedButStored.length} of them stored)`);
  // The replica has every stored outcome (streaming replication caught up).
  const replica = new pg.Client({ connectionString: pgUrl(PORTS.replica) });
  await replica.connect();
  let onReplica = 0;
  await waitFor("replica catch-up", async () => {
    onReplica = Number((await replica.query("SELECT count(*) AS n FROM call_attempts WHERE idempotency_key = ANY($1)", [[...storedKeys.keys()]])).rows[0].n);
    return onReplica === storedKeys.size;
  }, 30_000).catch(() => {});
  const lag = (await replica.query<{ s: number | null }>("SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float AS s")).rows[0]!.s;
  await replica.end();
  check("replica caught up", onReplica === storedKeys.size, `${onReplica}/${storedKeys.size} outcomes on the replica, replay lag ${lag === null ? "?" : `${lag.toFixed(1)} s`}`);
  const clientsTotal = Number((await primary.query("SELECT count(*) AS n FROM clients")).rows[0].n);
  check("1M-row export streamed from the replica", exported.rows === clientsTotal,
    `${exported.rows.toLocaleString("en")} rows (${(exported.bytes / 1e6).toFixed(0)} MB) in ${exported.seconds.toFixed(1)} s during the load; clients: ${clientsTotal.toLocaleString("en")}`);
  const served = { app1: (servedAfter.app1 ?? 0) - (servedBefore.app1 ?? 0), app2: (servedAfter.app2 ?? 0) - (servedBefore.app2 ?? 0) };
  check("sessions worked on both instances", served.app1 > 0 && served.app2 > 0, `2xx answers during the load: app1 ${served.app1}, app2 ${served.app2} (killed at ${killedAt.toFixed(0)} s)`);
  // Each scheduled tick once: pg-boss's cron sender makes one "send-it" job per cron minute
  // (a singleton), which makes one call-lists job, which one worker runs. Both workers must still run.
  const slots = await primary.query<{ slot: Date; n: number }>(
    `SELECT singleton_on AS slot, count(*)::int AS n FROM (
       SELECT singleton_on FROM pgboss.job WHERE name = '__pgboss__send-it' AND singleton_key = 'call-lists' AND created_on >= $1
       UNION ALL SELECT singleton_on FROM pgboss.archive WHERE name = '__pgboss__send-it' AND singleton_key = 'call-lists' AND created_on >= $1) j
     GROUP BY 1 ORDER BY 1`, [workersStart]);
  const jobs = Number((await primary.query(
    `SELECT count(*) AS n FROM (SELECT id FROM pgboss.job WHERE name = 'call-lists' AND created_on >= $1
       UNION ALL SELECT id FROM pgboss.archive WHERE name = 'call-lists' AND created_on >= $1) j`, [workersStart])).rows[0].n);
  const tickLines = ["worker1", "worker2"].map((w) => fs.readFileSync(path.join(LOGS, `${w}.log`), "utf8").split("\n").filter((l) => l.includes('"call_lists.tick"')));
  const jobIds = tickLines.flat().map((l) => (JSON.parse(l) as { job?: string }).job);
  const alive = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null).length;
  check("each scheduled job ran once", slots.rows.length > 0 && slots.rows.every((r) => r.n === 1) && jobs === slots.rows.length &&
    new Set(jobIds).size === jobIds.length && jobIds.length <= jobs && alive === 2,
    `${slots.rows.length} cron minutes sent ${jobs} call-lists jobs (${slots.rows.filter((r) => r.n > 1).length} minutes doubled); ` +
    `${jobIds.length} run so far, by worker1 ${tickLines[0]!.length}x and worker2 ${tickLines[1]!.length}x, none twice; ${alive}/2 workers still running`);
  await primary.end();

  // --- report ------------------------------------------------------------------------------------
  const all = [...stats.latencies.queue, ...stats.latencies.claim, ...stats.latencies.record];
  console.log("");
  console.log(`Load: ${args.mentors} Mentor Mothers, ${args.duration} s, through HAProxy -> 2 app instances (one killed at ${killedAt.toFixed(0)} s) -> PgBouncer (session) -> PostgreSQL 15 primary; export from the streaming replica.`);
  console.log(`Throughput: ${(result.requests.total / args.duration).toFixed(1)} requests/s (${result.requests.total} requests), ${(acked.length / args.duration).toFixed(1)} outcomes recorded/s (${acked.length} outcomes); socket errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${stats.non2xx}.`);
  console.log(`HTTP status codes: ${JSON.stringify(Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, (v as { count: number }).count])))}; refused outcomes by code: ${JSON.stringify(countBy([...stats.refused.values()]))}; action errors answered: ${JSON.stringify(countBy(stats.actionErrors))}.`);
  console.log(`Latency p95 (ms): all ${percentile(all, 95).toFixed(0)}, queue read ${percentile(stats.latencies.queue, 95).toFixed(0)}, claim ${percentile(stats.latencies.claim, 95).toFixed(0)}, record outcome ${percentile(stats.latencies.record, 95).toFixed(0)} (p50 all ${percentile(all, 50).toFixed(0)}, autocannon p97.5 ${result.latency.p97_5}).`);
  console.log(`Export: ${exported.rows.toLocaleString("en")} rows from the replica in ${exported.seconds.toFixed(1)} s (${(exported.rows / Math.max(exported.seconds, 0.001)).toFixed(0)} rows/s) while the load ran.`);
  for (const c of checks) console.log(`${c.ok ? "PASS" : "FAIL"}  ${c.name}: ${c.detail}`);
  console.log(`Total ${((Date.now() - t0) / 1000).toFixed(0)} s. Logs: ${path.relative(repoRoot, LOGS)}/`);
  return checks.every((c) => c.ok) ? 0 : 1;
}

async function teardown(keep: boolean): Promise<void> {
  if (keep) {
    log(`--keep: leaving the cluster running (HAProxy ${LB}); stop it with Ctrl-C`);
    await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  }
  await stopAll();
  for (const d of ["replica", "primary"]) {
    const data = path.join(ROOT, d);
    if (fs.existsSync(path.join(data, "postmaster.pid"))) {
      try {
        must(...asPostgres(path.join(PG_BIN, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]));
      } catch {
        // already stopped
      }
    }
  }
}

let keep = false;
try {
  keep = parse().keep;
} catch {
  // reported by main
}
main()
  .then(async (code) => {
    await teardown(keep);
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    await teardown(false);
    process.exit(1);
  });
