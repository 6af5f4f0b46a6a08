import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { denyPage, requireActor } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { correctionTarget } from "@/lib/calls/call-screen";
import { isUuid } from "@/lib/validation";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { OutcomeForm } from "../../outcome-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("callscreen"))("correctTitle") };
}

/**
 * Correcting a call she recorded less than 24 hours ago (issue 5): the original is kept, the
 * correction is a new attempt pointing to it (lib/calls/record.ts correctOutcomeCommand). No claim:
 * the task is usually finished. Someone else's attempt or an unknown id is a plain 404.
 */
export default async function CorrectCallPage({ params }: { params: Promise<{ taskId: string; attemptId: string }> }) {
  const actor = await requireActor("queue.work");
  const { taskId, attemptId } = await params;
  if (!isUuid(taskId) || !isUuid(attemptId)) await denyPage(actor, "/queue/[taskId]/correct/[attemptId]", attemptId);
  let target;
  try {
    target = await correctionTarget(db, actor, taskId, attemptId, new Date());
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") await denyPage(actor, "/queue/[taskId]/correct/[attemptId]", attemptId);
    throw e;
  }
  const [t, format] = await Promise.all([getTranslations("callscreen"), getFormatter()]);
  const when = format.dateTime(new Date(target.at), { dateStyle: "medium", timeStyle: "short", timeZone: target.timeZone });

  return (
    <>
      <PageHeader title={t("correctHeading", { firstName: target.firstName })} actions={<ButtonLink href="/queue">{t("back")}</ButtonLink>} />
      <Card title={t("original")}>
        <dl className="grid grid-cols-2 gap-2 text-sm" data-testid="original-attempt">
          <dt className="text-slate-600">{t("originalOutcome")}</dt>
          <dd data-testid="original-disposition">{t(`dispositions.${target.disposition}`)}</dd>
          <dt className="text-slate-600">{t("originalWhen")}</dt>
          <dd>{when}</dd>
          {target.adherence && (
            <>
              <dt className="text-slate-600">{t("dosesMissed")}</dt>
              <dd>
                {target.adherence.dosesMissed7d}
                {target.adherence.pillsRanOut && <>, {t("adherencePillsRanOut")}</>}
              </dd>
            </>
          )}
          {target.notes && (
            <>
              <dt className="text-slate-600">{t("notes")}</dt>
              <dd className="whitespace-pre-line">{target.notes}</dd>
            </>
          )}
        </dl>
      </Card>
      <section className="mt-4" aria-labelledby="correction-title">
        <Card>
          <h2 id="correction-title" className="mb-2 text-base font-semibold">{t("correctionOutcome")}</h2>
          {target.state === "open" ? (
            <>
              <p className="mb-3 text-sm text-slate-700">{t("correctionHint")}</p>
              <OutcomeForm taskId={target.taskId} missed={target.missed} phoneId={target.phoneId ?? undefined} correctsId={target.attemptId} sex={target.sex} />
            </>
          ) : (
            <Alert kind="info">
              <span data-testid="correction-closed">
                {target.state === "expired" ? t("correctionExpired") : target.state === "corrected" ? t("correctionDone") : t("correctionOfCorrection")}
              </span>
            </Alert>
          )}
        </Card>
      </section>
    </>
  );
}
