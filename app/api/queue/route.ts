// GET the signed-in Mentor Mother's queue for her site-local today (lib/calls/queue.ts), for the
// queue page's background refresh. Health data: never cached; nothing about the tasks in the URL.
// Signed out: 401; any other role: the same bare 404 as a page.
import { db } from "@/lib/db";
import { getActor } from "@/lib/auth";
import { can } from "@/lib/authz";
import { errorResponse, jsonResponse, refusal } from "@/lib/imports/http";
import { myQueue } from "@/lib/calls/queue";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const actor = await getActor();
    if (!actor) return refusal("UNAUTHENTICATED");
    if (!can(actor, "queue.work")) return refusal("NOT_FOUND");
    return jsonResponse(await myQueue(db, actor));
  } catch (err) {
    return errorResponse(err, "queue.read");
  }
}
