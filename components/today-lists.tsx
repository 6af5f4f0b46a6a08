// "Today's call lists" for supervisors and administrators: when and by what each site's local
// today was generated, and a plain form to generate it now (lib/calls/actions.ts
// generateTodayFormAction) - after a late change, or when the scheduler has not run.
import { getFormatter, getTranslations } from "next-intl/server";
import type { TodayRun } from "@/lib/calls/queries";
import { generateTodayFormAction } from "@/lib/calls/actions";
import { Alert, Card, EmptyState } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Cell, DataTable } from "@/components/ui/table";

export async function TodayLists({ rows, back, generated, chooseSite }: {
  rows: TodayRun[];
  back: "supervision" | "admin";
  /** `?generated=` after the form ran: a number of new calls, or "failed". */
  generated?: string;
  /** Administrators pick one site or every site; a supervisor generates each of hers. */
  chooseSite: boolean;
}) {
  const [t, format] = await Promise.all([getTranslations("generation"), getFormatter()]);
  const when = (r: TodayRun) =>
    r.run
      ? t("today.generatedAt", {
          time: format.dateTime(r.run.at, { timeStyle: "short", timeZone: r.timeZone }),
          trigger: t(`today.triggers.${r.run.trigger}`),
          by: r.run.byName ?? "",
          hasBy: r.run.byName ? "yes" : "no",
        })
      : t("today.notYet");
  return (
    <Card title={t("today.title")}>
      {generated !== undefined && (
        <div className="mb-3">
          {generated === "failed" ? (
            <Alert>{t("today.failed")}</Alert>
          ) : (
            <Alert kind="success">
              <span data-testid="generated-now">{t("today.done", { n: Number(generated) || 0 })}</span>
            </Alert>
          )}
        </div>
      )}
      <p className="mb-3 text-sm text-slate-600">{t("today.intro")}</p>
      {rows.length === 0 ? (
        <EmptyState title={t("today.noSites")} />
      ) : chooseSite ? (
        <>
          <form action={generateTodayFormAction} className="mb-3 flex flex-wrap items-end gap-2">
            <input type="hidden" name="back" value={back} />
            <label className="flex flex-col text-sm font-medium">
              {t("today.site")}
              <select name="siteId" className="mt-1 min-h-11 rounded-md border border-slate-300 bg-white px-2">
                <option value="">{t("today.allSites")}</option>
                {rows.map((r) => (
                  <option key={r.siteId} value={r.siteId}>{`${r.siteName} (${r.siteCode})`}</option>
                ))}
              </select>
            </label>
            <Button type="submit" data-testid="generate-now">{t("today.generate")}</Button>
          </form>
          <DataTable caption={t("today.title")} head={[t("today.site"), t("today.day"), t("today.status")]}>
            {rows.map((r) => (
              <tr key={r.siteId}>
                <Cell>{r.siteName}</Cell>
                <Cell>{format.dateTime(new Date(`${r.day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" })}</Cell>
                <Cell>{when(r)}</Cell>
              </tr>
            ))}
          </DataTable>
        </>
      ) : (
        <ul className="space-y-3">
          {rows.map((r) => (
            <li key={r.siteId} className="flex flex-wrap items-center justify-between gap-2 text-sm">
              <span>
                <strong>{r.siteName}</strong>: <span data-testid="today-run">{when(r)}</span>
              </span>
              <form action={generateTodayFormAction}>
                <input type="hidden" name="back" value={back} />
                <input type="hidden" name="siteId" value={r.siteId} />
                <Button type="submit" variant="secondary" data-testid="generate-now">{t("today.generate")}</Button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
