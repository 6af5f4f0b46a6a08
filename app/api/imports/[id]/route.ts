// GET an import job's progress, errors (the first 200) and report, for the page that polls it.
// Only its creator sees it: anyone else gets 404.
import { db } from "@/lib/db";
import { errorResponse, importActor, jsonResponse, refusal } from "@/lib/imports/http";
import { getImportJob } from "@/lib/imports/queries";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const actor = await importActor();
    if (actor === "signed-out") return refusal("UNAUTHENTICATED");
    if (!actor) return refusal("NOT_FOUND");
    const { id } = await params;
    return jsonResponse({ job: await getImportJob(db, actor, id) });
  } catch (err) {
    return errorResponse(err, "imports.status");
  }
}
