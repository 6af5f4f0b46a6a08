// Prometheus metrics (prom-client, decision 013), one registry per process. The app serves it at
// GET /api/metrics and the worker on its own port, both only with the operator's bearer token
// (METRICS_TOKEN). Labels never carry names, phone numbers, client ids or anything from a URL
// beyond the route pattern.
//
// Next.js bundles this module into several server chunks (instrumentation, each route): the
// registry lives on globalThis so that all of them count into the one set of metrics.
import { timingSafeEqual, createHash } from "node:crypto";
import client from "prom-client";

type Pool = { totalCount: number; idleCount: number; waitingCount: number };

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "eservices_" });
  const pools = new Map<string, Pool>();
  const metrics = {
    registry,
    pools,
    httpDuration: new client.Histogram({
      name: "eservices_http_request_duration_seconds",
      help: "HTTP request latency by route pattern, method and status",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    outcomes: new client.Counter({
      name: "eservices_call_outcomes_recorded_total",
      help: "Call outcomes recorded (acknowledged to the Mentor Mother; a retry with the same idempotency key counts again, the row is stored once)",
      labelNames: ["disposition"] as const,
      registers: [registry],
    }),
    callListRun: new client.Histogram({
      name: "eservices_call_list_generation_seconds",
      help: "Duration of one call-list generation run (all sites generated together in it)",
      labelNames: ["trigger"] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    callListSite: new client.Gauge({
      name: "eservices_call_list_site_generation_seconds",
      help: "Duration of the latest run that generated this site's list (per site id)",
      labelNames: ["site"] as const,
      registers: [registry],
    }),
    callListSites: new client.Counter({
      name: "eservices_call_list_sites_generated_total",
      help: "Site-days whose call list was generated",
      labelNames: ["trigger"] as const,
      registers: [registry],
    }),
    queueDepth: new client.Gauge({
      name: "eservices_job_queue_depth",
      help: "Jobs waiting in a pg-boss queue (read by the worker)",
      labelNames: ["queue", "state"] as const,
      registers: [registry],
    }),
    jobFailures: new client.Counter({
      name: "eservices_job_failures_total",
      help: "Background jobs that threw, by queue",
      labelNames: ["queue"] as const,
      registers: [registry],
    }),
    jobsDone: new client.Counter({
      name: "eservices_jobs_completed_total",
      help: "Background jobs completed, by queue",
      labelNames: ["queue"] as const,
      registers: [registry],
    }),
  };
  new client.Gauge({
    name: "eservices_db_pool_connections",
    help: "Database pool connections of this process (state: total, idle, waiting clients)",
    labelNames: ["pool", "state"] as const,
    registers: [registry],
    collect() {
      for (const [name, p] of pools) {
        this.set({ pool: name, state: "total" }, p.totalCount);
        this.set({ pool: name, state: "idle" }, p.idleCount);
        this.set({ pool: name, state: "waiting" }, p.waitingCount);
      }
    },
  });
  return metrics;
}

const KEY = Symbol.for("eservices.metrics");
type Metrics = ReturnType<typeof create>;

export function metrics(): Metrics {
  const g = globalThis as unknown as { [KEY]?: Metrics };
  return (g[KEY] ??= create());
}

/** Lets the pool gauge read a pg pool of this process (primary, replica, worker). */
export function watchPool(name: string, pool: Pool): void {
  metrics().pools.set(name, pool);
}

/** Times an async job and counts its completion or failure under `queue`. */
export async function observeJob<T>(queue: string, run: () => Promise<T>): Promise<T> {
  try {
    const out = await run();
    metrics().jobsDone.inc({ queue });
    return out;
  } catch (err) {
    metrics().jobFailures.inc({ queue });
    throw err;
  }
}

/**
 * Whether an Authorization header carries the operator's metrics token. False when no token is
 * configured: metrics are then not served at all. Compared in constant time (over hashes, so the
 * lengths do not leak either).
 */
export function isMetricsRequestAllowed(authorization: string | null | undefined, token: string | undefined): boolean {
  if (!token || !authorization) return false;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!m) return false;
  const a = createHash("sha256").update(m[1]!).digest();
  const b = createHash("sha256").update(token).digest();
  return timingSafeEqual(a, b);
}

export const METRICS_CONTENT_TYPE = client.register.contentType;
