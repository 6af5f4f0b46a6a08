// Readiness for load balancers and orchestrators: 200 when this instance can serve (database
// answers, migrations applied, a worker alive), 503 with the failing check otherwise. Only check
// names and states in the body.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { checkReadiness } from "@/lib/ops/readiness";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const { ready, checks } = await checkReadiness(db, { heartbeatMaxAgeSeconds: env().WORKER_HEARTBEAT_MAX_AGE_SECONDS });
  return Response.json({ status: ready ? "ready" : "not-ready", checks }, { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
