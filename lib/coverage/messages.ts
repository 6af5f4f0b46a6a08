// Message log counts per site and month (issue 17) for coverage: a query of its own, next to the
// call coverage (lib/coverage/sql.ts). Counts only, never client data. A message counts in the
// site-local month it was due to go (a reply: came), by its latest status - the definition of
// lib/coverage/message-definitions.ts, which the reports' message figures use too.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";
import { coverageSites } from "@/lib/coverage/queries";
import { lastStatusJoinSql, messageAtSql, messageCountsSql, type MessageFigures } from "@/lib/coverage/message-definitions";

export type MessageCounts = { siteId: string; siteName: string; month: string } & MessageFigures;

export const MESSAGE_LOG_MONTHS = 6;

export async function messageLog(db: PrismaClient, actor: Actor, filter: { country?: string; site?: string }, now: Date): Promise<MessageCounts[]> {
  const sites = await coverageSites(db, actor, filter);
  if (sites.length === 0) return [];
  const since = new Date(now.getTime() - (MESSAGE_LOG_MONTHS * 31 + 1) * 86_400_000);
  const rows = await db.$queryRaw<(Omit<MessageCounts, "siteName">)[]>`
    SELECT m.site_id::text AS "siteId", to_char(${Prisma.raw(messageAtSql("m"))} AT TIME ZONE s.time_zone, 'YYYY-MM') AS month,
    ${Prisma.raw(messageCountsSql("m"))}
    FROM messages m
    JOIN sites s ON s.id = m.site_id
    ${Prisma.raw(lastStatusJoinSql("m"))}
    WHERE m.site_id = ANY(${sites.map((x) => x.id)}::uuid[]) AND ${Prisma.raw(messageAtSql("m"))} >= ${since}
    GROUP BY 1, 2`;
  const names = new Map(sites.map((x) => [x.id, x.name]));
  return rows
    .map((r) => ({ ...r, siteName: names.get(r.siteId) ?? "" }))
    .sort((a, b) => (a.month === b.month ? a.siteName.localeCompare(b.siteName) : a.month < b.month ? 1 : -1));
}
