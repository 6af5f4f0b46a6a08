// GET "why is this client on my list today" for a task she may open (lib/authz.ts taskScope): the
// sentences of lib/calls/explain.ts, already translated in her language, fetched when she opens the
// details (the queue itself stays small). The read is audited.
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { jsonResponse, route } from "@/lib/route";
import { explainMyTask } from "@/lib/calls/queries";
import { explanationLines } from "@/lib/calls/explain";

export const dynamic = "force-dynamic";

export const GET = route<{ taskId: string }>({ name: "queue.why", permission: "queue.work" }, async ({ actor, params, meta }) => {
  const [task, t] = await Promise.all([explainMyTask(db, actor, params.taskId, meta.now, meta), getTranslations("calls")]);
  return jsonResponse({ lines: explanationLines(task.explanation, t, task.sex) });
});
