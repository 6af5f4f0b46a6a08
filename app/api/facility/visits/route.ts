// GET the visit list of a site for a day (default: tomorrow at the site) as CSV or .xlsx, to mark
// attendance and send back (app/(app)/facility). Names are in it: the download is audited, never
// cached, and only for the user's own sites.
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { NO_STORE, route } from "@/lib/route";
import { parseWithKeys } from "@/lib/validation";
import { isoDateSchema } from "@/lib/clients/schemas";
import { visitList } from "@/lib/facility/queries";
import { sheetFile } from "@/lib/facility/sheets";

export const dynamic = "force-dynamic";

const query = z.object({
  siteId: z.uuid(),
  day: z.preprocess((v) => (v === "" ? undefined : v), isoDateSchema.optional()),
  format: z.enum(["csv", "xlsx"]).default("csv"),
});

export const GET = route({ name: "facility.visits", permission: "facility.update" }, async ({ request, actor, meta }) => {
  const params = parseWithKeys(query, Object.fromEntries(new URL(request.url).searchParams));
  if (!params.success) throw new AppError("VALIDATION", "correctFields");
  const list = await visitList(db, actor, { siteId: params.data.siteId, day: params.data.day }, meta);
  const file = await sheetFile(params.data.format, { name: list.day, columns: list.columns, rows: list.rows });
  return new Response(file.body, {
    headers: {
      ...NO_STORE,
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="visits-${list.site.code}-${list.day}.${params.data.format}"`,
    },
  });
});
