import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requestMeta, requireActor } from "@/lib/auth";
import { pendingTransfers, type TransferRow } from "@/lib/clients/transfers";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Cell, DataTable } from "@/components/ui/table";
import { TransferDecision } from "@/app/(app)/clients/[id]/edit/edit-forms";
import { TransferDecided } from "@/app/(app)/clients/[id]/edit/transfer-decided";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("clientEdit"))("transfers.title") };
}

/** Transfers waiting: those proposed to the supervisor's sites (accept / decline) and those her
 * sites proposed (withdraw). Supervisors and administrators; anyone else gets 404. */
export default async function TransfersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("clients.transfer");
  const [t, tp, format, list] = await Promise.all([
    getTranslations("clientEdit.transfers"),
    getTranslations("profile"),
    getFormatter(),
    pendingTransfers(db, actor, await requestMeta()),
  ]);
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium" });
  const table = (rows: TransferRow[], caption: string, decisions: readonly ("accept" | "decline" | "cancel")[], testId: string) => (
    <DataTable caption={caption} head={[t("client"), t("from"), t("to"), t("proposed"), t("actions")]}>
      {rows.map((r) => (
        <tr key={r.id} data-testid={testId}>
          <Cell>
            <span className="font-medium">{r.firstName} · {r.ref}</span>
            <span className="block text-sm">{tp.has(`categories.${r.category}`) ? tp(`categories.${r.category}`) : r.category}</span>
          </Cell>
          <Cell>{r.fromSite}</Cell>
          <Cell>{r.toSite}</Cell>
          <Cell>{when(r.proposedAt)} · {r.proposedBy}</Cell>
          <Cell>
            <TransferDecision transferId={r.id} version={r.version} decisions={decisions} />
          </Cell>
        </tr>
      ))}
    </DataTable>
  );
  return (
    <>
      <PageHeader title={t("title")} description={t("intro")} />
      <div className="mb-4 empty:hidden">
        <TransferDecided searchParams={await searchParams} />
      </div>
      <h2 className="mb-2 mt-4 text-lg font-semibold">{t("incoming")}</h2>
      {list.incoming.length === 0 ? <EmptyState title={t("noneIncoming")} /> : table(list.incoming, t("incomingCaption"), ["accept", "decline"], "transfer-in")}
      <h2 className="mb-2 mt-6 text-lg font-semibold">{t("outgoing")}</h2>
      {list.outgoing.length === 0 ? <EmptyState title={t("noneOutgoing")} /> : table(list.outgoing, t("outgoingCaption"), ["cancel"], "transfer-out")}
    </>
  );
}
