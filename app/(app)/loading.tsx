import { getTranslations } from "next-intl/server";

export default async function Loading() {
  const t = await getTranslations("common");
  return (
    <div role="status" aria-live="polite" className="animate-pulse py-8 text-center text-slate-600">
      {t("loading")}
    </div>
  );
}
