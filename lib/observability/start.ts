// Start of an app server process (instrumentation.ts): a bad environment stops it at once with
// every bad variable named; otherwise one structured line says which database (and replica) it
// uses, then the HTTP hook for metrics and the access log is installed.
import { checkEnv, describeDatabaseUrl, formatEnvProblems } from "@/lib/env";
import { log } from "@/lib/log";
import { installHttpObservability } from "@/lib/observability/http";

export function startServerObservability(): void {
  const result = checkEnv();
  if (!result.ok) {
    console.error(formatEnvProblems(result.problems));
    process.exit(1);
  }
  const e = result.env;
  log("info", "app.started", {
    database: describeDatabaseUrl(e.DATABASE_URL),
    replica: e.DATABASE_REPLICA_URL ? describeDatabaseUrl(e.DATABASE_REPLICA_URL) : "none (reports read the primary)",
    metrics: e.METRICS_TOKEN ? "GET /api/metrics with the bearer token" : "off (METRICS_TOKEN unset)",
  });
  installHttpObservability();
}
