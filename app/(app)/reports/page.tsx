import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { db, dbRead } from "@/lib/db";
import { requireActor, requestMeta } from "@/lib/auth";
import { can } from "@/lib/authz";
import { isoDate } from "@/lib/dates";
import { programmeOverview } from "@/lib/home/queries";
import { callClientReport, callReport, enrolmentReport, messageReport, outcomeReport, programmeReport, reportScope } from "@/lib/reports/queries";
import type { ReportRow } from "@/lib/reports/call-rules";
import { ART_BANDS, type ProgrammeRow } from "@/lib/reports/programme-rules";
import { OUTCOME_GROUPS } from "@/lib/reports/outcome-rules";
import { reachRate } from "@/lib/coverage/definitions";
import { filtersFromSearch, resolveFilters } from "@/lib/reports/schemas";
import { AGE_SCHEMES, DIMENSIONS, MEASURES, totalLine, type Dimension, type EnrolmentLine } from "@/lib/reports/enrolment-rules";
import { Alert, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { FilterActions } from "@/components/ui/filter-actions";
import { SelectField, TextField } from "@/components/ui/field";
import { Cell, DataTable } from "@/components/ui/table";
import { Stat } from "@/components/stat";
import { Definition } from "@/app/(app)/reports/definition";
import { IdentifiedExportForm } from "@/app/(app)/reports/identified-export-form";
import { ReportChart, type ReportChartPoint } from "@/components/report-chart";
import { TableDownloads } from "@/app/(app)/reports/table-downloads";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports"))("title") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const fmt = (n: number) => n.toLocaleString("en-US");

export default async function ReportsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor("reports.view");
  const [raw, meta] = await Promise.all([searchParams, requestMeta()]);
  const parsed = filtersFromSearch(raw);
  const today = isoDate(meta.now);
  const filters = resolveFilters(parsed.success ? parsed.data : { period: "month" }, today);
  const [t, th, tc, o, scope, lines, calls, vl, clientCalls, programme, messages] = await Promise.all([
    getTranslations("reports"),
    getTranslations("home"),
    getTranslations("clients"),
    programmeOverview(db, actor),
    reportScope(dbRead, actor),
    enrolmentReport(dbRead, actor, filters),
    callReport(dbRead, actor, filters),
    outcomeReport(dbRead, actor, filters),
    callClientReport(dbRead, actor, filters),
    programmeReport(dbRead, actor, filters),
    messageReport(dbRead, actor, filters),
  ]);
  const pct = (n: number, d: number) => (d > 0 ? ` (${Math.round((n / d) * 100)}%)` : "");
  const rate = (f: { due: number; reached: number }) => {
    const r = reachRate(f);
    return r === null ? "-" : `${Math.round(r * 100)}%`;
  };
  const total = totalLine(lines);
  const qs = new URLSearchParams(filters.params).toString();
  const names = new Map<string, string>([...scope.countries.map((c) => [c.id, c.name] as const), ...scope.sites.map((s) => [s.id, s.name] as const)]);
  const label = (d: Dimension, key: string | null): string => {
    if (key === null) return t("dimensions.total");
    if (d === "country" || d === "site") return names.get(key) ?? key;
    if (d === "category") return tc(`categories.${key}`);
    if (d === "sex") return tc(`sexes.${key}`);
    if (d === "exitReason") return t(`exitReasons.${key}`);
    return key;
  };
  const scopeName = actor.role === "SUPERVISOR" ? t("mySites") : (scope.scopeName ?? t("programme"));
  const empty = total.new + total.active + total.exits + total.newPrevious + total.activePrevious + total.exitsPrevious === 0;
  const change = (cur: number, prev: number) => (cur - prev > 0 ? `+${fmt(cur - prev)}` : fmt(cur - prev));
  const chartLabels = { value: t("thisPeriod"), previous: t("previous") };
  // A row's value as shown: a rate as a percentage, a median in days, "-" when there is none.
  const shown = (key: string, v: number | null) =>
    v === null ? "-" : key.endsWith("Rate") ? `${Math.round(v * 100)}%` : key.startsWith("median") ? t("days", { n: Math.round(v * 10) / 10 }) : fmt(v);
  type Ns = "callClients" | "programmeFigures" | "messageFigures";
  const figureTable = (caption: string, rows: (ReportRow | ProgrammeRow)[], ns: Ns) => (
    <DataTable caption={caption} head={[caption, t("value"), t("previous"), t("definition")]}>
      {rows.map((r) => (
        <tr key={r.key}>
          <Cell className="font-medium">{t(`${ns}.figures.${r.key.replace(".", "_")}`)}</Cell>
          <Cell><span data-testid={`${ns}-${r.key.replace(".", "_")}`}>{shown(r.key, r.value)}</span></Cell>
          <Cell>{shown(r.key, r.previous)}</Cell>
          <Cell><Definition summary={t("definition")}>{t(`${ns}.definitions.${r.key.replace(".", "_")}`)}</Definition></Cell>
        </tr>
      ))}
    </DataTable>
  );
  const byGroup = <R extends { group: string }>(rows: R[], g: string) => rows.filter((r) => r.group === g);
  /** A titled table of figures (one group of a report's rows), with a chart of `points` above it. */
  const subsection = (title: string, rows: (ReportRow | ProgrammeRow)[], ns: Ns, chart?: { testId: string; points: ReportChartPoint[] }) => (
    <>
      <h3 className="pt-2 font-semibold">{title}</h3>
      {chart && <ReportChart testId={chart.testId} labels={chartLabels} points={chart.points} />}
      {figureTable(title, rows, ns)}
    </>
  );

  return (
    <>
      <PageHeader title={t("title")} description={t("intro", { scope: scopeName })} />
      <dl className="mb-6 grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label={th("countries")} value={o.countries} />
        <Stat label={th("sites")} value={o.sites} />
        <Stat label={th("mentorMothers")} value={o.mentors} />
        <Stat label={th("activeClients")} value={o.activeClients} testId="active-clients" />
      </dl>

      <Card title={t("filters.legend")}>
        {!parsed.success && <Alert kind="info">{t("filters.invalid")}</Alert>}
        <form method="get" className="grid grid-cols-1 gap-3 sm:grid-cols-3" aria-label={t("filters.legend")}>
          <SelectField label={t("filters.period")} name="period" defaultValue={filters.kind}>
            {(["month", "quarter", "range"] as const).map((k) => (
              <option key={k} value={k}>{t(`filters.periods.${k}`)}</option>
            ))}
          </SelectField>
          <TextField label={t("filters.month")} name="month" type="month" defaultValue={filters.params.month ?? today.slice(0, 7)} />
          <TextField label={t("filters.quarter")} name="quarter" pattern="\d{4}-Q[1-4]" placeholder="2026-Q4" defaultValue={filters.params.quarter ?? ""} />
          <TextField label={t("filters.from")} name="from" type="date" defaultValue={filters.params.from ?? ""} />
          <TextField label={t("filters.to")} name="to" type="date" defaultValue={filters.params.to ?? ""} />
          {scope.countries.length > 1 && (
            <SelectField label={t("filters.country")} name="country" defaultValue={filters.countryId ?? ""}>
              <option value="">{t("filters.allCountries")}</option>
              {scope.countries.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </SelectField>
          )}
          <SelectField label={t("filters.site")} name="site" defaultValue={filters.siteId ?? ""}>
            <option value="">{t("filters.allSites")}</option>
            {scope.sites.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </SelectField>
          <SelectField label={t("filters.ageBands")} name="bands" defaultValue={filters.ageBands}>
            {AGE_SCHEMES.map((k) => <option key={k} value={k}>{t(`filters.ageSchemes.${k}`)}</option>)}
          </SelectField>
          <div className="sm:col-span-3">
            <FilterActions submitLabel={t("filters.apply")} clearLabel={t("filters.clear")} clearHref="/reports" filtered={Object.keys(raw).length > 0} />
          </div>
        </form>
      </Card>

      <section className="mt-6 space-y-6" aria-labelledby="enrolment-heading">
        <div>
          <h2 id="enrolment-heading" className="text-lg font-semibold">
            {t("periodLabel", { from: filters.current.from, to: filters.current.to })}
          </h2>
          <p className="text-sm text-slate-600">{t("previousLabel", { from: filters.previous.from, to: filters.previous.to })}</p>
        </div>
        {empty && <EmptyState title={t("empty")} />}
        <DataTable caption={t("dimensions.total")} head={[t("dimensions.total"), t("value"), t("previous"), t("change"), t("definition")]}>
          {MEASURES.map((m) => (
            <tr key={m}>
              <Cell className="font-medium">{t(`measures.${m}`)}</Cell>
              <Cell><span data-testid={`total-${m}`}>{fmt(total[m])}</span></Cell>
              <Cell>{fmt(total[`${m}Previous`])}</Cell>
              <Cell>{change(total[m], total[`${m}Previous`])}</Cell>
              <Cell><Definition summary={t("definition")}>{t(`definitions.${m}`)} {t("definitions.previous")}</Definition></Cell>
            </tr>
          ))}
        </DataTable>

        {DIMENSIONS.filter((d) => d !== "total").map((d) => {
          const rows = lines.filter((l) => l.dimension === d);
          if (rows.length === 0) return null;
          const measures = d === "exitReason" ? (["exits"] as const) : MEASURES;
          return (
            <div key={d}>
              <h3 className="mb-2 font-semibold">{t(`dimensions.${d}`)}</h3>
              {d === "ageBand" && <Definition summary={t("definition")}>{t(filters.ageBands === "mer" ? "definitions.ageBandMer" : "definitions.ageBand")}</Definition>}
              {d === "ageBand" && (
                <ReportChart testId="chart-age-bands" labels={chartLabels} points={rows.map((l) => ({ label: label(d, l.key), value: l.new, previous: l.newPrevious }))} />
              )}
              <DataTable caption={t(`dimensions.${d}`)} head={[t("value"), ...measures.flatMap((m) => [t(`measures.${m}`), t("previous")])]}>
                {rows.map((l: EnrolmentLine) => (
                  <tr key={l.key ?? ""}>
                    <Cell>{label(d, l.key)}</Cell>
                    {measures.map((m) => [
                      <Cell key={m}>{fmt(l[m])}</Cell>,
                      <Cell key={`${m}p`}>{fmt(l[`${m}Previous`])}</Cell>,
                    ])}
                  </tr>
                ))}
              </DataTable>
            </div>
          );
        })}
      </section>

      <section className="mt-6 space-y-2" aria-labelledby="calls-heading">
        <h2 id="calls-heading" className="text-lg font-semibold">{t("calls.title")}</h2>
        <p className="text-sm text-slate-600">{t("calls.intro")}</p>
        <DataTable caption={t("calls.title")} head={[t("calls.title"), t("value"), t("previous"), t("definition")]}>
          {(["due", "attempted", "reached", "reachRate", "calls", "optOuts", "wrongNumbers"] as const).map((k) => (
            <tr key={k}>
              <Cell className="font-medium">{t(`calls.figures.${k}`)}</Cell>
              <Cell><span data-testid={`calls-${k}`}>{k === "reachRate" ? rate(calls.current) : fmt(calls.current[k])}</span></Cell>
              <Cell>{k === "reachRate" ? rate(calls.previous) : fmt(calls.previous[k])}</Cell>
              <Cell><Definition summary={t("definition")}>{t(`calls.definitions.${k}`)}</Definition></Cell>
            </tr>
          ))}
        </DataTable>
        {subsection(t("callClients.clientsTitle"), byGroup(clientCalls.rows, "clients"), "callClients", {
          testId: "chart-call-clients",
          points: (["clientsDue", "clientsReached"] as const).map((k) => ({ label: t(`callClients.figures.${k}`), value: clientCalls.current[k], previous: clientCalls.previous[k] })),
        })}
        {subsection(t("callClients.missedTitle"), byGroup(clientCalls.rows, "missed"), "callClients")}
        {subsection(t("callClients.tracingTitle"), byGroup(clientCalls.rows, "tracing"), "callClients", {
          testId: "chart-tracing",
          points: byGroup(clientCalls.rows, "tracing").map((r) => ({ label: r.key, value: r.value ?? 0, previous: r.previous ?? 0 })),
        })}
        <TableDownloads table="calls" query={qs} />
        <TableDownloads table="call-clients" query={qs} />
      </section>

      <section className="mt-6 space-y-2" aria-labelledby="messages-heading">
        <h2 id="messages-heading" className="text-lg font-semibold">{t("messageFigures.title")}</h2>
        <p className="text-sm text-slate-600">{t("messageFigures.intro")}</p>
        {subsection(t("messageFigures.tableTitle"), messages.rows, "messageFigures", {
          testId: "chart-messages",
          points: (["sent", "delivered", "failed", "unknown", "replies", "optOuts"] as const).map((k) => ({ label: t(`messageFigures.figures.${k}`), value: messages.current[k], previous: messages.previous[k] })),
        })}
        <TableDownloads table="messages" query={qs} />
      </section>

      <section className="mt-6 space-y-2" aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading" className="text-lg font-semibold">{t("outcomes.title")}</h2>
        <p className="text-sm text-slate-600">{t("outcomes.intro")}</p>
        <Definition summary={t("definition")}>{t("outcomes.definition")}</Definition>
        <DataTable
          caption={t("outcomes.title")}
          head={[t("outcomes.head.group"), t("outcomes.head.eligible"), t("outcomes.head.withResult"), t("outcomes.head.suppressed1000"), t("outcomes.head.suppressed50")]}
        >
          {([...OUTCOME_GROUPS, "TOTAL"] as const).map((g) => (
            <tr key={g}>
              <Cell className="font-medium">{t(`outcomes.groups.${g}`)}</Cell>
              <Cell>{fmt(vl[g].eligible)}</Cell>
              <Cell>{fmt(vl[g].withResult)}{pct(vl[g].withResult, vl[g].eligible)}</Cell>
              <Cell>{fmt(vl[g].suppressed1000)}{pct(vl[g].suppressed1000, vl[g].withResult)}</Cell>
              <Cell>{fmt(vl[g].suppressed50)}{pct(vl[g].suppressed50, vl[g].withResult)}</Cell>
            </tr>
          ))}
        </DataTable>
        <ReportChart
          testId="chart-viral-load"
          labels={{ value: t("outcomes.head.withResult"), previous: t("outcomes.head.eligible") }}
          points={OUTCOME_GROUPS.map((g) => ({ label: t(`outcomes.groups.${g}`), value: vl[g].withResult, previous: vl[g].eligible }))}
        />
        {subsection(t("programmeFigures.infantsTitle"), byGroup(programme.rows, "infants"), "programmeFigures")}
        {subsection(t("programmeFigures.interruptionTitle"), byGroup(programme.rows, "interruption"), "programmeFigures", {
          testId: "chart-interruption",
          points: ART_BANDS.map((b) => ({ label: b === "UNKNOWN" ? "?" : b, value: programme.current.interrupted[b], previous: programme.previous.interrupted[b] })),
        })}
        {subsection(t("programmeFigures.returnedTitle"), byGroup(programme.rows, "returned"), "programmeFigures")}
        {subsection(t("programmeFigures.remindersTitle"), byGroup(programme.rows, "reminders"), "programmeFigures", {
          testId: "chart-reminders",
          points: (["remindedRate", "notRemindedRate"] as const).map((k) => {
            const r = programme.rows.find((x) => x.key === k);
            return { label: t(`programmeFigures.figures.${k}`), value: Math.round((r?.value ?? 0) * 100), previous: Math.round((r?.previous ?? 0) * 100) };
          }),
        })}
        <TableDownloads table="outcomes" query={qs} />
        <TableDownloads table="programme" query={qs} />
      </section>

      <Card title={t("downloads.title")} className="mt-6">
        <ul className="flex flex-wrap gap-2">
          <li><a className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-4 text-sm font-medium" href={`/api/reports/enrolment?format=csv&${qs}`} download>{t("downloads.reportCsv")}</a></li>
          <li><a className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-4 text-sm font-medium" href={`/api/reports/enrolment?format=xlsx&${qs}`} download>{t("downloads.reportXlsx")}</a></li>
          <li><a className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-4 text-sm font-medium" href={`/api/exports/line-list?format=csv&${qs}`} download>{t("downloads.lineListCsv")}</a></li>
          <li><a className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-4 text-sm font-medium" href={`/api/exports/line-list?format=xlsx&${qs}`} download>{t("downloads.lineListXlsx")}</a></li>
        </ul>
        <p className="mt-2 text-sm text-slate-600">{t("downloads.lineListHint")}</p>
      </Card>

      {can(actor, "exports.identified") && (
        <Card title={t("identified.title")} className="mt-6">
          <IdentifiedExportForm params={filters.params} />
        </Card>
      )}
    </>
  );
}
