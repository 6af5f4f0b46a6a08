// The profile's "Messages" card (issue 17): consent per phone, the message-consent form for those
// who may edit, and her reminder messages and replies with their latest status.
import { getFormatter, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/authz";
import { getClientMessaging } from "@/lib/messages/queries";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { MessageConsentForm } from "./message-consent-form";

export async function MessagesCard({ actor, clientId, version, canEdit, timeZone }: {
  actor: Actor; clientId: string; version: number; canEdit: boolean; timeZone: string;
}) {
  const [t, format, m] = await Promise.all([getTranslations("messaging"), getFormatter(), getClientMessaging(db, actor, clientId)]);
  return (
    <Card title={t("title")} id="messages">
      <ul className="space-y-1 text-sm text-slate-700">
        {m.phones.map((p) => (
          <li key={p.id}>
            <span className="font-mono">{p.number}</span>{" "}
            {p.optedOutAt ? t("consent.optedOut") : t("consent.summary", { sms: String(p.consentSms), whatsapp: String(p.consentWhatsapp) })}
          </li>
        ))}
      </ul>
      {canEdit && m.phones.length > 0 && (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium">{t("consent.edit")}</summary>
          <div className="mt-2">
            <MessageConsentForm clientId={clientId} version={version} messageLanguage={m.messageLanguage} phones={m.phones} />
          </div>
        </details>
      )}
      <h3 className="mt-4 text-sm font-semibold text-slate-800">{t("history")}</h3>
      {m.messages.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="message-history">
          {m.messages.map((x) => (
            <li key={x.id} className="space-y-1 py-2">
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <Badge>{t(`direction.${x.direction}`)}</Badge>
                <Badge tone="slate">{x.channel === "whatsapp" ? "WhatsApp" : "SMS"}</Badge>
                <span>{t(`status.${x.status}`)}</span>
                <span className="text-slate-600">{format.dateTime(x.at, { dateStyle: "medium", timeStyle: "short", timeZone })}</span>
              </p>
              <p className="text-sm text-slate-800">{x.body}</p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
