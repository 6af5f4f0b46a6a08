// GET a report table (the /reports page's figures, same filters) as CSV or Excel: one route for
// every table of REPORT_TABLES (lib/reports/exports.ts) - enrolment, calls, outcomes, ... An
// unknown table name is a 404 like any other.
import { db, dbRead } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/route";
import { isReportTable, reportTableFile } from "@/lib/reports/exports";
import { exportRequest } from "@/lib/reports/request";

export const dynamic = "force-dynamic";

export const GET = route<{ table: string }>({ name: "reports.table", permission: "reports.view" }, async ({ request, actor, meta, params }) => {
  if (!isReportTable(params.table)) throw new AppError("NOT_FOUND", "NOT_FOUND");
  const req = exportRequest(new URL(request.url).searchParams, meta.now, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip });
  return reportTableFile({ read: dbRead, write: db }, actor, params.table, req);
});
