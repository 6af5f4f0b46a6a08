import { getTranslations } from "next-intl/server";

/** The figures of a whole programme take a moment: say so at once (streamed before the page). */
export default async function ReportsLoading() {
  const t = await getTranslations("common");
  return (
    <p role="status" aria-live="polite" className="py-8 text-slate-600">
      {t("loading")}
    </p>
  );
}
