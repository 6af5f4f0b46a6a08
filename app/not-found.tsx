import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const [t, tc] = await Promise.all([getTranslations("errors.page"), getTranslations("common")]);
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-16 text-center">
      {/* React hoists this into <head>: the tab must not keep the title of the page that was not found. */}
      <title>{`${t("notFoundTitle")} · ${tc("appName")}`}</title>
      <h1 className="text-2xl font-bold">{t("notFoundTitle")}</h1>
      <p className="mt-2 text-slate-600">{t("notFoundBody")}</p>
      <Link href="/" className="mt-6 inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 text-white">
        {t("home")}
      </Link>
    </main>
  );
}
