// POST { countryId, month, dryRun } - sends the country's month to its DHIS2 server (dry run first,
// then import) and answers DHIS2's import summary, or why nothing was sent. Same origin only (the
// route wrapper), audited (lib/dhis2/service.ts pushDhis2).
import { db, dbRead } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/action";
import { jsonResponse, readJson, route } from "@/lib/route";
import { pushDhis2 } from "@/lib/dhis2/service";
import { dhis2PushSchema } from "@/lib/dhis2/schemas";

export const dynamic = "force-dynamic";

const STATUS = { sent: 200, missingMapping: 409, notConfigured: 409, unreachable: 502, unauthorised: 502, badAnswer: 502 } as const;

export const POST = route({ name: "dhis2.push", permission: "dhis2.send" }, async ({ request, actor, meta }) => {
  const input = dhis2PushSchema.safeParse(await readJson(request));
  if (!input.success) throw new AppError("VALIDATION", "VALIDATION", fieldErrorsOf(input.error));
  const result = await pushDhis2({ read: dbRead, write: db }, actor, input.data, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip });
  return jsonResponse(result, STATUS[result.outcome]);
});
