export const dynamic = "force-dynamic";

/**
 * Liveness: 200 as long as this process serves requests. It checks nothing else - a database
 * outage must not make an orchestrator restart every app instance. Readiness (database,
 * migrations, worker) is GET /api/ready.
 */
export async function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
