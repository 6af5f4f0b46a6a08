import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { backCheckList } from "@/lib/back-checks/queries";
import { Alert, Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { Cell, DataTable } from "@/components/ui/table";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("supervision"))("backChecks.title") };
}

const TONE = { DUE: "amber", CONFIRMED: "green", NOT_CONFIRMED: "red", COULD_NOT_REACH: "slate" } as const;

// The supervisor's back-check calls (issue 11): due first, each opening the call page; then the
// last 8 weeks' answers, not-confirmed ones with her note (this list is hers alone).
export default async function BackChecksPage() {
  const actor = await requireActor("backchecks.manage");
  const [t, list] = await Promise.all([getTranslations("supervision.backChecks"), backCheckList(db, actor, new Date())]);
  return (
    <>
      <PageHeader title={t("title")} description={t("intro")} />
      {list.truncated && <Alert kind="info">{t("truncated")}</Alert>}
      <h2 className="mb-2 text-lg font-semibold">{t("dueTitle")}</h2>
      {list.due.length === 0 ? (
        <EmptyState title={t("noneDue")} />
      ) : (
        <DataTable caption={t("dueTitle")} head={[t("client"), t("mentor"), t("callDay"), t("action")]}>
          {list.due.map((r) => (
            <tr key={r.id} data-testid="backcheck-due">
              <Cell>{r.client.firstName} · {r.client.ref}</Cell>
              <Cell>{r.mentor.name}</Cell>
              <Cell>{r.callDay}</Cell>
              <Cell>
                <Link href={`/supervision/back-checks/${r.id}`} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline">
                  {t("open", { firstName: r.client.firstName })}
                </Link>
              </Cell>
            </tr>
          ))}
        </DataTable>
      )}
      <h2 className="mb-2 mt-6 text-lg font-semibold">{t("recordedTitle")}</h2>
      {list.recorded.length === 0 ? (
        <EmptyState title={t("noneRecorded")} />
      ) : (
        <DataTable caption={t("recordedTitle")} head={[t("client"), t("mentor"), t("callDay"), t("result"), t("note")]}>
          {list.recorded.map((r) => (
            <tr key={r.id} data-testid="backcheck-recorded">
              <Cell>{r.client.firstName} · {r.client.ref}</Cell>
              <Cell>{r.mentor.name}</Cell>
              <Cell>{r.callDay}</Cell>
              <Cell><Badge tone={TONE[r.status]}>{t(`results.${r.status}`)}</Badge></Cell>
              <Cell>{r.note ?? "–"}</Cell>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
