import type { Metadata } from "next";
import { cache } from "react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { denyPage, requireActor } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { getCountry } from "@/lib/countries/queries";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { Alert, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { CountryEditor } from "../country-editor";
import { Holidays } from "../holidays";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string }> };

// One read per request, shared by the title and the page.
const load = cache(async (id: string) => {
  const actor = await requireActor("admin.countries");
  try {
    return { actor, country: await getCountry(db, actor, id) };
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") await denyPage(actor, "/admin/countries/[id]", id);
    throw e;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { country } = await load((await params).id);
  return { title: country.name };
}

export default async function CountryPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { actor, country } = await load(id);
  const [t, programme, { created }] = await Promise.all([getTranslations("countries"), getProgrammeSettings(db, actor), searchParams]);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/countries" className="text-brand-700 underline underline-offset-2">
          ← {t("backToList")}
        </Link>
      </p>
      <PageHeader
        title={`${country.name} (${country.code})`}
        description={country.timeZone}
        actions={<ButtonLink href={`/admin/sites?country=${country.id}`}>{t("sitesLink")}</ButtonLink>}
      />
      {created === "1" && (
        <div className="mb-4">
          <Alert kind="success">{t("created")}</Alert>
        </div>
      )}
      <CountryEditor
        id={country.id}
        version={country.version}
        details={{ code: country.code, name: country.name, timeZone: country.timeZone, defaultLanguage: country.defaultLanguage }}
        settings={country.settings}
        languages={programme.settings.languages}
        siteCount={country.siteCount}
        holidays={<Holidays countryId={country.id} holidays={country.holidays} />}
      />
    </>
  );
}
