import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { Card, PageHeader } from "@/components/ui/card";
import { CountryForm } from "../country-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("countries"))("newTitle") };
}

export default async function NewCountryPage() {
  const actor = await requireActor("admin.countries");
  const [t, programme] = await Promise.all([getTranslations("countries"), getProgrammeSettings(db, actor)]);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/countries" className="text-brand-700 underline underline-offset-2">
          ← {t("backToList")}
        </Link>
      </p>
      <PageHeader title={t("newTitle")} description={t("newIntro")} />
      <Card>
        <CountryForm
          initial={{ code: "", name: "", timeZone: "", defaultLanguage: programme.settings.languages[0]?.code ?? "" }}
          languages={programme.settings.languages}
        />
      </Card>
    </>
  );
}
