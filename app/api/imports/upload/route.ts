// POST the file itself as the request body (not multipart): it is streamed to a private temporary
// file, refused past 200 MB, then imported (small files, answered with the final job) or queued
// for the worker (large files, answered with the queued job to poll at /api/imports/<id>).
// `?validOnly=1` imports the valid rows of a file that has errors. proxy.ts leaves this path out
// of its matcher: Next.js buffers bodies that pass through the proxy in memory, and cuts them at
// 10 MB (experimental.proxyClientMaxBodySize). The route wrapper checks the session, the
// permission and the request's origin.
import { db } from "@/lib/db";
import { ImportFileError } from "@/lib/imports/errors";
import { jsonResponse, route } from "@/lib/route";
import { startImport } from "@/lib/imports/job";
import { getImportJob } from "@/lib/imports/queries";
import { enqueueImport } from "@/lib/imports/queue";
import { checkDeclaredSize, saveUpload } from "@/lib/imports/upload";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route({ name: "imports.upload", permission: "clients.import" }, async ({ request, actor, meta }) => {
  const validOnly = new URL(request.url).searchParams.get("validOnly") === "1";
  let upload: { path: string; size: number };
  try {
    checkDeclaredSize(request.headers.get("content-length"));
    upload = await saveUpload(request.body, request.headers.get("content-length"));
  } catch (err) {
    if (err instanceof ImportFileError) {
      return jsonResponse({ fileError: { key: err.key, params: err.params } }, err.key === "tooLarge" ? 413 : 400);
    }
    throw err;
  }
  const jobId = await startImport(db, actor, upload, { validOnly, enqueue: enqueueImport, meta });
  const job = await getImportJob(db, actor, jobId);
  return jsonResponse({ job }, job.status === "QUEUED" ? 202 : 200);
});
