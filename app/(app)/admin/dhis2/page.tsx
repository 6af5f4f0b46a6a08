import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { isUuid } from "@/lib/validation";
import { dhis2Countries, dhis2Mapping } from "@/lib/dhis2/service";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { Dhis2MappingForm } from "@/app/(app)/admin/dhis2/mapping-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dhis2"))("mapping.title") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The administrator's DHIS2 mapping of one country (docs/reports.md "DHIS2"). */
export default async function Dhis2MappingPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor("admin.countries");
  const raw = await searchParams;
  const [t, countries] = await Promise.all([getTranslations("dhis2"), dhis2Countries(db, actor)]);
  const asked = typeof raw.country === "string" && isUuid(raw.country) ? raw.country : null;
  const countryId = countries.find((c) => c.id === asked)?.id ?? countries[0]?.id ?? null;
  const mapping = countryId ? await dhis2Mapping(db, actor, countryId) : null;
  const s = mapping?.country.settings;
  return (
    <>
      <PageHeader title={t("mapping.title")} description={t("mapping.intro", { scheme: s?.dhis2IdScheme ?? "UID" })} />
      {!mapping ? (
        <EmptyState title={t("mapping.noCountries")} />
      ) : (
        <>
          <Card title={t("mapping.country")}>
            <form method="get" className="grid gap-3 sm:grid-cols-2" aria-label={t("mapping.country")}>
              <SelectField label={t("mapping.country")} name="country" defaultValue={mapping.country.id}>
                {countries.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </SelectField>
              <div className="sm:col-span-2">
                <Button type="submit">{t("mapping.choose")}</Button>
              </div>
            </form>
            <p className="mt-2 text-sm text-slate-600">
              {s?.dhis2Url ? t("mapping.server", { url: s.dhis2Url, env: s.dhis2TokenEnv || "-" }) : t("mapping.serverNone")}
            </p>
          </Card>
          <Dhis2MappingForm key={mapping.country.id} countryId={mapping.country.id} sites={mapping.sites} elements={mapping.elements} />
        </>
      )}
    </>
  );
}
