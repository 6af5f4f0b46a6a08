// POST a recorded call (lib/calls/record.ts recordOutcomeCommand) or, with `correctsId`, a
// correction of one: the call screen's outcome form sends here. A route handler, not a server
// action: measured cheaper per request on `next start` (bench B4H, docs/bench.md, decision 026).
// The answer is the command's result ({ ok, data } or { ok: false, error }), with the error's HTTP
// status; the form retries only when no answer came or the database was unavailable.
import { db } from "@/lib/db";
import { execute } from "@/lib/action";
import { httpStatus } from "@/lib/errors";
import { jsonResponse, readJson, route } from "@/lib/route";
import { metrics } from "@/lib/metrics";
import { correctOutcomeCommand, recordOutcomeCommand } from "@/lib/calls/record";

export const dynamic = "force-dynamic";

/** A recorded call, notes included, is a few KB at most. */
const MAX_BYTES = 16 * 1024;

export const POST = route({ name: "calls.record", permission: "queue.work" }, async ({ request, actor, meta }) => {
  const body = await readJson(request, MAX_BYTES);
  const correction = typeof body === "object" && body !== null && "correctsId" in body;
  const result = correction
    ? await execute(db, correctOutcomeCommand, actor, body, meta)
    : await execute(db, recordOutcomeCommand, actor, body, meta);
  if (result.ok && !correction) metrics().outcomes.inc({ disposition: result.data.disposition });
  return jsonResponse(result, result.ok ? 200 : httpStatus(result.error.code));
});
