import { getTranslations } from "next-intl/server";
import { ButtonLink } from "@/components/ui/button";

// Said the same way for an unknown id and for someone else's client: it never confirms that a
// client exists.
export default async function ClientNotFound() {
  const [t, tc] = await Promise.all([getTranslations("profile"), getTranslations("common")]);
  return (
    <div className="mx-auto max-w-md py-10 text-center">
      {/* React hoists this into <head>: the tab must not keep the profile page's title. */}
      <title>{`${t("notFound.title")} · ${tc("appName")}`}</title>
      <h1 className="text-xl font-bold">{t("notFound.title")}</h1>
      <p className="mt-2 text-slate-600">{t("notFound.body")}</p>
      <div className="mt-6">
        <ButtonLink href="/clients" variant="primary">
          {t("notFound.back")}
        </ButtonLink>
      </div>
    </div>
  );
}
