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
import { todayAtAGlance } from "@/lib/coverage/queries";
import { reachRate } from "@/lib/coverage/definitions";
import { openEscalationCount } from "@/lib/escalations/queries";
import { transfersWaitingFor } from "@/lib/clients/transfers";
import { dueBackCheckCount } from "@/lib/back-checks/queries";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("home"))("supervisionTitle") };
}

export default async function SupervisionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("supervision.view");
  const generated = (await searchParams).generated;
  const now = new Date();
  const [t, tc, ta, ts, te, home, runs, today, escalations, transfersWaiting, backChecksDue] = await Promise.all([
    getTranslations("home"),
    getTranslations("common"),
    getTranslations("assignment"),
    getTranslations("supervision"),
    getTranslations("clientEdit"),
    supervisorHome(db, actor),
    todayRuns(db, actor, now),
    todayAtAGlance(db, actor, now),
    openEscalationCount(db, actor),
    transfersWaitingFor(db, actor),
    dueBackCheckCount(db, actor),
  ]);
  const rate = reachRate(today.total);
  const silent = today.rows.filter((r) => r.noCallYet);
  const siteName = new Map(home.sites.map((s) => [s.id, s.name]));
  return (
    <>
      <PageHeader title={t("supervisionTitle")} description={t("supervisionIntro")} />
      <p className="mb-3 text-sm">
        {t("mySite")}: <strong>{home.sites.map((s) => s.name).join(", ") || tc("none")}</strong>
      </p>
      <section aria-labelledby="today-glance" className="mb-4 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="today-glance" className="mb-2 text-lg font-semibold">{ts("home.todayTitle")}</h2>
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          <div><dt className="text-xs text-slate-600">{ts("figures.due")}</dt><dd className="text-xl font-bold">{today.total.due}</dd></div>
          <div><dt className="text-xs text-slate-600">{ts("figures.reached")}</dt><dd className="text-xl font-bold">{today.total.reached}</dd></div>
          <div>
            <dt className="text-xs text-slate-600">{ts("figures.rate")}</dt>
            <dd className={rate !== null && rate * 100 < today.goalPercent ? "text-xl font-bold text-red-800" : "text-xl font-bold"}>
              {rate === null ? "–" : `${Math.round(rate * 100)} %`}
            </dd>
          </div>
          <div><dt className="text-xs text-slate-600">{ts("home.openEscalations")}</dt><dd className="text-xl font-bold">{escalations}</dd></div>
          <div><dt className="text-xs text-slate-600">{ts("backChecks.homeDue")}</dt><dd className="text-xl font-bold" data-testid="backchecks-due">{backChecksDue}</dd></div>
        </dl>
        <h3 className="mt-3 text-sm font-semibold">{ts("home.noCallYet")}</h3>
        <p className="text-sm">{silent.length ? silent.map((r) => r.name).join(", ") : ts("home.nobody")}</p>
        <div className="mt-3 flex flex-wrap gap-2">
          <ButtonLink href="/supervision/coverage?period=today" variant="primary">{ts("home.seeCoverage")}</ButtonLink>
          <ButtonLink href="/supervision/escalations">{ts("home.seeEscalations")}</ButtonLink>
          <ButtonLink href="/supervision/not-reached">{ts("home.seeNotReached")}</ButtonLink>
          <ButtonLink href="/supervision/back-checks">{ts("backChecks.homeLink")}</ButtonLink>
        </div>
      </section>
      <div className="mb-4 grid gap-3 sm:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <ButtonLink href="/supervision/caseloads" variant="primary">{ta("nav.caseloads")}</ButtonLink>
          <p className="mt-2 text-sm text-slate-600">{ta("nav.caseloadsHint")}</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <ButtonLink href="/supervision/reassign" variant="primary">{ta("nav.reassign")}</ButtonLink>
          <p className="mt-2 text-sm text-slate-600">{ta("nav.reassignHint")}</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <ButtonLink href="/supervision/transfers" variant="primary">{te("transfers.homeLink")}</ButtonLink>
          <p className="mt-2 text-sm text-slate-600">{te("transfers.waiting", { n: transfersWaiting })} · {te("transfers.homeHint")}</p>
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
