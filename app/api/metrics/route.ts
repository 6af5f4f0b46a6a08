// Prometheus metrics of this app instance, for the operator only: GET with
// `Authorization: Bearer $METRICS_TOKEN`. Without the token (or with none configured) it answers
// the same bare 404 as any unknown path, so it does not exist for anyone else.
import { env } from "@/lib/env";
import "@/lib/db"; // registers the database pools with the pool gauge
import { METRICS_CONTENT_TYPE, isMetricsRequestAllowed, metrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  if (!isMetricsRequestAllowed(request.headers.get("authorization"), env().METRICS_TOKEN)) {
    return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  }
  return new Response(await metrics().registry.metrics(), {
    headers: { "Content-Type": METRICS_CONTENT_TYPE, "Cache-Control": "no-store" },
  });
}
