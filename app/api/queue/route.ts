// GET the signed-in Mentor Mother's queue for her site-local today (lib/calls/queue.ts), for the
// queue page's background refresh. Health data: never cached; nothing about the tasks in the URL.
import { db } from "@/lib/db";
import { jsonResponse, route } from "@/lib/route";
import { myQueue } from "@/lib/calls/queue";

export const dynamic = "force-dynamic";

export const GET = route({ name: "queue.read", permission: "queue.work" }, async ({ actor, meta }) =>
  jsonResponse(await myQueue(db, actor, { now: meta.now })),
);
