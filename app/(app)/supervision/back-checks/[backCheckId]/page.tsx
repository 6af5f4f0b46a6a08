import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { denyPage, requireActor } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import { PhoneFlags } from "@/components/phone-flags";
import { scriptLocale } from "@/lib/calls/call-history";
import { backCheckView } from "@/lib/back-checks/queries";
import { ButtonLink } from "@/components/ui/button";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { BackCheckForm } from "./back-check-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("supervision"))("backChecks.callTitle") };
}

// One back-check call: the number with its safe hours and shared-phone flags, the "someone else
// answered" script, the identity check and the back-check questions in the client's language when
// the app has it, and the form. Out of scope or unknown: 404.
export default async function BackCheckPage({ params }: { params: Promise<{ backCheckId: string }> }) {
  const actor = await requireActor("backchecks.manage");
  const { backCheckId } = await params;
  if (!isUuid(backCheckId)) await denyPage(actor, "/supervision/back-checks/[backCheckId]", backCheckId);
  let v;
  try {
    v = await backCheckView(db, actor, backCheckId, new Date());
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") await denyPage(actor, "/supervision/back-checks/[backCheckId]", backCheckId);
    throw e;
  }
  const uiLocale = await getLocale();
  const scriptLoc = scriptLocale(v.client.language) ?? uiLocale;
  const [t, tc, ts] = await Promise.all([
    getTranslations("supervision.backChecks"),
    getTranslations("callscreen"),
    getTranslations({ locale: scriptLoc, namespace: "scripts" }),
  ]);
  const p = v.phone;
  return (
    <>
      <PageHeader
        title={<span data-testid="backcheck-title">{t("callHeading", { firstName: v.client.firstName, ref: v.client.ref })}</span>}
        description={t("callIntro", { mentor: v.mentorName, day: v.callDay })}
        actions={<ButtonLink href="/supervision/back-checks">{t("back")}</ButtonLink>}
      />
      {v.block && <Alert kind="info"><span data-testid="backcheck-block">{t(`blocks.${v.block}`)}</span></Alert>}
      <div className="grid gap-4 md:grid-cols-2">
        <Card title={tc("phones")}>
          {!p ? (
            <p className="text-sm">{tc("noPhone")}</p>
          ) : (
            <div className="text-sm">
              <a href={`tel:${p.number}`} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline">{tc("call", { number: p.number })}</a>
              <PhoneFlags phone={p} t={tc} />
            </div>
          )}
        </Card>
        <Card title={tc("otherTitle")}>
          <p className="text-sm" data-testid="other-script">{tc("otherScript", { firstName: v.client.firstName, sex: v.client.sex })}</p>
        </Card>
        <Card title={t("scriptTitle")}>
          <p className="text-sm font-medium" lang={scriptLoc}>{ts("confirm", { firstName: v.client.firstName, sex: v.client.sex })}</p>
          <p className="mt-2 text-sm" lang={scriptLoc} data-testid="backcheck-script">
            {ts("backCheck", { day: new Date(`${v.callDay}T12:00:00Z`), mentor: v.mentorName })}
          </p>
        </Card>
        <Card title={t("recordTitle")}>
          {v.status === "DUE" ? (
            <BackCheckForm backCheckId={v.id} version={v.version} blocked={v.block !== null} />
          ) : (
            <p className="text-sm">{t("alreadyRecorded", { result: t(`results.${v.status}`) })}</p>
          )}
        </Card>
      </div>
    </>
  );
}
