import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { log } from "@/lib/log";
import { isDatabaseUnavailable } from "@/lib/errors";
import { dateOnly } from "@/lib/dates";
import { mentorHome } from "@/lib/home/queries";
import { ensureTodayGenerated } from "@/lib/calls/commands";
import { myQueue } from "@/lib/calls/queue";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { languageNamer } from "@/lib/content/language-names";
import { claimNextTaskAction } from "@/lib/calls/record-actions";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { QueueView, type QueueLabels } from "./queue-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("home"))("queueTitle") };
}

/** "Next call": claims her next task (her own live claim first) and opens it; nothing due -> back
 * to the list with a note. A plain form post, so it works before any JavaScript has loaded. */
async function nextCall() {
  "use server";
  const res = await claimNextTaskAction({});
  if (res.ok && res.data) redirect(`/queue/${res.data.taskId}`);
  redirect("/queue?next=none");
}

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const noNext = (await searchParams).next === "none";
  const actor = await requireActor("queue.work");
  const now = new Date();
  // Before the site's scheduled run (shortly after midnight) has happened, make today's list now.
  let failed = false;
  try {
    await ensureTodayGenerated(db, actor, now);
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw err;
    failed = true;
    log("error", "calls.ensure_today_failed", { actor: actor.userId, error: (err as Error)?.message?.slice(0, 300) });
  }
  const [t, tg, tc, tcalls, tcs, home, queue, programme] = await Promise.all([
    getTranslations("home"),
    getTranslations("generation"),
    getTranslations("common"),
    getTranslations("calls"),
    getTranslations("callscreen"),
    mentorHome(db, actor),
    myQueue(db, actor, { now }),
    getProgrammeSettings(db, actor),
  ]);
  const languageOf = languageNamer(programme.settings.languages, await getLocale());
  const labels: QueueLabels = {
    reasons: tcalls.raw("reasons") as Record<string, string>,
    languages: Object.fromEntries([...new Set(queue.items.map((i) => i.language))].map((code) => [code, languageOf(code)])),
  };

  return (
    <>
      <PageHeader
        title={t("queueTitle")}
        description={queue.site ? tg("queue.intro", { site: queue.site.name, date: dateOnly(queue.day) }) : undefined}
      />
      {noNext && (
        <div className="mb-3">
          <Alert kind="info">{tcs("nothingNow")}</Alert>
        </div>
      )}
      <div className="grid gap-4 md:grid-cols-3">
        <section className="space-y-3 md:col-span-2" aria-labelledby="queue-list-title">
          {failed && <Alert>{tg("queue.generateFailed")}</Alert>}
          <QueueView
            initial={queue}
            labels={labels}
            nextCall={
              <form action={nextCall}>
                <Button type="submit" className="shrink-0" data-testid="next-call">{tcs("nextCall")}</Button>
              </form>
            }
          />
        </section>
        <Card title={t("myProfile")}>
          <dl className="grid grid-cols-2 gap-2 text-sm">
            <dt className="text-slate-600">{t("mySite")}</dt>
            <dd>{home.sites.map((s) => s.name).join(", ") || tc("none")}</dd>
            <dt className="text-slate-600">{t("myLanguages")}</dt>
            <dd data-testid="my-languages">{home.profile?.languages.map(languageOf).join(", ") || tc("none")}</dd>
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
