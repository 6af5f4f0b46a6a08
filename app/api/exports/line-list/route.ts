// GET the de-identified enrolment line list (pseudonymous ids, age bands, months) as CSV or Excel,
// streamed from the database, scoped to the user's area, audited with its row count.
import { db, dbRead } from "@/lib/db";
import { env } from "@/lib/env";
import { pseudonymKey } from "@/lib/exports/pseudonym";
import { route } from "@/lib/route";
import { lineListFile } from "@/lib/reports/exports";
import { exportRequest } from "@/lib/reports/request";

export const dynamic = "force-dynamic";

export const GET = route({ name: "exports.line_list", permission: "reports.view" }, async ({ request, actor, meta }) => {
  const req = exportRequest(new URL(request.url).searchParams, meta.now, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip });
  return lineListFile({ read: dbRead, write: db }, actor, req, pseudonymKey(env()));
});
