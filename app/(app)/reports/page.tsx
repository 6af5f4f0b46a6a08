import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { programmeOverview } from "@/lib/home/queries";
import { PageHeader } from "@/components/ui/card";
import { Stat } from "@/components/stat";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("home"))("reportsTitle") };
}

export default async function ReportsPage() {
  const actor = await requireActor("reports.view");
  const [t, o] = await Promise.all([getTranslations("home"), programmeOverview(db, actor)]);
  return (
    <>
      <PageHeader title={t("reportsTitle")} description={t("reportsIntro", { scope: o.scopeName ?? t("allCountries") })} />
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label={t("countries")} value={o.countries} />
        <Stat label={t("sites")} value={o.sites} />
        <Stat label={t("mentorMothers")} value={o.mentors} />
        <Stat label={t("activeClients")} value={o.activeClients} testId="active-clients" />
      </dl>
    </>
  );
}
