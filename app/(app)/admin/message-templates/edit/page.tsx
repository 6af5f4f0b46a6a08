import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { pageNotFound, requireActor } from "@/lib/auth";
import { hasHealthWordList, languageKey } from "@/lib/content/rules";
import { languageName } from "@/lib/content/language-names";
import { templateRefSchema } from "@/lib/messages/template-commands";
import { getTemplate } from "@/lib/messages/template-queries";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { ContentHistory } from "@/components/content/content-history";
import { TemplateEditor, TemplatePreview } from "./template-editor";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("content"))("templates.title") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** One reminder template (reason, language): the editor with its live checks and preview, the
 * approved (live) text, and who changed what. A template nobody wrote yet opens empty. */
export default async function MessageTemplateEditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor("content.edit");
  const raw = await searchParams;
  const one = (k: string) => (typeof raw[k] === "string" ? raw[k] : undefined);
  const parsed = templateRefSchema.safeParse({ key: one("key"), language: one("language") });
  if (!parsed.success) pageNotFound();
  const ref = parsed.data;
  const [t, template, programme, locale] = await Promise.all([
    getTranslations("content"),
    getTemplate(db, actor, ref),
    getProgrammeSettings(db, actor),
    getLocale(),
  ]);
  const keyName = t.has(`templates.keys.${ref.key}`) ? t(`templates.keys.${ref.key}`) : ref.key;
  const language = languageName(ref.language, locale, programme.settings.languages);
  const wordList = hasHealthWordList(ref.language);
  return (
    <>
      <PageHeader
        title={t("templates.editTitle", { key: keyName, language })}
        actions={<ButtonLink href="/admin/message-templates">{t("templates.back")}</ButtonLink>}
      />
      {!wordList && (
        <div className="mb-4" data-testid="no-word-list">
          <Alert kind="info">{t("templates.noWordList", { language, code: languageKey(ref.language) })}</Alert>
        </div>
      )}
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <Card>
          <TemplateEditor
            refKey={ref.key}
            language={ref.language}
            version={template?.version ?? 0}
            initial={template?.draft ?? template?.approved ?? null}
            hasDraft={!!template?.draft}
          />
        </Card>
        <div className="space-y-4">
          <Card title={t("templates.live")}>
            {template?.approved ? <TemplatePreview body={template.approved} lang={ref.language} /> : <p className="text-sm text-slate-700">{t("templates.notLive")}</p>}
          </Card>
          <ContentHistory history={template?.history} />
        </div>
      </div>
    </>
  );
}
