import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { assignmentSites, siteCaseloads, type SiteCaseload } from "@/lib/assignment/queries";
import { caseloadParamsSchema } from "@/lib/assignment/schemas";
import { Alert, Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { SitePicker } from "../site-picker";
import { LeaveManager } from "../leave-manager";
import { PasswordReset } from "@/components/password-reset";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("assignment"))("caseloads.title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CaseloadsPage({ searchParams }: Props) {
  const actor = await requireActor("clients.assign");
  const params = caseloadParamsSchema.parse(await searchParams);
  const [t, { sites, current }, { settings }] = await Promise.all([
    getTranslations("assignment"),
    assignmentSites(db, actor, params.site),
    getProgrammeSettings(db, actor),
  ]);
  if (!current) {
    return (
      <>
        <PageHeader title={t("caseloads.title")} />
        <EmptyState title={t("site.none")} />
      </>
    );
  }
  const view = await siteCaseloads(db, actor, current, new Date());
  const languageName = new Map(settings.languages.map((l) => [l.code, l.name]));
  const reassignHref = (extra: Record<string, string> = {}) => `/supervision/reassign?${new URLSearchParams({ site: current.id, ...extra })}`;

  return (
    <>
      <PageHeader
        title={t("caseloads.title")}
        description={t("caseloads.intro", { site: current.name })}
        actions={<ButtonLink href={reassignHref()}>{t("nav.reassign")}</ButtonLink>}
      />
      <SitePicker sites={sites} current={current.id} action="/supervision/caseloads" />
      {view.unassigned > 0 && (
        <div className="mb-4">
          <Alert kind="info">
            {t("caseloads.unassigned", { count: view.unassigned })}{" "}
            <a className="font-medium underline" href={reassignHref({ mentor: "none" })}>
              {t("caseloads.placeThem")}
            </a>
          </Alert>
        </div>
      )}
      {view.mentors.length === 0 ? (
        <EmptyState title={t("caseloads.empty")}>{t("caseloads.emptyHint")}</EmptyState>
      ) : (
        <ul aria-label={t("caseloads.list", { site: current.name })} className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          {view.mentors.map((m) => (
            <MentorCard
              key={m.id}
              mentor={m}
              today={view.today}
              languages={m.languages.map((c) => languageName.get(c) ?? c).join(", ")}
              reassignHref={reassignHref({ mentor: m.id })}
            />
          ))}
        </ul>
      )}
    </>
  );
}

async function MentorCard({ mentor: m, today, languages, reassignHref }: { mentor: SiteCaseload; today: string; languages: string; reassignHref: string }) {
  const [t, ts] = await Promise.all([getTranslations("assignment"), getTranslations("security.passwordReset")]);
  const percent = m.cap > 0 ? Math.round((m.caseload / m.cap) * 100) : 100;
  const tone = percent >= 100 ? "bg-red-600" : percent >= 90 ? "bg-amber-500" : "bg-green-600";
  const headingId = `mm-${m.id}`;
  return (
    <li aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="text-base font-semibold">
          {m.name}
        </h2>
        <div className="flex flex-wrap gap-1">
          {m.onLeaveToday && <Badge tone="amber">{t("caseloads.onLeaveToday")}</Badge>}
          {m.caseload >= m.cap && <Badge tone="red">{t("caseloads.atCap")}</Badge>}
        </div>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-600">{t("caseloads.caseload")}</dt>
        <dd>
          <span className="block">{t("caseloads.ofCap", { caseload: m.caseload, cap: m.cap, percent })}</span>
          <span className="block text-xs text-slate-600">{m.ownCap ? t("caseloads.ownCap") : t("caseloads.countryCap")}</span>
        </dd>
        <dt className="text-slate-600">{t("caseloads.languages")}</dt>
        <dd>{languages}</dd>
        <dt className="text-slate-600">{t("caseloads.dailyCapacity")}</dt>
        <dd>{m.dailyCapacity}</dd>
      </dl>
      {/* The figure above says it in words; the bar is for the eye only. */}
      <div aria-hidden="true" className="mt-2 h-2 w-full overflow-hidden rounded bg-slate-200">
        <div className={cn("h-full", tone)} style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
      <div className="mt-3">
        <ButtonLink href={reassignHref} className="w-full sm:w-auto">
          {t("caseloads.reassignHer")}
        </ButtonLink>
      </div>
      <details className="mt-3 rounded-md border border-slate-200 p-2">
        <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium">{t("caseloads.leave", { count: m.leaves.length })}</summary>
        <div className="mt-2">
          <LeaveManager mentorId={m.id} mentorName={m.name} leaves={m.leaves} today={today} />
        </div>
      </details>
      {/* Her own supervisor gives her a one-time password when she has forgotten hers. */}
      <details className="mt-3 rounded-md border border-slate-200 p-2">
        <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium">{ts("title")}</summary>
        <div className="mt-2">
          <PasswordReset userId={m.id} name={m.name} />
        </div>
      </details>
    </li>
  );
}
