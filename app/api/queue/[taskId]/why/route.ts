// GET "why is this client on my list today" for one of the Mentor Mother's own tasks: the sentences
// of lib/calls/explain.ts, already translated in her language, fetched when she opens the details
// (the queue itself stays small). Anyone else's task, a made-up id, another role: 404; signed out: 401.
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { getActor } from "@/lib/auth";
import { can } from "@/lib/authz";
import { errorResponse, jsonResponse, refusal } from "@/lib/imports/http";
import { explainMyTask } from "@/lib/calls/queries";
import { explanationLines } from "@/lib/calls/explain";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ taskId: string }> }): Promise<Response> {
  try {
    const actor = await getActor();
    if (!actor) return refusal("UNAUTHENTICATED");
    if (!can(actor, "queue.work")) return refusal("NOT_FOUND");
    const { taskId } = await params;
    const [task, t] = await Promise.all([explainMyTask(db, actor, taskId), getTranslations("calls")]);
    const lines = explanationLines(task.explanation, t);
    return jsonResponse({ lines });
  } catch (err) {
    return errorResponse(err, "queue.why");
  }
}
