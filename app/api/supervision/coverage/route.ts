// GET the coverage of the signed-in supervisor's / manager's scope for a period (lib/coverage/
// queries.ts): what /supervision/coverage refreshes from every minute while it shows today.
// Figures and staff names only; a Mentor Mother (or anyone without coverage.view) gets 404.
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/action";
import { jsonResponse, route } from "@/lib/route";
import { parseWithKeys } from "@/lib/validation";
import { coverageReport } from "@/lib/coverage/queries";
import { coverageQuerySchema } from "@/lib/coverage/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ name: "coverage.read", permission: "coverage.view" }, async ({ request, actor, meta }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = parseWithKeys(coverageQuerySchema, params);
  if (!parsed.success) throw new AppError("VALIDATION", "correctFields", fieldErrorsOf(parsed.error));
  return jsonResponse(await coverageReport(db, actor, parsed.data, meta.now));
});
