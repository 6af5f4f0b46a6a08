// Administrators connect a site to its facility's FHIR R4 server (issue 10): the base URL, the NAME
// of the environment variable that holds the access token (the token itself is never stored or
// shown), the codes that mean a viral load, on or off; and "pull now". Every change audited.
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { command } from "@/lib/action";
import { assertCan, type Actor } from "@/lib/authz";
import { conflict, notFound } from "@/lib/errors";
import { DEFAULT_VIRAL_LOAD_CODES, pullFeed, type PullResult } from "@/lib/facility/fhir";
import { saveFhirFeedSchema } from "@/lib/facility/schemas";

export const saveFhirFeedCommand = command({
  name: "facility.saveFeed",
  permission: "facility.feeds",
  schema: saveFhirFeedSchema,
  async run({ tx, input }) {
    const site = await tx.site.findUnique({ where: { id: input.siteId }, select: { id: true } });
    if (!site) throw notFound();
    const data = {
      baseUrl: input.baseUrl,
      tokenEnv: input.tokenEnv ?? null,
      viralLoadCodes: input.viralLoadCodes.length ? input.viralLoadCodes : [...DEFAULT_VIRAL_LOAD_CODES],
      enabled: input.enabled,
    };
    const existing = await tx.fhirFeed.findUnique({ where: { siteId: site.id }, select: { version: true, baseUrl: true } });
    if (!existing) {
      if (input.version !== 0) throw conflict();
      await tx.fhirFeed.create({ data: { siteId: site.id, ...data } });
    } else {
      // A new server starts from the beginning: nothing it has was pulled yet.
      const moved = existing.baseUrl !== input.baseUrl;
      const { count } = await tx.fhirFeed.updateMany({
        where: { siteId: site.id, version: input.version },
        data: { ...data, ...(moved ? { pulledUntil: null } : {}), version: { increment: 1 } },
      });
      if (count === 0) throw conflict();
    }
    return {
      data: { version: (existing?.version ?? 0) + 1 },
      audit: { action: "fhir.feed_saved", entityType: "site", entityId: site.id, meta: { enabled: input.enabled, codes: data.viralLoadCodes.length } },
    };
  },
});

/** The feed of a site, for the administrators' form (never the token). */
export async function getFhirFeed(db: PrismaClient, actor: Actor, siteId: string) {
  assertCan(actor, "facility.feeds");
  return db.fhirFeed.findUnique({
    where: { siteId },
    select: { baseUrl: true, tokenEnv: true, viralLoadCodes: true, enabled: true, version: true, lastPullAt: true, lastError: true, pulledUntil: true },
  });
}

/** "Pull now", checked and recorded like any write; the pull itself follows (pullFeedNow). */
export const requestFhirPullCommand = command({
  name: "facility.requestPull",
  permission: "facility.feeds",
  schema: z.object({ siteId: z.uuid() }).strict(),
  async run({ tx, input }) {
    const feed = await tx.fhirFeed.findUnique({ where: { siteId: input.siteId }, select: { siteId: true } });
    if (!feed) throw notFound();
    return { data: { siteId: feed.siteId }, audit: { action: "fhir.pull_requested", entityType: "site", entityId: feed.siteId } };
  },
});

/** The same pull the worker makes every 30 minutes, for one site. */
export async function pullFeedNow(db: PrismaClient, actor: Actor, siteId: string, now: Date): Promise<PullResult> {
  assertCan(actor, "facility.feeds");
  const feed = await db.fhirFeed.findUnique({ where: { siteId }, select: { siteId: true } });
  if (!feed) throw notFound();
  try {
    return await pullFeed(db, siteId, now);
  } catch (err) {
    await db.fhirFeed.update({ where: { siteId }, data: { lastPullAt: now, lastError: ((err as Error)?.message ?? "pull failed").slice(0, 200) } });
    throw err;
  }
}
