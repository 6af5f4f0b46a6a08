import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { listExports } from "@/lib/reports/queries";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { Cell, DataTable } from "@/components/ui/table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports"))("exportsTitle") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ExportsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor("admin.users");
  const raw = await searchParams;
  const before = typeof raw.before === "string" && /^\d{1,18}$/.test(raw.before) ? BigInt(raw.before) : undefined;
  const [t, format, rows] = await Promise.all([getTranslations("reports"), getFormatter(), listExports(db, actor, before)]);
  const known = new Set(["enrolment-report", "calls-report", "outcomes-report", "messages-report", "dhis2", "line-list", "line-list-identified"]);
  return (
    <>
      <PageHeader title={t("exportsTitle")} description={t("exportsIntro")} />
      {rows.length === 0 ? (
        <EmptyState title={t("exportsEmpty")} />
      ) : (
        <DataTable caption={t("exportsTitle")} head={[t("exportsHead.at"), t("exportsHead.who"), t("exportsHead.kind"), t("exportsHead.format"), t("exportsHead.rows"), t("exportsHead.filters"), t("exportsHead.reason")]}>
          {rows.map((r) => (
            <tr key={r.id}>
              <Cell>{format.dateTime(r.at, { dateStyle: "medium", timeStyle: "short" })}</Cell>
              <Cell>{r.actorName ?? "-"}</Cell>
              <Cell>
                {known.has(r.kind) ? t(`kinds.${r.kind}` as "kinds.line-list") : r.kind}
                {r.kind === "line-list-identified" && <> <Badge tone="amber">{t("exportsIdentified")}</Badge></>}
              </Cell>
              <Cell>{r.format}</Cell>
              <Cell>
                {r.rows ?? "-"}
                {!r.complete && <> <Badge tone="red">{t("exportsIncomplete")}</Badge></>}
              </Cell>
              <Cell className="font-mono text-xs">{Object.entries(r.filters).map(([k, v]) => `${k}=${v}`).join(" ")}</Cell>
              <Cell>{r.reason ?? ""}</Cell>
            </tr>
          ))}
        </DataTable>
      )}
      {rows.length === 100 && (
        <div className="mt-4">
          <ButtonLink href={`/admin/exports?before=${rows[rows.length - 1]!.id}`}>{t("exportsMore")}</ButtonLink>
        </div>
      )}
    </>
  );
}
