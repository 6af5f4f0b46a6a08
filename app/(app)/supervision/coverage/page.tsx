import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { coverageReport } from "@/lib/coverage/queries";
import { interruptionsByUnit } from "@/lib/coverage/interruptions";
import { parseCoverageParams } from "@/lib/coverage/schemas";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Cell, DataTable } from "@/components/ui/table";
import { PeriodPicker } from "./period-picker";
import { CoverageView } from "./coverage-view";
import { MessageLog } from "./message-log";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("supervision"))("coverageTitle") };
}

export default async function CoveragePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("coverage.view");
  const { query, rangeError } = parseCoverageParams(await searchParams);
  const t = await getTranslations("supervision");
  const report = await coverageReport(db, actor, query, new Date());
  const interruptions = await interruptionsByUnit(db, actor, report.sites, report.level);
  const search = new URLSearchParams(Object.entries(query).filter(([, v]) => typeof v === "string") as [string, string][]).toString();
  const up = (keep: "none" | "country") => {
    const p = new URLSearchParams(search);
    p.delete("site");
    if (keep === "none") p.delete("country");
    return `/supervision/coverage?${p}`;
  };
  return (
    <>
      <PageHeader title={t("coverageTitle")} description={t("coverageIntro")} />
      {(report.country || report.site) && actor.role !== "SUPERVISOR" && (
        <nav aria-label={t("breadcrumb")} className="mb-3 text-sm">
          <ol className="flex flex-wrap gap-1">
            {!actor.countryId && (
              <li>
                <Link href={up("none")} className="text-brand-700 underline">{t("allCountries")}</Link> /
              </li>
            )}
            {report.site && (
              <li>
                <Link href={up("country")} className="text-brand-700 underline">{report.sites[0]?.countryName}</Link> /
              </li>
            )}
            <li aria-current="page">{report.site?.name ?? report.country?.name}</li>
          </ol>
        </nav>
      )}
      <PeriodPicker query={query} rangeError={rangeError} />
      <CoverageView initial={report} search={search} live={query.period === "today"} />
      <section className="mt-6 space-y-2" aria-labelledby="interruption-heading">
        <h2 id="interruption-heading" className="text-lg font-semibold">{t("interruption.title")}</h2>
        <p className="text-sm text-slate-600">{t("interruption.intro")}</p>
        {interruptions.rows.length === 0 ? (
          <EmptyState title={t("interruption.none")} />
        ) : (
          <DataTable caption={t("interruption.title")} head={[t(`interruption.level.${report.level}`), t("interruption.count")]}>
            {interruptions.rows.map((r) => (
              <tr key={r.id} data-testid="interruption-row">
                <Cell>{r.name}</Cell>
                <Cell>{r.count}</Cell>
              </tr>
            ))}
            <tr>
              <Cell className="font-medium">{t("interruption.total")}</Cell>
              <Cell><span data-testid="interruption-total">{interruptions.total}</span></Cell>
            </tr>
          </DataTable>
        )}
      </section>
      <div className="mt-6">
        <MessageLog actor={actor} country={query.country} site={query.site} />
      </div>
    </>
  );
}
