import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { log } from "@/lib/log";
import { isDatabaseUnavailable } from "@/lib/errors";
import { dateOnly } from "@/lib/dates";
import { mentorHome } from "@/lib/home/queries";
import { ensureTodayGenerated } from "@/lib/calls/commands";
import { myTasksForDay, type QueueTask } from "@/lib/calls/queries";
import { claimNextTaskAction } from "@/lib/calls/record-actions";
import { Alert, Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Button } from "@/components/ui/button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("home"))("queueTitle") };
}

/** Reasons that call for the most care get a stronger colour. */
const TONE: Record<string, "red" | "amber" | "slate"> = { missed: "red", eac_high: "red", eac_low: "amber", appointment: "amber" };

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
  // Before the site's scheduled run (shortly after midnight) has happened, make today's list now.
  let failed = false;
  try {
    await ensureTodayGenerated(db, actor);
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw err;
    failed = true;
    log("error", "calls.ensure_today_failed", { actor: actor.userId, error: (err as Error)?.message?.slice(0, 300) });
  }
  const [t, tg, tc, tcalls, tcs, home, myDay] = await Promise.all([
    getTranslations("home"),
    getTranslations("generation"),
    getTranslations("common"),
    getTranslations("calls"),
    getTranslations("callscreen"),
    mentorHome(db, actor),
    myTasksForDay(db, actor),
  ]);

  const explain = (task: QueueTask) =>
    task.explanation.map((e) => {
      const key = `explain.${e.key}`;
      // ICU `select` matches text: booleans go in as "true" / "false".
      const values = Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, typeof v === "boolean" ? String(v) : v]));
      return tcalls.has(key) ? tcalls(key, values) : null;
    });

  return (
    <>
      <PageHeader
        title={t("queueTitle")}
        description={myDay.site ? tg("queue.intro", { site: myDay.site.name, date: dateOnly(myDay.day) }) : undefined}
        actions={
          myDay.tasks.length > 0 ? (
            <form action={nextCall}>
              <Button type="submit" data-testid="next-call">{tcs("nextCall")}</Button>
            </form>
          ) : undefined
        }
      />
      {noNext && (
        <div className="mb-3">
          <Alert kind="info">{tcs("nothingNow")}</Alert>
        </div>
      )}
      <div className="grid gap-4 md:grid-cols-3">
        <section className="space-y-3 md:col-span-2" aria-labelledby="queue-list-title">
          {failed && <Alert>{tg("queue.generateFailed")}</Alert>}
          {myDay.tasks.length === 0 ? (
            <EmptyState title={tg("queue.emptyTitle")}>
              <span id="queue-list-title" data-testid="queue-empty">
                {!myDay.workingDay ? tg("queue.emptyNotWorkingDay") : !myDay.worksToday ? tg("queue.emptyNotWorking") : tg("queue.emptyHint")}
              </span>
            </EmptyState>
          ) : (
            <>
              <p id="queue-list-title" className="text-sm text-slate-700" role="status">
                {tg("queue.count", { n: myDay.tasks.length })}
              </p>
              <ol className="space-y-3" data-testid="queue-list">
                {myDay.tasks.map((task) => (
                  <li key={task.id} data-testid="queue-task" data-status={task.status}>
                    <Card>
                      <div className="flex flex-wrap items-baseline justify-between gap-2">
                        <h2 className="text-base font-semibold">
                          <Link
                            href={`/queue/${task.id}`}
                            className="inline-flex min-h-11 items-center text-brand-700 underline"
                            aria-label={tcs("openTask", { firstName: task.firstName })}
                            data-testid="queue-task-link"
                          >
                            {task.firstName}
                          </Link>
                        </h2>
                        <span className="text-xs text-slate-600">
                          {tg(`queue.status.${task.status}`)} · {tg("queue.attempts", { n: task.attempts })}
                        </span>
                      </div>
                      <ul className="mt-2 flex flex-wrap gap-1" aria-label={tg("queue.reasonsLabel")}>
                        {task.reasons.map((r) => (
                          <li key={r}>
                            <Badge tone={TONE[r] ?? "slate"}>{tcalls.has(`reasons.${r}`) ? tcalls(`reasons.${r}`) : r}</Badge>
                          </li>
                        ))}
                        <li>
                          <Badge tone="green">{tg("queue.priority", { n: task.priority })}</Badge>
                        </li>
                      </ul>
                      <details className="mt-2 text-sm">
                        <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">{tg("queue.why")}</summary>
                        <ul className="list-disc space-y-1 pl-5 text-slate-800" data-testid="queue-why">
                          {explain(task).map((line, i) => line && <li key={i}>{line}</li>)}
                        </ul>
                      </details>
                    </Card>
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
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
