import { getTranslations } from "next-intl/server";

/** Streamed at once, before the list is read (decision 046): the browser starts on the scripts. */
export default async function QueueLoading() {
  const t = await getTranslations("common");
  return (
    <p role="status" aria-live="polite" className="py-8 text-slate-600">
      {t("loading")}
    </p>
  );
}
