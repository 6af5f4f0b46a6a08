// POST a facility file (CSV or .xlsx) as the request body: streamed to a private temporary file,
// refused past the size limit, then checked and applied (small files, answered with the result) or
// queued for the worker (answered with the upload to poll at /api/facility/uploads/<id>).
// `?validOnly=1` applies the valid rows of a file that has problems. proxy.ts leaves this path out
// of its matcher (it would buffer the body in memory).
import { db } from "@/lib/db";
import { jsonResponse, route } from "@/lib/route";
import { ImportFileError } from "@/lib/imports/errors";
import { checkDeclaredSize, saveUpload } from "@/lib/imports/upload";
import { sendJob } from "@/lib/jobs/send";
import { FACILITY_QUEUE, FACILITY_QUEUE_OPTIONS, facilityUploadView, startFacilityUpload } from "@/lib/facility/upload";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route({ name: "facility.upload", permission: "facility.update" }, async ({ request, actor, meta }) => {
  const validOnly = new URL(request.url).searchParams.get("validOnly") === "1";
  let upload: { path: string; size: number };
  try {
    checkDeclaredSize(request.headers.get("content-length"));
    upload = await saveUpload(request.body, request.headers.get("content-length"));
  } catch (err) {
    if (err instanceof ImportFileError) return jsonResponse({ fileError: { key: err.key, params: err.params } }, err.key === "tooLarge" ? 413 : 400);
    throw err;
  }
  const id = await startFacilityUpload(db, actor, upload, {
    validOnly,
    enqueue: (p) => sendJob(FACILITY_QUEUE, p, FACILITY_QUEUE_OPTIONS),
    meta,
  });
  const view = await facilityUploadView(db, actor, id);
  return jsonResponse({ upload: view }, view?.status === "QUEUED" ? 202 : 200);
});
