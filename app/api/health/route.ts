import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

/** For load balancers: 200 when the database answers, 503 otherwise. No data in the body. */
export async function GET() {
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
