import type { Metadata } from "next";
import { cache } from "react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { denyPage, requireActor } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { getSite, listCountries, siteUsage } from "@/lib/sites/queries";
import { Alert, Badge, Card, PageHeader } from "@/components/ui/card";
import { SiteForm } from "../site-form";
import { FhirFeedForm } from "./fhir-feed-form";
import { getFhirFeed } from "@/lib/facility/feeds";
import { DEFAULT_VIRAL_LOAD_CODES } from "@/lib/facility/fhir";
import { pullFeedNowAction } from "@/lib/facility/actions";
import { Button } from "@/components/ui/button";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string }> };

// One read per request, shared by the title and the page.
const load = cache(async (id: string) => {
  const actor = await requireActor("admin.sites");
  try {
    const [site, usage] = await Promise.all([getSite(db, actor, id), siteUsage(db, actor, id)]);
    return { actor, site, usage };
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") await denyPage(actor, "/admin/sites/[id]", id);
    throw e;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { site } = await load((await params).id);
  return { title: `${site.code} · ${site.name}` };
}

export default async function SitePage({ params, searchParams }: Props) {
  const { actor, site, usage } = await load((await params).id);
  const [t, tc, countries, { created }, feed, format] = await Promise.all([
    getTranslations("sites"), getTranslations("common"), listCountries(db, actor), searchParams, getFhirFeed(db, actor, site.id), getFormatter(),
  ]);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/admin/sites?country=${site.countryId}`} className="text-brand-700 underline underline-offset-2">
          ← {t("backToList")}
        </Link>
      </p>
      <PageHeader
        title={`${site.name} (${site.code})`}
        description={`${site.country.name} · ${site.timeZone}`}
        actions={site.active ? <Badge tone="green">{tc("active")}</Badge> : <Badge>{tc("inactive")}</Badge>}
      />
      {created === "1" && (
        <div className="mb-4">
          <Alert kind="success">{t("created")}</Alert>
        </div>
      )}
      <div className="space-y-4">
        <Card title={t("details")}>
          <SiteForm
            initial={{ countryId: site.countryId, code: site.code, name: site.name, timeZone: site.timeZone, active: site.active }}
            countries={countries.map((c) => ({ id: c.id, name: c.name, code: c.code, timeZone: c.timeZone }))}
            edit={{ id: site.id, version: site.version }}
          />
        </Card>
        <Card>
          <p className="text-sm">{t("usage", { users: usage.activeUsers, clients: usage.activeClients })}</p>
          <p className="mt-1 text-xs text-slate-600">{t("usageHint")}</p>
        </Card>
        <Card title={t("fhir.title")}>
          <p className="mb-3 text-sm text-slate-600">{t("fhir.intro")}</p>
          <FhirFeedForm siteId={site.id} feed={feed} defaultCodes={DEFAULT_VIRAL_LOAD_CODES} />
          {feed && (
            <div className="mt-4 border-t border-slate-200 pt-3 text-sm">
              <p data-testid="fhir-last-pull">
                {feed.lastPullAt
                  ? t("fhir.lastPull", { at: format.dateTime(feed.lastPullAt, { dateStyle: "medium", timeStyle: "short", timeZone: site.timeZone }) })
                  : t("fhir.neverPulled")}
              </p>
              {feed.lastError && <p className="text-red-800">{t("fhir.lastError", { error: feed.lastError })}</p>}
              <form action={pullFeedNowAction} className="mt-2">
                <input type="hidden" name="siteId" value={site.id} />
                <Button type="submit" variant="secondary">{t("fhir.pullNow")}</Button>
              </form>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
