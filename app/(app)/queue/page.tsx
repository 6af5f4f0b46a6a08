import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { mentorHome } from "@/lib/home/queries";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("home"))("queueTitle") };
}

export default async function QueuePage() {
  const actor = await requireActor("queue.work");
  const [t, tc, home] = await Promise.all([getTranslations("home"), getTranslations("common"), mentorHome(db, actor)]);
  const site = home.sites[0];
  return (
    <>
      <PageHeader title={t("queueTitle")} description={site ? t("queueIntro", { site: site.name }) : undefined} />
      <div className="grid gap-4 md:grid-cols-3">
        <div className="md:col-span-2">
          <EmptyState title={t("queueEmpty")}>{t("queueEmptyHint")}</EmptyState>
        </div>
        <Card title={t("myProfile")}>
          <dl className="grid grid-cols-2 gap-2 text-sm">
            <dt className="text-slate-600">{t("mySite")}</dt>
            <dd>{home.sites.map((s) => s.name).join(", ") || tc("none")}</dd>
            <dt className="text-slate-600">{t("myLanguages")}</dt>
            <dd>{home.profile?.languages.join(", ") || tc("none")}</dd>
            <dt className="text-slate-600">{t("myCapacity")}</dt>
            <dd>{home.profile?.dailyCapacity ?? "-"}</dd>
            <dt className="text-slate-600">{t("myWorkingDays")}</dt>
            <dd>{home.profile?.workingDays.map((d) => tc(`weekdays.${d}`)).join(" ") || tc("none")}</dd>
            <dt className="text-slate-600">{t("myCaseload")}</dt>
            <dd data-testid="caseload">{home.activeClients}</dd>
          </dl>
        </Card>
      </div>
    </>
  );
}
