import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireActor } from "@/lib/auth";
import { HELP_COLUMNS, REQUIRED_COLUMNS, helpColumnKey } from "@/lib/imports/columns";
import { MAX_FILE_BYTES } from "@/lib/imports/parse";
import { MAX_FILE_MB } from "@/lib/imports/upload";
import { ButtonLink } from "@/components/ui/button";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { ImportForm } from "./import-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("imports"))("title") };
}

// Plain links (not next/link): the template is a file download, not a page.
const DOWNLOAD =
  "inline-flex min-h-11 items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100";

export default async function ImportClientsPage() {
  await requireActor("clients.import");
  const t = await getTranslations("imports");
  const required = new Set(REQUIRED_COLUMNS.map(helpColumnKey));
  return (
    <>
      <PageHeader title={t("title")} description={t("intro")} actions={<ButtonLink href="/clients">{t("back")}</ButtonLink>} />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={t("template.title")}>
          <p className="text-sm text-slate-700">{t("template.body")}</p>
          <div className="mt-3 flex flex-wrap gap-2">
            <a className={DOWNLOAD} href="/api/imports/template?format=csv" download>
              {t("template.csv")}
            </a>
            <a className={DOWNLOAD} href="/api/imports/template?format=xlsx" download>
              {t("template.xlsx")}
            </a>
          </div>
        </Card>
        <Card title={t("upload.title")}>
          <ImportForm maxBytes={MAX_FILE_BYTES} maxMb={MAX_FILE_MB} />
        </Card>
      </div>
      <section className="mt-4 space-y-2" aria-labelledby="import-columns">
        <h2 id="import-columns" className="text-base font-semibold">
          {t("columns.title")}
        </h2>
        <p className="text-sm text-slate-600">{t("columns.numbered")}</p>
        {/* A list rather than a table: the descriptions stay readable on a 360 px screen. */}
        <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {HELP_COLUMNS.map((c) => (
            <div key={c} className="grid gap-1 px-3 py-2 sm:grid-cols-[16rem_1fr] sm:gap-4">
              <dt className="flex flex-wrap items-center gap-2">
                <code className="font-mono text-xs">{c}</code>
                <Badge tone={required.has(c) ? "amber" : "slate"}>{required.has(c) ? t("columns.yes") : t("columns.no")}</Badge>
              </dt>
              <dd className="text-sm text-slate-700">{t(`columns.help.${c}`)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
