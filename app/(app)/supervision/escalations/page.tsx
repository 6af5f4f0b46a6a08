import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { openEscalations } from "@/lib/escalations/queries";
import { allowedResolutions } from "@/lib/escalations/rules";
import { Alert, Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { Cell, DataTable } from "@/components/ui/table";
import { EscalationActions } from "./escalation-actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("supervision"))("escalations.title") };
}

export default async function EscalationsPage() {
  const actor = await requireActor("escalations.manage");
  const [t, te, list] = await Promise.all([getTranslations("supervision.escalations"), getTranslations("clientEdit"), openEscalations(db, actor, new Date())]);
  return (
    <>
      <PageHeader title={t("title")} description={t("intro")} />
      {list.truncated && <Alert kind="info">{t("caption")}</Alert>}
      {list.rows.length === 0 ? (
        <EmptyState title={t("none")} />
      ) : (
        <DataTable caption={t("caption")} head={[t("cause"), t("holder"), t("opened"), t("age"), t("state"), t("actions")]}>
          {list.rows.map((r) => (
            <tr key={r.id} data-testid="escalation-row">
              <Cell>
                <Link href={`/clients/${r.client.id}`} className="font-medium text-brand-700 underline">
                  {r.client.firstName} · {r.client.ref}
                </Link>
                <span className="block text-sm">{t(`causes.${r.cause}`)}</span>
                {r.cause === "PHONE_UPDATE" && (
                  // Resolved through the client edit (lib/clients/edit-commands.ts): a working number closes it.
                  <Link href={`/clients/${r.client.id}/edit?from=escalation`} className="mt-1 inline-flex min-h-11 items-center text-sm font-medium text-brand-700 underline">
                    {te("fixPhone")}
                  </Link>
                )}
                {r.interruptionSince && (
                  <span className="mt-1 block" data-testid="interruption">
                    <Badge tone="red">{t("interruption", { since: r.interruptionSince })}</Badge>
                  </span>
                )}
              </Cell>
              <Cell>{r.holder?.name ?? "–"}</Cell>
              <Cell>{r.openedDay}</Cell>
              <Cell>{t("ageDays", { days: r.ageDays })}</Cell>
              <Cell>
                <Badge tone={r.status === "OPEN" ? "red" : "amber"}>{t(`statuses.${r.status}`)}</Badge>
              </Cell>
              <Cell>
                <EscalationActions
                  escalationId={r.id}
                  version={r.version}
                  allowed={allowedResolutions(r.status)}
                  mentors={list.mentors.filter((m) => m.siteId === r.siteId)}
                  holderId={r.holder?.id ?? null}
                  sex={r.client.sex}
                />
              </Cell>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
