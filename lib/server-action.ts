import "server-only";
import type { z } from "zod";
import { headers } from "next/headers";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { isSameOrigin } from "@/lib/origin";
import { getActor, requestMeta } from "@/lib/auth";
import { execute, type ActionResult, type Command } from "@/lib/action";

/** Runs a command for the signed-in user of this request. Only "use server" files call this. */
export async function serverAction<S extends z.ZodType, T>(cmd: Command<S, T>, raw: z.input<S>): Promise<ActionResult<T>> {
  // proxy.ts refuses cross-site posts before they get here; this is the second lock on the door
  // (a request the proxy's matcher skips still meets it).
  if (!isSameOrigin(await headers(), env().TRUST_PROXY)) {
    log("warn", "access.denied", { action: cmd.name, code: "CROSS_SITE" });
    return { ok: false, error: { code: "NOT_FOUND", message: "NOT_FOUND" } };
  }
  const [actor, meta] = await Promise.all([getActor(), requestMeta()]);
  return execute(db, cmd, actor, raw, meta);
}
