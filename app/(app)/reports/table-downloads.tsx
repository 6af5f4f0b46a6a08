import { getTranslations } from "next-intl/server";

/** The CSV and Excel links of one report table (GET /api/reports/<table>, lib/reports/exports.ts
 * REPORT_TABLES), with the page's filters. */
export async function TableDownloads({ table, query }: { table: "calls" | "call-clients" | "outcomes" | "programme" | "messages"; query: string }) {
  const t = await getTranslations("reports.tableDownloads");
  const name = t(table);
  const link = "inline-flex min-h-11 items-center rounded-md border border-slate-300 px-4 text-sm font-medium";
  return (
    <ul className="flex flex-wrap gap-2">
      <li><a className={link} href={`/api/reports/${table}?format=csv&${query}`} download>{t("csv", { table: name })}</a></li>
      <li><a className={link} href={`/api/reports/${table}?format=xlsx&${query}`} download>{t("xlsx", { table: name })}</a></li>
    </ul>
  );
}
