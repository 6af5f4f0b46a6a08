import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { listCountries } from "@/lib/sites/queries";
import { Alert, EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { Cell, DataTable } from "@/components/ui/table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("countries"))("title") };
}

export default async function CountriesPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const actor = await requireActor("admin.countries");
  const [t, countries, { deleted }] = await Promise.all([getTranslations("countries"), listCountries(db, actor), searchParams]);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("intro")}
        actions={
          <ButtonLink href="/admin/countries/new" variant="primary">
            {t("new")}
          </ButtonLink>
        }
      />
      {deleted === "1" && (
        <div className="mb-4">
          <Alert kind="success">{t("deleted")}</Alert>
        </div>
      )}
      {countries.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <DataTable caption={t("list.caption")} head={[t("list.name"), t("list.code"), t("list.timeZone"), t("list.sites")]}>
          {countries.map((c) => (
            <tr key={c.id}>
              <Cell>
                <Link href={`/admin/countries/${c.id}`} className="font-medium text-brand-700 underline underline-offset-2">
                  {c.name}
                </Link>
              </Cell>
              <Cell>{c.code}</Cell>
              <Cell className="whitespace-nowrap">{c.timeZone}</Cell>
              <Cell>
                <Link href={`/admin/sites?country=${c.id}`} className="text-brand-700 underline underline-offset-2">
                  {c._count.sites}
                </Link>
              </Cell>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
