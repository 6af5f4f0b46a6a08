// POST (a same-origin form: the reason never travels in a URL) the identified line list. Only for
// users an administrator granted identified data, with a typed reason; refused otherwise with
// nothing written but a denied-access log line (lib/reports/exports.ts).
import { db, dbRead } from "@/lib/db";
import { route } from "@/lib/route";
import { identifiedLineListFile } from "@/lib/reports/exports";
import { exportRequest } from "@/lib/reports/request";

export const dynamic = "force-dynamic";

export const POST = route({ name: "exports.line_list_identified", permission: "reports.view" }, async ({ request, actor, meta }) => {
  const form = await request.formData().catch(() => new FormData());
  const search = new URLSearchParams();
  for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "reason") search.set(k, v);
  const req = exportRequest(search, meta.now, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip });
  return identifiedLineListFile({ read: dbRead, write: db }, actor, req, form.get("reason"), meta.now);
});
