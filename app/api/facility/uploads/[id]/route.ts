// GET a facility upload's progress, problems and result, for the page that polls it. Only its
// creator sees it: anyone else gets 404.
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { jsonResponse, route } from "@/lib/route";
import { isUuid } from "@/lib/validation";
import { facilityUploadView } from "@/lib/facility/upload";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>({ name: "facility.upload_status", permission: "facility.update" }, async ({ actor, params }) => {
  const view = isUuid(params.id) ? await facilityUploadView(db, actor, params.id) : null;
  if (!view) throw notFound();
  return jsonResponse({ upload: view });
});
