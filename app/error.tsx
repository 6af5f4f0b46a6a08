"use client";
import { useTranslations } from "next-intl";

// Shown for any unexpected error; the digest lets an operator find the server log line.
// (A database outage is caught earlier and shown as "service unavailable": see components/service-unavailable.tsx.)
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors.page");
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-bold">{t("errorTitle")}</h1>
      <p className="mt-2 text-slate-600">{t("errorBody")}</p>
      {error.digest && <p className="mt-2 text-xs text-slate-500">Ref: {error.digest}</p>}
      <button type="button" onClick={reset} className="mt-6 inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 text-white">
        {t("retry")}
      </button>
    </main>
  );
}
