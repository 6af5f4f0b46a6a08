import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { listCountries } from "@/lib/sites/queries";
import { siteListFilterSchema } from "@/lib/sites/schemas";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { SiteForm } from "../site-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("sites"))("newTitle") };
}

export default async function NewSitePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("admin.sites");
  const [t, countries, filter] = await Promise.all([getTranslations("sites"), listCountries(db, actor), searchParams.then((p) => siteListFilterSchema.parse(p))]);
  // ?country=<id> (from a country's page or the filtered list) preselects it and its time zone.
  const preset = countries.find((c) => c.id === filter.country) ?? (countries.length === 1 ? countries[0] : undefined);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/sites" className="text-brand-700 underline underline-offset-2">
          ← {t("backToList")}
        </Link>
      </p>
      <PageHeader title={t("newTitle")} />
      {countries.length === 0 ? (
        <EmptyState title={t("noCountries")}>
          <Link href="/admin/countries" className="text-brand-700 underline underline-offset-2">
            {t("countriesLink")}
          </Link>
        </EmptyState>
      ) : (
        <Card>
          <SiteForm
            initial={{ countryId: preset?.id ?? "", code: "", name: "", timeZone: preset?.timeZone ?? "", active: true }}
            countries={countries.map((c) => ({ id: c.id, name: c.name, code: c.code, timeZone: c.timeZone }))}
          />
        </Card>
      )}
    </>
  );
}
