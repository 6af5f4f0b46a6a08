import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { dbRead } from "@/lib/db";
import { requireActor, requestMeta } from "@/lib/auth";
import { isoDate } from "@/lib/dates";
import { addMonthsIso } from "@/lib/calls/calendar";
import { isUuid } from "@/lib/validation";
import { dhis2Countries } from "@/lib/dhis2/service";
import { monthSchema } from "@/lib/dhis2/schemas";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Definition } from "@/app/(app)/reports/definition";
import { Dhis2Push } from "@/app/(app)/dhis2/push";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dhis2"))("title") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** A month's DHIS2 data for a country: download it, dry-run it, send it (docs/reports.md). */
export default async function Dhis2Page({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor("dhis2.send");
  const [raw, meta] = await Promise.all([searchParams, requestMeta()]);
  const [t, countries] = await Promise.all([getTranslations("dhis2"), dhis2Countries(dbRead, actor)]);
  const asked = typeof raw.country === "string" && isUuid(raw.country) ? raw.country : null;
  const country = countries.find((c) => c.id === asked) ?? countries[0] ?? null;
  // The last complete month by default.
  const month = monthSchema.safeParse(raw.month).data ?? addMonthsIso(`${isoDate(meta.now).slice(0, 7)}-01`, -1).slice(0, 7);
  if (!country) {
    return (
      <>
        <PageHeader title={t("title")} />
        <EmptyState title={t("noCountries")} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t("title")} description={t("intro", { country: country.name })} />
      <Definition summary={t("definitionLabel")}>{t("definition")}</Definition>
      <Card title={t("month")} className="mt-4">
        <form method="get" className="grid gap-3 sm:grid-cols-3" aria-label={t("month")}>
          {countries.length > 1 && (
            <SelectField label={t("country")} name="country" defaultValue={country.id}>
              {countries.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </SelectField>
          )}
          <TextField label={t("month")} name="month" type="month" defaultValue={month} />
          <div className="sm:col-span-3">
            <Button type="submit">{t("show")}</Button>
          </div>
        </form>
      </Card>
      <Card className="mt-6">
        <Dhis2Push key={`${country.id}|${month}`} countryId={country.id} month={month} />
      </Card>
    </>
  );
}
