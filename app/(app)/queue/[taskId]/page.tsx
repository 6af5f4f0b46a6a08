import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { differenceInCalendarMonths } from "date-fns";
import { db } from "@/lib/db";
import { PhoneFlags } from "@/components/phone-flags";
import { denyPage, requestMeta, requireActor } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { dateOnly } from "@/lib/dates";
import { callScreenTask } from "@/lib/calls/call-screen";
import { isOpenTask } from "@/lib/calls/task-status";
import { explanationLines } from "@/lib/calls/explain";
import { ReasonBadge } from "@/components/reason-badge";
import { isUuid } from "@/lib/validation";
import { scriptLocale } from "@/lib/calls/call-history";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { languageName } from "@/lib/content/language-names";
import { fillScript } from "@/lib/content/rules";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { OutcomeForm } from "./outcome-form";
import { DialConflict, DialLink, DialProvider } from "./dial";
import { AdherenceTimeline, LastCalls } from "./history";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("callscreen"))("outcome") };
}

export default async function CallScreenPage({ params }: { params: Promise<{ taskId: string }> }) {
  const actor = await requireActor("queue.work");
  const { taskId } = await params;
  if (!isUuid(taskId)) await denyPage(actor, "/queue/[taskId]", taskId);

  // Opening the screen changes nothing (architecture.md, convention 15): the task is claimed when
  // she taps a number (dial.tsx) or took it with "Next call". Not hers and not cover -> a real 404.
  const meta = await requestMeta();
  const [t, tcalls, tclients, format] = await Promise.all([
    getTranslations("callscreen"), getTranslations("calls"), getTranslations("clients"), getFormatter(),
  ]);
  let task;
  try {
    task = await callScreenTask(db, actor, taskId, meta.now, meta);
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") await denyPage(actor, "/queue/[taskId]", taskId);
    throw e;
  }
  const c = task.client;

  if (!isOpenTask(task.status) || task.claimedByOther) {
    const finished = !isOpenTask(task.status);
    return (
      <>
        <PageHeader title={t("title", { firstName: c.firstName })} />
        <Alert kind={finished ? "info" : "error"}>
          <span data-testid="claim-conflict">{finished ? t("finished") : t("claimedByOther")}</span>
        </Alert>
        <p className="mt-4">
          <ButtonLink href="/queue">{t("back")}</ButtonLink>
        </p>
        {/* Her recent attempts, so a call she recorded by mistake can still be corrected. */}
        <Card className="mt-4">
          <LastCalls calls={c.lastCalls} timeZone={task.timeZone} sex={c.sex} />
        </Card>
      </>
    );
  }

  const today = dateOnly(task.day);
  // The script in her language when the app has it, else in the Mentor Mother's own, saying so.
  const uiLocale = await getLocale();
  const scriptLoc = scriptLocale(c.language);
  const [ts, languageName] = await Promise.all([
    getTranslations({ locale: scriptLoc ?? uiLocale, namespace: "scripts" }),
    scriptLoc ? null : languageNameOf(actor, c.language, uiLocale),
  ]);
  // Scripts administrators wrote (lib/content) come first; reasons without one use the catalogue.
  const plan = task.scripts;
  const fallbackReasons = plan.reasons.filter((r) => !r.say && ts.has(`reasons.${r.key}`));
  const fill = (text: string) => fillScript(text, { firstName: c.firstName, mentorName: actor.name });
  const explain = explanationLines(task.explanation, tcalls, c.sex);

  return (
    <DialProvider taskId={task.id} initialPhoneId={task.dialledPhoneId}>
      <PageHeader
        title={<span data-testid="call-first-name">{t("title", { firstName: c.firstName })}</span>}
        actions={
          <>
            {/* On a phone the outcome buttons sit below the summary: one tap jumps there. */}
            <a href="#outcome-title" className="inline-flex min-h-11 items-center px-2 font-medium text-brand-700 underline md:hidden" data-testid="to-outcome">
              {t("toOutcome")}
            </a>
            <ButtonLink href="/queue">{t("back")}</ButtonLink>
          </>
        }
      />
      <div className="grid gap-4 md:grid-cols-2">
        <Card title={t("reasons")}>
          <ul className="flex flex-wrap gap-1">
            {task.reasons.map((r) => (
              <li key={r}>
                <ReasonBadge reason={r} label={tcalls.has(`reasons.${r}`) ? tcalls(`reasons.${r}`) : r} />
              </li>
            ))}
          </ul>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800">{explain.map((line, i) => <li key={i}>{line}</li>)}</ul>
        </Card>

        <Card title={t("phones")}>
          {c.phones.length === 0 ? (
            <p className="text-sm">{t("noPhone")}</p>
          ) : (
            <ul className="space-y-3">
              {c.phones.map((p) => (
                <li key={p.id} className="text-sm">
                  <DialLink phoneId={p.id} number={p.number} />
                  <PhoneFlags phone={p} t={t} />
                </li>
              ))}
            </ul>
          )}
          <DialConflict />
        </Card>

        <Card title={t("otherTitle")}>
          <p className="text-sm" data-testid="other-script">{t("otherScript", { firstName: c.firstName, sex: c.sex })}</p>
        </Card>

        <Card title={t("scriptsTitle")}>
          {plan.anyDraft && (
            <p className="mb-2 rounded-md border border-amber-400 bg-amber-50 px-2 py-1 text-sm font-medium text-amber-900" role="note" data-testid="script-draft-banner">
              {t("draftBanner")}
            </p>
          )}
          {!scriptLoc && fallbackReasons.length + (plan.identity ? 0 : 1) > 0 && (
            <p className="mb-2 rounded-md bg-amber-50 px-2 py-1 text-sm text-amber-900" data-testid="no-script-note">
              {t("noScript", { language: languageName ?? c.language, sex: c.sex })}
            </p>
          )}
          {plan.identity ? (
            <>
              <p className="text-sm font-medium" lang={c.language} data-testid="script-confirm" data-source={plan.identity.state}>
                {fill(plan.identity.text)}
              </p>
              <p className="mt-1 text-xs text-slate-700">{t("identityRule", { sex: c.sex })}</p>
            </>
          ) : (
            <p className="text-sm font-medium" lang={scriptLoc ?? uiLocale} data-testid="script-confirm" data-source="catalogue">
              {ts("confirm", { firstName: c.firstName, sex: c.sex })}
            </p>
          )}
          <ul className="mt-2 space-y-2">
            {plan.reasons.map((r) =>
              r.say ? (
                <li key={r.key}>
                  <h3 className="text-sm font-semibold">{tcalls.has(`reasons.${r.key}`) ? tcalls(`reasons.${r.key}`) : r.key}</h3>
                  <div lang={c.language} data-testid="reason-script" data-reason={r.key} data-source={r.state}>
                    {r.say.map((line, i) => (
                      <p key={i} className="text-sm">
                        {fill(line)}
                      </p>
                    ))}
                  </div>
                </li>
              ) : ts.has(`reasons.${r.key}`) ? (
                <li key={r.key}>
                  <h3 className="text-sm font-semibold">{tcalls.has(`reasons.${r.key}`) ? tcalls(`reasons.${r.key}`) : r.key}</h3>
                  <p className="text-sm" lang={scriptLoc ?? uiLocale} data-testid="reason-script" data-reason={r.key} data-source="catalogue">
                    {ts(`reasons.${r.key}`)}
                  </p>
                </li>
              ) : null,
            )}
          </ul>
        </Card>

        <Card title={t("summary", { sex: c.sex })}>
          <dl className="grid grid-cols-2 gap-2 text-sm">
            <dt className="text-slate-600">{t("category")}</dt>
            <dd>{tclients.has(`categories.${c.category}`) ? tclients(`categories.${c.category}`) : c.category}</dd>
            <dt className="text-slate-600">{t("infants")}</dt>
            <dd>
              {c.infantBirthDates.length === 0
                ? t("none")
                : c.infantBirthDates.map((d) => t("infantAge", { months: Math.max(0, differenceInCalendarMonths(today, dateOnly(d))) })).join(", ")}
            </dd>
            <dt className="text-slate-600">{t("artStart")}</dt>
            <dd>{c.artStartDate ? t("date", { date: dateOnly(c.artStartDate) }) : t("none")}</dd>
            <dt className="text-slate-600">{t("lastVl")}</dt>
            <dd>{c.lastVl ? t("lastVlValue", { copies: c.lastVl.copies ?? 0, date: dateOnly(c.lastVl.date) }) : t("none")}</dd>
            <dt className="text-slate-600">{t("nextAppointment")}</dt>
            <dd>{c.nextAppointment ? t("date", { date: dateOnly(c.nextAppointment.date) }) : t("none")}</dd>
          </dl>
          <AdherenceTimeline weeks={c.adherence} sex={c.sex} />
          <LastCalls calls={c.lastCalls} timeZone={task.timeZone} sex={c.sex} />
        </Card>
      </div>
      <section className="mt-4" aria-labelledby="outcome-title">
        <Card>
          <h2 id="outcome-title" className="mb-2 text-base font-semibold">{t("outcome")}</h2>
          <OutcomeForm
            taskId={task.id}
            sex={c.sex}
            missed={task.reasons.includes("missed")}
            phones={c.phones.map((p) => ({ id: p.id, number: p.number }))}
            appointments={c.appointments.map((a) => ({
              id: a.id,
              state: a.state,
              label: `${tclients.has(`appointmentKinds.${a.kind}`) ? tclients(`appointmentKinds.${a.kind}`) : a.kind}, ${format.dateTime(dateOnly(a.date), { dateStyle: "medium", timeZone: "UTC" })}`,
            }))}
          />
        </Card>
      </section>
    </DialProvider>
  );
}

/** The client's language by name (lib/content/language-names.ts). */
async function languageNameOf(actor: Awaited<ReturnType<typeof requireActor>>, code: string, uiLocale: string): Promise<string> {
  const programme = await getProgrammeSettings(db, actor);
  return languageName(code, uiLocale, programme.settings.languages);
}
