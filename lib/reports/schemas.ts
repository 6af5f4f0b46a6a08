// The report filters as they travel in the URL (period, country, site - never anything about a
// client), checked with zod. A bad value gives the field's catalogue key; pages fall back to the
// defaults for a value they cannot read.
import { z } from "zod";
import { addMonthsIso, isIsoDate } from "@/lib/calls/calendar";
import { isUuid } from "@/lib/validation";
import { AGE_SCHEMES, monthPeriod, previousPeriod, quarterPeriod, type AgeScheme, type Period, type PeriodKind } from "@/lib/reports/enrolment-rules";

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const uuid = z.preprocess(blank, z.string().refine(isUuid, "invalid").optional());
const isoDay = z.string().refine(isIsoDate, "invalidDate");

export const reportFiltersSchema = z
  .object({
    period: z.preprocess(blank, z.enum(["month", "quarter", "range"]).default("month")),
    month: z.preprocess(blank, z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "invalidMonth").optional()),
    quarter: z.preprocess(blank, z.string().regex(/^\d{4}-Q[1-4]$/, "invalidQuarter").optional()),
    from: z.preprocess(blank, isoDay.optional()),
    to: z.preprocess(blank, isoDay.optional()),
    country: uuid,
    site: uuid,
    /** Age bands of the enrolment report: the programme's (default) or the finer MER bands. */
    bands: z.preprocess(blank, z.enum(AGE_SCHEMES).default("standard")),
  })
  .superRefine((f, ctx) => {
    if (f.period !== "range") return;
    if (!f.from) ctx.addIssue({ code: "custom", path: ["from"], message: "required" });
    if (!f.to) ctx.addIssue({ code: "custom", path: ["to"], message: "required" });
    if (f.from && f.to && f.to < f.from) ctx.addIssue({ code: "custom", path: ["to"], message: "endBeforeStart" });
    if (f.from && f.to && Number(f.to.slice(0, 4)) - Number(f.from.slice(0, 4)) > 10) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "rangeTooLong" });
    }
  });

export type ReportFilters = z.infer<typeof reportFiltersSchema>;

export type ResolvedFilters = {
  kind: PeriodKind;
  current: Period;
  previous: Period;
  countryId: string | null;
  siteId: string | null;
  ageBands: AgeScheme;
  /** The filters as search params again (for the download links and the form). */
  params: Record<string, string>;
};

/** The quarter ("YYYY-Qn") a day (YYYY-MM-DD) falls in. */
export const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

/** The periods the filters mean. Without a month or quarter, `today` (YYYY-MM-DD) gives the last
 * complete one: monthly and quarterly reports are made on finished periods (the current one is
 * partial), and a finished period is answered from the report roll-up (decision 044). */
export function resolveFilters(f: Omit<ReportFilters, "bands"> & { bands?: AgeScheme }, today: string): ResolvedFilters {
  const thisMonth = `${today.slice(0, 7)}-01`;
  const month = f.month ?? addMonthsIso(thisMonth, -1).slice(0, 7);
  const quarter = f.quarter ?? quarterOf(addMonthsIso(quarterPeriod(quarterOf(today)).from, -3));
  const kind = f.period;
  const current =
    kind === "month" ? monthPeriod(month)
    : kind === "quarter" ? quarterPeriod(quarter)
    : { from: f.from!, to: f.to! };
  const params: Record<string, string> = { period: kind };
  if (kind === "month") params.month = month;
  if (kind === "quarter") params.quarter = quarter;
  if (kind === "range") Object.assign(params, { from: current.from, to: current.to });
  if (f.country) params.country = f.country;
  if (f.site) params.site = f.site;
  const ageBands = f.bands ?? "standard";
  if (ageBands !== "standard") params.bands = ageBands;
  return { kind, current, previous: previousPeriod(kind, current), countryId: f.country ?? null, siteId: f.site ?? null, ageBands, params };
}

/** Search params (a page's, or a download URL's) to filters: the first value of each key. */
export function filtersFromSearch(search: URLSearchParams | Record<string, string | string[] | undefined>) {
  const get = (k: string) => {
    if (search instanceof URLSearchParams) return search.get(k) ?? undefined;
    const v = search[k];
    return Array.isArray(v) ? v[0] : v;
  };
  return reportFiltersSchema.safeParse(Object.fromEntries(["period", "month", "quarter", "from", "to", "country", "site", "bands"].map((k) => [k, get(k)])));
}
