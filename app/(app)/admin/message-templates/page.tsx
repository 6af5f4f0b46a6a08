import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { HEALTH_WORD_LISTS } from "@/lib/content/rules";
import { languageNamer } from "@/lib/content/language-names";
import { TEMPLATE_KEYS } from "@/lib/messages/templates";
import { listTemplates } from "@/lib/messages/template-queries";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { Cell, DataTable } from "@/components/ui/table";
import { ContentStateBadge, contentState } from "@/components/content/content-state";
import { ContentLanguageField } from "@/components/content/content-fields";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("content"))("templates.title") };
}

// Reminder message templates per reason and language (content kind "message"): the list, which
// languages can go live (those with a forbidden-word list), and a plain GET form that opens the
// editor of any template (a new one starts empty). The scripts page's pieces, another kind.
export default async function MessageTemplatesPage() {
  const actor = await requireActor("content.edit");
  const [t, format, templates, programme, locale] = await Promise.all([
    getTranslations("content"),
    getFormatter(),
    listTemplates(db, actor),
    getProgrammeSettings(db, actor),
    getLocale(),
  ]);
  const languageOf = languageNamer(programme.settings.languages, locale);
  const keyName = (k: string) => (t.has(`templates.keys.${k}`) ? t(`templates.keys.${k}`) : k);
  const href = (s: { key: string; language: string }) => `/admin/message-templates/edit?${new URLSearchParams({ key: s.key, language: s.language })}`;
  const listed = Object.keys(HEALTH_WORD_LISTS).map(languageOf).join(", ");
  return (
    <>
      <PageHeader title={t("templates.title")} description={t("templates.intro")} />
      <Card title={t("templates.newTitle")} className="mb-4">
        <p className="mb-3 text-sm text-slate-700">{t("templates.wordLists", { languages: listed })}</p>
        <form method="get" action="/admin/message-templates/edit" className="grid gap-3 sm:grid-cols-3 sm:items-end">
          <SelectField label={t("templates.key")} name="key" defaultValue={TEMPLATE_KEYS[0]}>
            {TEMPLATE_KEYS.map((k) => (
              <option key={k} value={k}>
                {keyName(k)}
              </option>
            ))}
          </SelectField>
          <ContentLanguageField id="template-languages" label={t("language")} hint={t("templates.languageHint")} languages={programme.settings.languages} />
          <Button type="submit">{t("open")}</Button>
        </form>
      </Card>
      {templates.length === 0 ? (
        <EmptyState title={t("templates.empty")} />
      ) : (
        <DataTable caption={t("templates.listCaption")} head={[t("language"), t("templates.key"), t("state"), t("templates.goLive"), t("updated"), ""]}>
          {templates.map((s) => (
            <tr key={`${s.language}-${s.key}`} data-testid="template-row">
              <Cell>{languageOf(s.language)}</Cell>
              <Cell>{keyName(s.key)}</Cell>
              <Cell>
                <ContentStateBadge state={contentState(s)} label={t(`states.${contentState(s)}`)} />
              </Cell>
              <Cell>{s.wordList ? t("templates.wordListYes") : <Badge tone="red">{t("templates.wordListNo")}</Badge>}</Cell>
              <Cell className="whitespace-nowrap">{format.dateTime(s.updatedAt, { dateStyle: "medium" })}</Cell>
              <Cell>
                <Link href={href(s)} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline" aria-label={`${t("edit")}: ${keyName(s.key)}, ${languageOf(s.language)}`}>
                  {t("edit")}
                </Link>
              </Cell>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
