import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { supervisorHome } from "@/lib/home/queries";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { Cell, DataTable } from "@/components/ui/table";
import { ButtonLink } from "@/components/ui/button";
import { TodayLists } from "@/components/today-lists";
import { todayRuns } from "@/lib/calls/queries";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("home"))("supervisionTitle") };
}

export default async function SupervisionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("supervision.view");
  const generated = (await searchParams).generated;
  const [t, tc, ta, home, runs] = await Promise.all([
    getTranslations("home"),
    getTranslations("common"),
    getTranslations("assignment"),
    supervisorHome(db, actor),
    todayRuns(db, actor, new Date()),
  ]);
  const siteName = new Map(home.sites.map((s) => [s.id, s.name]));
  return (
    <>
      <PageHeader title={t("supervisionTitle")} description={t("supervisionIntro")} />
      <p className="mb-3 text-sm">
        {t("mySite")}: <strong>{home.sites.map((s) => s.name).join(", ") || tc("none")}</strong>
      </p>
      <div className="mb-4 grid gap-3 sm:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <ButtonLink href="/supervision/caseloads" variant="primary">{ta("nav.caseloads")}</ButtonLink>
          <p className="mt-2 text-sm text-slate-600">{ta("nav.caseloadsHint")}</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <ButtonLink href="/supervision/reassign" variant="primary">{ta("nav.reassign")}</ButtonLink>
          <p className="mt-2 text-sm text-slate-600">{ta("nav.reassignHint")}</p>
        </div>
      </div>
      <div className="mb-4">
        <TodayLists rows={runs} back="supervision" chooseSite={false} generated={typeof generated === "string" ? generated : undefined} />
      </div>
      <h2 className="mb-2 text-lg font-semibold">{t("team")}</h2>
      {home.mentors.length === 0 ? (
        <EmptyState title={t("noTeam")} />
      ) : (
        <DataTable caption={t("team")} head={[t("team"), t("mySite"), t("myLanguages"), t("myCapacity"), t("myCaseload"), tc("status")]}>
          {home.mentors.map((m) => (
            <tr key={m.id}>
              <Cell>{m.name}</Cell>
              <Cell>{m.sites.map((s) => siteName.get(s.siteId)).filter(Boolean).join(", ")}</Cell>
              <Cell>{m.mentorProfile?.languages.join(", ")}</Cell>
              <Cell>{m.mentorProfile?.dailyCapacity}</Cell>
              <Cell>{m._count.clients}</Cell>
              <Cell>{m.active ? <Badge tone="green">{tc("active")}</Badge> : <Badge>{tc("inactive")}</Badge>}</Cell>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
