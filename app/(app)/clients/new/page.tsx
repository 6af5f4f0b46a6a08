import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { denyPage, requireActor } from "@/lib/auth";
import { getEnrolmentOptions } from "@/lib/clients/queries";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { EnrolForm } from "./enrol-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("clients"))("new.title") };
}

export default async function NewClientPage() {
  const actor = await requireActor("clients.enrol");
  const [t, options] = await Promise.all([getTranslations("clients"), getEnrolmentOptions(db, actor)]);
  const isMentor = actor.role === "MENTOR_MOTHER";
  // A Mentor Mother whose country does not let Mentor Mothers enrol: the page does not exist for her.
  if (isMentor && options.sites.length === 0) await denyPage(actor, "/clients/new");
  return (
    <>
      <PageHeader title={t("new.title")} description={t("new.intro")} actions={<ButtonLink href="/clients">{t("new.backToList")}</ButtonLink>} />
      {options.sites.length === 0 ? (
        <EmptyState title={t("new.noSites")}>{t("new.noSitesHint")}</EmptyState>
      ) : (
        <Card>
          {/* A Mentor Mother may open the new record only when she is the one who holds it. */}
          <EnrolForm options={options} openableBy={isMentor ? actor.userId : null} />
        </Card>
      )}
    </>
  );
}
