import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { clientsNotReached } from "@/lib/escalations/queries";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Cell, DataTable } from "@/components/ui/table";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("supervision"))("notReached.title") };
}

export default async function NotReachedPage() {
  const actor = await requireActor("escalations.manage");
  const [t, ts, tc, format, list] = await Promise.all([
    getTranslations("supervision.notReached"),
    getTranslations("supervision"),
    getTranslations("callscreen"),
    getFormatter(),
    clientsNotReached(db, actor, new Date()),
  ]);
  const date = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium" });
  return (
    <>
      <PageHeader title={t("title")} description={t("intro", { days: list.days })} />
      {list.rows.length === 0 ? (
        <EmptyState title={t("none")} />
      ) : (
        <DataTable caption={t("caption")} head={[ts("client"), t("lastReached"), t("lastAttempt"), ts("escalations.holder"), t("reassign")]}>
          {list.rows.map((r) => (
            <tr key={r.client.id}>
              <Cell>
                <Link href={`/clients/${r.client.id}`} className="font-medium text-brand-700 underline">
                  {r.client.firstName} · {r.client.ref}
                </Link>
              </Cell>
              <Cell>{r.lastReachedAt ? date(r.lastReachedAt) : t("never")}</Cell>
              <Cell>{r.lastAttempt ? `${date(r.lastAttempt.at)} · ${tc(`dispositions.${r.lastAttempt.disposition}`)}` : "–"}</Cell>
              <Cell>{r.holder.name}</Cell>
              <Cell>
                <Link href={`/supervision/reassign?client=${r.client.id}`} className="text-brand-700 underline">
                  {t("reassign")}
                </Link>
              </Cell>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
