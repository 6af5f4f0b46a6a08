// Reminder messages per site and month (issue 17), under the call coverage: counts only.
import { getTranslations } from "next-intl/server";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/authz";
import { messageLog } from "@/lib/coverage/messages";
import { Card, EmptyState } from "@/components/ui/card";

export async function MessageLog({ actor, country, site }: { actor: Actor; country?: string; site?: string }) {
  const [t, rows] = await Promise.all([getTranslations("messaging"), messageLog(db, actor, { country, site }, new Date())]);
  const cols = ["sent", "delivered", "failed", "unknown", "replies", "optOuts"] as const;
  return (
    <Card title={t("log.title")}>
      {rows.length === 0 ? (
        <EmptyState title={t("log.empty")} />
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">{t("log.title")}</caption>
            <thead>
              <tr className="text-left">
                <th scope="col" className="p-2">{t("log.site")}</th>
                <th scope="col" className="p-2">{t("log.month")}</th>
                {cols.map((c) => <th key={c} scope="col" className="p-2 text-right">{t(`log.${c}`)}</th>)}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.siteId}-${r.month}`} className="border-t border-slate-100">
                  <th scope="row" className="p-2 text-left font-normal">{r.siteName}</th>
                  <td className="p-2">{r.month}</td>
                  {cols.map((c) => <td key={c} className="p-2 text-right tabular-nums">{r[c]}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
