import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { getActor, requestMeta } from "@/lib/auth";
import { execute, type ActionResult, type Command } from "@/lib/action";

/** Runs a command for the signed-in user of this request. Only "use server" files call this. */
export async function serverAction<S extends z.ZodType, T>(cmd: Command<S, T>, raw: z.input<S>): Promise<ActionResult<T>> {
  const [actor, meta] = await Promise.all([getActor(), requestMeta()]);
  return execute(db, cmd, actor, raw, meta);
}
