// GET an import job's progress, errors (the first 200) and report, for the page that polls it.
// Only its creator sees it: anyone else gets 404.
import { db } from "@/lib/db";
import { jsonResponse, route } from "@/lib/route";
import { getImportJob } from "@/lib/imports/queries";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>({ name: "imports.status", permission: "clients.import" }, async ({ actor, params }) =>
  jsonResponse({ job: await getImportJob(db, actor, params.id) }),
);
