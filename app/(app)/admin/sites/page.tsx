import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { listCountries, listSites } from "@/lib/sites/queries";
import { siteListFilterSchema } from "@/lib/sites/schemas";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Button, ButtonLink } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { Cell, DataTable } from "@/components/ui/table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("sites"))("title") };
}

export default async function SitesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("admin.sites");
  // A malformed filter is ignored (all sites), never an error page.
  const filter = siteListFilterSchema.parse(await searchParams);
  const [t, tc, countries, sites] = await Promise.all([
    getTranslations("sites"),
    getTranslations("common"),
    listCountries(db, actor),
    listSites(db, actor, { countryId: filter.country }),
  ]);
  const newHref = filter.country ? `/admin/sites/new?country=${filter.country}` : "/admin/sites/new";
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("intro")}
        actions={
          countries.length > 0 && (
            <ButtonLink href={newHref} variant="primary">
              {t("new")}
            </ButtonLink>
          )
        }
      />
      {countries.length === 0 ? (
        <EmptyState title={t("empty")}>
          <p>{t("noCountries")}</p>
          <Link href="/admin/countries" className="mt-2 inline-block text-brand-700 underline underline-offset-2">
            {t("countriesLink")}
          </Link>
        </EmptyState>
      ) : (
        <div className="space-y-4">
          <Card>
            {/* A plain GET form: the filter works without JavaScript and the URL can be shared. */}
            <form method="get" className="flex flex-wrap items-end gap-3">
              <SelectField label={t("filter.country")} name="country" defaultValue={filter.country ?? ""} className="min-w-56 flex-1 sm:flex-none">
                <option value="">{t("filter.all")}</option>
                {countries.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.code})
                  </option>
                ))}
              </SelectField>
              <Button type="submit" variant="secondary">
                {t("filter.apply")}
              </Button>
            </form>
          </Card>
          {sites.length === 0 ? (
            <EmptyState title={filter.country ? t("emptyFiltered") : t("empty")}>{t("emptyHint")}</EmptyState>
          ) : (
            <DataTable caption={t("list.caption")} head={[t("list.code"), t("list.name"), t("list.country"), t("list.timeZone"), t("list.active")]}>
              {sites.map((s) => (
                <tr key={s.id}>
                  <Cell className="whitespace-nowrap">
                    <Link href={`/admin/sites/${s.id}`} className="font-medium text-brand-700 underline underline-offset-2">
                      {s.code}
                    </Link>
                  </Cell>
                  <Cell>{s.name}</Cell>
                  <Cell>{s.country.name}</Cell>
                  <Cell className="whitespace-nowrap">{s.timeZone}</Cell>
                  <Cell>{s.active ? <Badge tone="green">{tc("active")}</Badge> : <Badge>{tc("inactive")}</Badge>}</Cell>
                </tr>
              ))}
            </DataTable>
          )}
        </div>
      )}
    </>
  );
}
