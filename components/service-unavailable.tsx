import { getTranslations } from "next-intl/server";

export async function ServiceUnavailable() {
  const t = await getTranslations("errors.page");
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-16 text-center" data-testid="service-unavailable">
      <h1 className="text-2xl font-bold">{t("unavailableTitle")}</h1>
      <p className="mt-2 text-slate-600">{t("unavailableBody")}</p>
      <a href="" className="mt-6 inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 text-white">
        {t("retry")}
      </a>
    </main>
  );
}
