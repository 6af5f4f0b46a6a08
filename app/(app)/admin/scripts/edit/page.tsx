import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { pageNotFound, requireActor } from "@/lib/auth";
import { getScript } from "@/lib/content/queries";
import { scriptRefSchema } from "@/lib/content/schemas";
import { languageName } from "@/lib/content/language-names";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { Card, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { ContentHistory } from "@/components/content/content-history";
import { ScriptEditor, ScriptPreview } from "./script-editor";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("content"))("title") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** One script (reason, language, wording variant): the editor with its live preview and checks, the
 * approved text, and who changed what. A combination nobody wrote yet opens empty. */
export default async function ScriptEditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor("content.edit");
  const raw = await searchParams;
  const one = (k: string) => (typeof raw[k] === "string" ? raw[k] : undefined);
  const parsed = scriptRefSchema.safeParse({ key: one("key"), language: one("language"), variant: one("variant") });
  if (!parsed.success) pageNotFound();
  const ref = parsed.data;
  const [t, tcalls, script, programme, locale] = await Promise.all([
    getTranslations("content"),
    getTranslations("calls"),
    getScript(db, actor, ref),
    getProgrammeSettings(db, actor),
    getLocale(),
  ]);
  const reason = tcalls.has(`reasons.${ref.key}`) ? tcalls(`reasons.${ref.key}`) : ref.key;
  const language = languageName(ref.language, locale, programme.settings.languages);
  return (
    <>
      <PageHeader
        title={t("editTitle", { reason, language, variant: t(`variants.${ref.variant}`) })}
        actions={<ButtonLink href="/admin/scripts">{t("back")}</ButtonLink>}
      />
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <Card>
          <ScriptEditor refKey={ref.key} language={ref.language} variant={ref.variant} version={script?.version ?? 0} initial={script?.draft ?? script?.approved ?? null} hasDraft={!!script?.draft} />
        </Card>
        <div className="space-y-4">
          <Card title={t("current")}>
            {script?.approved ? <ScriptPreview body={script.approved} lang={ref.language} /> : <p className="text-sm text-slate-700">{t("noApproved")}</p>}
          </Card>
          <ContentHistory history={script?.history} />
        </div>
      </div>
    </>
  );
}
