"use server";
import { revalidatePath } from "next/cache";
import type { CommandInput } from "@/lib/action";
import { getActor } from "@/lib/auth";
import { db } from "@/lib/db";
import { serverAction } from "@/lib/server-action";
import { pullFeedNow, requestFhirPullCommand, saveFhirFeedCommand } from "@/lib/facility/feeds";

export async function saveFhirFeedAction(input: CommandInput<typeof saveFhirFeedCommand>) {
  return serverAction(saveFhirFeedCommand, input);
}

/** "Pull now" from the site page (a plain form post): the request is checked and audited as a
 * command, then the pull runs; the page then shows the feed's last pull or its error. */
export async function pullFeedNowAction(form: FormData): Promise<void> {
  const request = await serverAction(requestFhirPullCommand, { siteId: String(form.get("siteId") ?? "") });
  const actor = await getActor();
  if (!request.ok || !actor) return;
  await pullFeedNow(db, actor, request.data.siteId, new Date()).catch(() => undefined);
  revalidatePath(`/admin/sites/${request.data.siteId}`);
}
