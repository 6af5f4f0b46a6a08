// GET the enrolment report (the /reports page's figures, same filters) as CSV or Excel.
import { db, dbRead } from "@/lib/db";
import { route } from "@/lib/route";
import { enrolmentReportFile } from "@/lib/reports/exports";
import { exportRequest } from "@/lib/reports/request";

export const dynamic = "force-dynamic";

export const GET = route({ name: "reports.enrolment", permission: "reports.view" }, async ({ request, actor, meta }) => {
  const req = exportRequest(new URL(request.url).searchParams, meta.now, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip });
  return enrolmentReportFile({ read: dbRead, write: db }, actor, req);
});
