import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import { requireActor } from "@/lib/auth";
import { REASON_KINDS } from "@/lib/calls/rules";
import { listScripts } from "@/lib/content/queries";
import { SEX_VARIANTS } from "@/lib/content/wording";
import { languageNamer } from "@/lib/content/language-names";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ContentStateBadge, contentState } from "@/components/content/content-state";
import { ContentLanguageField } from "@/components/content/content-fields";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { Cell, DataTable } from "@/components/ui/table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("content"))("title") };
}

// Call scripts per reason, language and wording variant (lib/content): the list and a plain GET
// form that opens the editor of any combination (a new one starts empty).
export default async function ScriptsPage() {
  const actor = await requireActor("content.edit");
  const [t, tcalls, format, scripts, programme, locale] = await Promise.all([
    getTranslations("content"),
    getTranslations("calls"),
    getFormatter(),
    listScripts(db, actor),
    getProgrammeSettings(db, actor),
    getLocale(),
  ]);
  const languageOf = languageNamer(programme.settings.languages, locale);
  const reason = (k: string) => (tcalls.has(`reasons.${k}`) ? tcalls(`reasons.${k}`) : k);
  const href = (s: { key: string; language: string; variant: string }) =>
    `/admin/scripts/edit?${new URLSearchParams({ key: s.key, language: s.language, variant: s.variant })}`;
  return (
    <>
      <PageHeader title={t("title")} description={t("intro")} />
      <Card title={t("newTitle")} className="mb-4">
        <form method="get" action="/admin/scripts/edit" className="grid gap-3 sm:grid-cols-4 sm:items-end">
          <SelectField label={t("reason")} name="key" defaultValue={REASON_KINDS[0]}>
            {REASON_KINDS.map((k) => (
              <option key={k} value={k}>
                {reason(k)}
              </option>
            ))}
          </SelectField>
          <ContentLanguageField id="script-languages" label={t("language")} hint={t("languageHint")} languages={programme.settings.languages} />
          <SelectField label={t("variant")} name="variant" defaultValue="FEMALE">
            {SEX_VARIANTS.map((v) => (
              <option key={v} value={v}>
                {t(`variants.${v}`)}
              </option>
            ))}
          </SelectField>
          <Button type="submit">{t("open")}</Button>
        </form>
      </Card>
      {scripts.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <DataTable caption={t("listCaption")} head={[t("language"), t("reason"), t("variant"), t("state"), t("updated"), ""]}>
          {scripts.map((s) => (
            <tr key={`${s.language}-${s.key}-${s.variant}`} data-testid="script-row">
              <Cell>{languageOf(s.language)}</Cell>
              <Cell>{reason(s.key)}</Cell>
              <Cell>{t(`variants.${s.variant}`)}</Cell>
              <Cell>
                <ContentStateBadge state={contentState(s)} label={t(`states.${contentState(s)}`)} />
              </Cell>
              <Cell className="whitespace-nowrap">{format.dateTime(s.updatedAt, { dateStyle: "medium" })}</Cell>
              <Cell>
                <Link href={href(s)} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline" aria-label={`${t("edit")}: ${reason(s.key)}, ${languageOf(s.language)}, ${t(`variants.${s.variant}`)}`}>
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
