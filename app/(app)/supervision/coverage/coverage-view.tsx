"use client";
// The coverage table, the per-day chart and its table, and the outcomes per disposition. The server
// renders it first (initialData); while the period is "today" TanStack Query refreshes it every
// minute from GET /api/supervision/coverage (the same query, behind lib/route.ts). A failed refresh
// keeps the figures on screen and says so. Figures and staff names only.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import type { CoverageReport, CoverageRowView } from "@/lib/coverage/queries";
import { COVERAGE_DISPOSITIONS, FIGURE_KEYS, reachRate, type CoverageFigures } from "@/lib/coverage/definitions";
import { Alert, Badge, Card, EmptyState } from "@/components/ui/card";
import { Cell, DataTable } from "@/components/ui/table";
import { CoverageChart } from "@/components/coverage-chart";

async function fetchCoverage(search: string): Promise<CoverageReport> {
  const res = await fetch(`/api/supervision/coverage?${search}`, { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`coverage ${res.status}`);
  return (await res.json()) as CoverageReport;
}

function pct(r: number | null): string {
  return r === null ? "–" : `${Math.round(r * 100)} %`;
}

/** "12 (9)": the figure, then the previous period's in a lighter tone (and for screen readers). */
function WithPrevious({ now, before, label }: { now: string | number; before: string | number; label: string }) {
  return (
    <span className="whitespace-nowrap">
      {now} <span className="text-xs text-slate-600">({before})<span className="sr-only"> {label}</span></span>
    </span>
  );
}

export function CoverageView({ initial, search, live }: { initial: CoverageReport; search: string; live: boolean }) {
  const t = useTranslations("supervision");
  const tc = useTranslations("callscreen");
  const format = useFormatter();
  const query = useQuery({
    queryKey: ["coverage", search],
    queryFn: () => fetchCoverage(search),
    initialData: initial,
    refetchInterval: live ? 60_000 : false,
    refetchOnWindowFocus: live,
    staleTime: live ? 30_000 : Infinity,
  });
  const report = query.data;
  const drill = (row: CoverageRowView) => {
    const p = new URLSearchParams(search);
    if (row.level === "country") {
      p.set("country", row.id);
      p.delete("site");
      return `/supervision/coverage?${p}`;
    }
    if (row.level === "site") {
      p.set("site", row.id);
      return `/supervision/coverage?${p}`;
    }
    return `/supervision/coverage/mentors/${row.id}`;
  };
  const prevLabel = t("previousPeriod");
  const head = [
    t(`level.${report.level}`), t("figures.due"), t("figures.attempted"), t("figures.reached"), t("figures.rate"), t("figures.calls"),
    t("figures.carriedOver"), t("figures.escalated"), t("figures.optOuts"), t("figures.wrongNumbers"), t("figures.notReached"),
    t("backChecks.coverageColumn"),
    ...(report.level === "mentor" ? [t("figures.capacity"), t("figures.lastCall")] : []),
  ];
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600" aria-live="polite">
        {t("periodShown", { from: report.range.from, to: report.range.to, prevFrom: report.previousRange.from, prevTo: report.previousRange.to })}
        {live && <> · {t("updatedAt", { time: format.dateTime(new Date(report.generatedAt), { hour: "2-digit", minute: "2-digit" }) })}</>}
      </p>
      {query.isError && <Alert kind="info">{t("refreshFailed")}</Alert>}
      <TotalCards total={report.total} previous={report.previousTotal} goal={report.goalPercent} />
      {report.rows.length === 0 ? (
        <EmptyState title={t("noRows")} />
      ) : (
        <DataTable caption={t("tableCaption", { goal: report.goalPercent })} head={head}>
          {report.rows.map((r) => (
            <tr key={r.id} className={r.belowGoal ? "bg-red-50" : undefined}>
              <Cell>
                <Link href={drill(r)} className="font-medium text-brand-700 underline">
                  {r.name}
                </Link>
                {r.parent && <span className="block text-xs text-slate-600">{r.parent}</span>}
                {!r.active && <Badge>{t("inactive")}</Badge>}
                {r.noCallYet && <Badge tone="amber">{t("noCallYet")}</Badge>}
              </Cell>
              <Cell><WithPrevious now={r.figures.due} before={r.previous.due} label={prevLabel} /></Cell>
              <Cell><WithPrevious now={r.figures.attempted} before={r.previous.attempted} label={prevLabel} /></Cell>
              <Cell><WithPrevious now={r.figures.reached} before={r.previous.reached} label={prevLabel} /></Cell>
              <Cell className={r.belowGoal ? "font-semibold text-red-800" : undefined}>
                <WithPrevious now={pct(r.rate)} before={pct(r.previousRate)} label={prevLabel} />
                {r.belowGoal && <span className="sr-only"> {t("belowGoal", { goal: r.goalPercent })}</span>}
              </Cell>
              <Cell><WithPrevious now={r.figures.calls} before={r.previous.calls} label={prevLabel} /></Cell>
              <Cell><WithPrevious now={r.figures.carriedOver} before={r.previous.carriedOver} label={prevLabel} /></Cell>
              <Cell><WithPrevious now={r.figures.escalated} before={r.previous.escalated} label={prevLabel} /></Cell>
              <Cell><WithPrevious now={r.figures.optOuts} before={r.previous.optOuts} label={prevLabel} /></Cell>
              <Cell><WithPrevious now={r.figures.wrongNumbers} before={r.previous.wrongNumbers} label={prevLabel} /></Cell>
              <Cell>{r.notReached}</Cell>
              <Cell>
                <span data-testid="backcheck-share">
                  {r.backChecks.confirmed + r.backChecks.notConfirmed > 0
                    ? t("backChecks.coverageShare", { confirmed: r.backChecks.confirmed, answered: r.backChecks.confirmed + r.backChecks.notConfirmed })
                    : "–"}
                </span>
              </Cell>
              {report.level === "mentor" && <Cell>{pct(r.capacityUsed)}</Cell>}
              {report.level === "mentor" && (
                <Cell>{r.lastCallToday ? format.dateTime(new Date(r.lastCallToday), { hour: "2-digit", minute: "2-digit" }) : "–"}</Cell>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      <Card title={t("perDay")}>
        <CoverageChart
          days={report.days.map((d) => ({ day: d.day, due: d.figures.due, reached: d.figures.reached, calls: d.figures.calls }))}
          labels={{ due: t("figures.due"), reached: t("figures.reached"), calls: t("figures.calls") }}
        />
        <div className="mt-3">
          <DataTable caption={t("perDayTable")} head={[t("day"), ...FIGURE_KEYS.map((k) => t(`figures.${k}`)), t("figures.rate")]}>
            {report.days.map((d) => (
              <tr key={d.day}>
                <Cell>{d.day}</Cell>
                {FIGURE_KEYS.map((k) => (
                  <Cell key={k}>{d.figures[k]}</Cell>
                ))}
                <Cell>{pct(reachRate(d.figures))}</Cell>
              </tr>
            ))}
          </DataTable>
        </div>
      </Card>
      <Card title={t("byDisposition")}>
        <DataTable caption={t("byDisposition")} head={[t("disposition"), t("figures.calls")]}>
          {COVERAGE_DISPOSITIONS.map((d) => (
            <tr key={d}>
              <Cell>{tc(`dispositions.${d}`)}</Cell>
              <Cell>{report.total.byDisposition[d]}</Cell>
            </tr>
          ))}
        </DataTable>
      </Card>
    </div>
  );
}

function TotalCards({ total, previous, goal }: { total: CoverageFigures; previous: CoverageFigures; goal: number }) {
  const t = useTranslations("supervision");
  const rate = reachRate(total);
  const below = rate !== null && rate * 100 < goal;
  const items = [
    { label: t("figures.due"), now: String(total.due), before: String(previous.due) },
    { label: t("figures.reached"), now: String(total.reached), before: String(previous.reached) },
    { label: t("figures.rate"), now: pct(rate), before: pct(reachRate(previous)), red: below },
    { label: t("figures.calls"), now: String(total.calls), before: String(previous.calls) },
    { label: t("figures.escalated"), now: String(total.escalated), before: String(previous.escalated) },
  ];
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-5">
      {items.map((i) => (
        <div key={i.label} className="rounded-lg border border-slate-200 bg-white p-3">
          <dt className="text-xs text-slate-600">{i.label}</dt>
          <dd className={i.red ? "text-xl font-bold text-red-800" : "text-xl font-bold"}>
            {i.now} <span className="text-xs font-normal text-slate-600">({i.before})<span className="sr-only"> {t("previousPeriod")}</span></span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
