import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { previewSites, todayRuns } from "@/lib/calls/queries";
import { TodayLists } from "@/components/today-lists";
import { PREVIEW_SETTING_KEYS } from "@/lib/calls/preview-schema";
import { REASON_KINDS } from "@/lib/calls/rules";
import { readCountrySettings } from "@/lib/settings/schemas";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { CallListPreview, type PreviewSiteOption } from "./call-list-preview";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("generation"))("preview.title") };
}

export default async function CallListPreviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("admin.settings");
  const generated = (await searchParams).generated;
  const [t, tcalls, sites, runs] = await Promise.all([
    getTranslations("generation"), getTranslations("calls"), previewSites(db, actor), todayRuns(db, actor, new Date()),
  ]);
  const options: PreviewSiteOption[] = sites.map((s) => {
    const settings = readCountrySettings(s.country.settings);
    return {
      id: s.id,
      label: `${s.country.name} · ${s.name} (${s.code})`,
      // What each overridable setting is now, shown under its field.
      current: Object.fromEntries(PREVIEW_SETTING_KEYS.map((k) => [k, settings[k]])) as PreviewSiteOption["current"],
    };
  });
  // Reason labels come from the "calls" catalogue on the server: the form only needs the words.
  const reasonLabels = Object.fromEntries(REASON_KINDS.map((k) => [k, tcalls(`reasons.${k}`)]));
  return (
    <>
      <PageHeader title={t("preview.title")} description={t("preview.intro")} />
      <div className="mb-4">
        <TodayLists rows={runs} back="admin" chooseSite generated={typeof generated === "string" ? generated : undefined} />
      </div>
      {options.length === 0 ? (
        <EmptyState title={t("preview.noSites")} />
      ) : (
        <Card>
          <CallListPreview sites={options} reasonLabels={reasonLabels} />
        </Card>
      )}
    </>
  );
}
