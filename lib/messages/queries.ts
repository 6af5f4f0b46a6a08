// What the profile shows about messages (issue 17): consent per phone and her messages, newest
// first, each with its latest status. Scoped by clientScope like every client read; the profile
// page's own `client.viewed` audit row covers this read (same page, same client).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";
import { clientScope } from "@/lib/authz";
import { notFound } from "@/lib/errors";

export type ProfileMessage = {
  id: string;
  direction: "out" | "in";
  channel: string;
  reason: string;
  body: string;
  number: string;
  at: Date;
  status: string;
};

export type ProfileMessaging = {
  messageLanguage: string | null;
  phones: { id: string; number: string; consentSms: boolean; consentWhatsapp: boolean; optedOutAt: Date | null }[];
  messages: ProfileMessage[];
};

export const PROFILE_MESSAGES_SHOWN = 50;

export async function getClientMessaging(db: PrismaClient, actor: Actor, clientId: string): Promise<ProfileMessaging> {
  const client = await db.client.findFirst({
    where: { AND: [clientScope(actor), { id: clientId }] },
    select: {
      messageLanguage: true,
      phones: {
        orderBy: [{ isPrimary: "desc" }, { number: "asc" }],
        select: { id: true, number: true, consentSms: true, consentWhatsapp: true, messagesOptedOutAt: true },
      },
    },
  });
  if (!client) throw notFound();
  const messages = await db.$queryRaw<ProfileMessage[]>`
    SELECT m.id::text AS id, m.direction, m.channel, m.reason, m.body, m.number, m.created_at AS at,
           coalesce(last.status, 'queued') AS status
    FROM messages m
    LEFT JOIN LATERAL (SELECT e.status FROM message_events e WHERE e.message_id = m.id ORDER BY e.id DESC LIMIT 1) AS last ON true
    WHERE m.client_id = ${clientId}::uuid
    ORDER BY m.created_at DESC, m.id
    LIMIT ${PROFILE_MESSAGES_SHOWN}`;
  return {
    messageLanguage: client.messageLanguage,
    phones: client.phones.map((p) => ({ id: p.id, number: p.number, consentSms: p.consentSms, consentWhatsapp: p.consentWhatsapp, optedOutAt: p.messagesOptedOutAt })),
    messages,
  };
}
