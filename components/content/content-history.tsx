// The history of one text of the content module (a call script, a message template): who saved or
// approved which version, when. Shared by every content editor page.
import { getFormatter, getTranslations } from "next-intl/server";
import type { ContentHistoryItem } from "@/lib/content/queries";
import { Card } from "@/components/ui/card";

export async function ContentHistory({ history }: { history: readonly ContentHistoryItem[] | undefined }) {
  const [t, format] = await Promise.all([getTranslations("content"), getFormatter()]);
  return (
    <Card title={t("history")}>
      {!history || history.length === 0 ? (
        <p className="text-sm text-slate-700">{t("noHistory")}</p>
      ) : (
        <ol className="divide-y divide-slate-100 text-sm" data-testid="script-history">
          {history.map((h) => (
            <li key={h.id} className="py-2">
              {t("historyItem", { action: h.action, name: h.byName ?? t("system"), when: format.dateTime(h.at, { dateStyle: "medium", timeStyle: "short" }), version: h.version })}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
