// GET a country's month as a DHIS2 dataValueSet (JSON file), the same set the push sends.
// ?country=<id>&month=YYYY-MM. A missing mapping answers 409 with what is missing.
import { z } from "zod";
import { db, dbRead } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isoDate } from "@/lib/dates";
import { exportFileName } from "@/lib/exports/files";
import { jsonResponse, NO_STORE, route } from "@/lib/route";
import { dhis2Download } from "@/lib/dhis2/service";
import { monthSchema } from "@/lib/dhis2/schemas";
import { isUuid } from "@/lib/validation";

export const dynamic = "force-dynamic";

const querySchema = z.object({ country: z.string().refine(isUuid, "invalid"), month: monthSchema });

export const GET = route({ name: "dhis2.data_value_set", permission: "dhis2.send" }, async ({ request, actor, meta }) => {
  const search = new URL(request.url).searchParams;
  const q = querySchema.safeParse({ country: search.get("country") ?? "", month: search.get("month") ?? "" });
  if (!q.success) throw new AppError("VALIDATION", "VALIDATION", Object.fromEntries(q.error.issues.map((i) => [String(i.path[0]), [i.message]])));
  const r = await dhis2Download({ read: dbRead, write: db }, actor, q.data.country, q.data.month, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip });
  if (!r.ok) return jsonResponse({ error: { code: "CONFLICT", message: "dhis2MissingMapping" }, missing: r.missing }, 409);
  const name = exportFileName("dhis2", `${r.country.code.toLowerCase()}-${q.data.month}`, isoDate(meta.now), "csv").replace(/\.csv$/, ".json");
  return new Response(JSON.stringify(r.set, null, 1), {
    headers: { ...NO_STORE, "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"` },
  });
});
