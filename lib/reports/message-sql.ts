// The message figures of lib/reports/message-rules.ts as one statement over every site in scope:
// coverage's counting definition (lib/coverage/message-definitions.ts messageCountsSql) over the
// messages counted on a site-local day of the period (each site's own days).
import { Prisma } from "@/lib/generated/prisma/client";
import { preparedQuery } from "@/lib/prisma-client";
import {
  emptyMessageFigures, lastStatusJoinSql, messageAtSql, messageCountsSql, MESSAGE_FIGURE_KEYS, type MessageFigures,
} from "@/lib/coverage/message-definitions";
import type { Period } from "@/lib/reports/enrolment-rules";

export function messageFiguresStatement(siteIds: readonly string[], p: Period): Prisma.Sql {
  const at = Prisma.raw(messageAtSql("m"));
  return Prisma.sql`
    SELECT ${Prisma.raw(messageCountsSql("m"))}
    FROM messages m
    JOIN sites s ON s.id = m.site_id
    ${Prisma.raw(lastStatusJoinSql("m"))}
    WHERE m.site_id = ANY(${[...siteIds]}::uuid[])
      -- a day either side of the period in UTC (no site is further off), then the site-local day
      AND ${at} >= (${p.from}::date - 1)::timestamp AT TIME ZONE 'UTC' AND ${at} < (${p.to}::date + 2)::timestamp AT TIME ZONE 'UTC'
      AND (${at} AT TIME ZONE s.time_zone)::date BETWEEN ${p.from}::date AND ${p.to}::date`;
}

export async function messageFiguresSql(db: object, siteIds: readonly string[], p: Period): Promise<MessageFigures> {
  const out = emptyMessageFigures();
  if (siteIds.length === 0) return out;
  const [r] = await preparedQuery<MessageFigures>(db, "reports.messages", messageFiguresStatement(siteIds, p));
  if (r) for (const k of MESSAGE_FIGURE_KEYS) out[k] = Number(r[k] ?? 0);
  return out;
}
