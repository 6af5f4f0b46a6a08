// Message log counts per site and month (issue 17) for coverage: a query of its own, next to the
// call coverage (lib/coverage/sql.ts). Counts only, never client data. A message counts in the
// site-local month it was due to go (a reply: came), by its latest status.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";
import { coverageSites } from "@/lib/coverage/queries";

export type MessageCounts = {
  siteId: string; siteName: string; month: string;
  sent: number; delivered: number; failed: number; unknown: number; replies: number; optOuts: number;
};

export const MESSAGE_LOG_MONTHS = 6;

export async function messageLog(db: PrismaClient, actor: Actor, filter: { country?: string; site?: string }, now: Date): Promise<MessageCounts[]> {
  const sites = await coverageSites(db, actor, filter);
  if (sites.length === 0) return [];
  const since = new Date(now.getTime() - (MESSAGE_LOG_MONTHS * 31 + 1) * 86_400_000);
  const rows = await db.$queryRaw<(Omit<MessageCounts, "siteName">)[]>`
    SELECT m.site_id::text AS "siteId", to_char(coalesce(m.send_at, m.created_at) AT TIME ZONE s.time_zone, 'YYYY-MM') AS month,
           count(*) FILTER (WHERE m.direction = 'out' AND last.status IN ('sent', 'delivered', 'read'))::int AS sent,
           count(*) FILTER (WHERE m.direction = 'out' AND last.status IN ('delivered', 'read'))::int AS delivered,
           count(*) FILTER (WHERE m.direction = 'out' AND last.status = 'failed')::int AS failed,
           count(*) FILTER (WHERE m.direction = 'out' AND last.status = 'unknown')::int AS unknown,
           count(*) FILTER (WHERE m.direction = 'in' AND m.reason = 'reply')::int AS replies,
           count(*) FILTER (WHERE m.direction = 'in' AND m.reason = 'stop')::int AS "optOuts"
    FROM messages m
    JOIN sites s ON s.id = m.site_id
    LEFT JOIN LATERAL (SELECT e.status FROM message_events e WHERE e.message_id = m.id ORDER BY e.id DESC LIMIT 1) AS last ON true
    WHERE m.site_id = ANY(${sites.map((x) => x.id)}::uuid[]) AND coalesce(m.send_at, m.created_at) >= ${since}
    GROUP BY 1, 2`;
  const names = new Map(sites.map((x) => [x.id, x.name]));
  return rows
    .map((r) => ({ ...r, siteName: names.get(r.siteId) ?? "" }))
    .sort((a, b) => (a.month === b.month ? a.siteName.localeCompare(b.siteName) : a.month < b.month ? 1 : -1));
}
