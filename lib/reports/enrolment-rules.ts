// The enrolment report's definitions (domain.md "Reports"), pure: periods, age bands, and the
// figures themselves as a plain function over client rows - the twin of the one SQL statement in
// lib/reports/enrolment-sql.ts. tests/integration/reports-enrolment.test.ts checks on random data
// that both give the same numbers; change them together. docs/reports.md says the same in words.
//
//   new enrolments   clients whose enrolment date falls in the period; age band at enrolment
//   active at end    clients enrolled on or before the period's last day and not exited by then
//                    (exited = a status other than ACTIVE with its status date on or before that
//                    day; a non-active client with no status date counts as exited on enrolment)
//   exits            clients whose status left ACTIVE with a status date in the period, by coded
//                    reason (NOT_CODED when none); age band at the exit date
// The previous period is the one just before, of the same kind and length.
// A record closed as the duplicate of another (code DUPLICATE: a linked cross-site pair, or an
// exit recorded as such) is not counted at all: the person counts once, through the record kept.
import { addDaysIso, addMonthsIso, daysBetween } from "@/lib/calls/calendar";

export const AGE_BANDS = ["<15", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50+"] as const;
/** The finer MER bands, an option of the enrolment report (URL filter bands=mer). */
export const MER_AGE_BANDS = [
  "<1", "1-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65+",
] as const;
export type StandardAgeBand = (typeof AGE_BANDS)[number];
export type AgeBand = StandardAgeBand | (typeof MER_AGE_BANDS)[number];
export const AGE_SCHEMES = ["standard", "mer"] as const;
export type AgeScheme = (typeof AGE_SCHEMES)[number];
export const bandsOf = (scheme: AgeScheme): readonly AgeBand[] => (scheme === "mer" ? MER_AGE_BANDS : AGE_BANDS);
/** A band's place in its list (for sorting lines). */
export const bandOrder = (band: string): number => {
  const i = (AGE_BANDS as readonly string[]).indexOf(band);
  return i >= 0 ? i : (MER_AGE_BANDS as readonly string[]).indexOf(band);
};

/** Whole years between a date of birth and a day (both YYYY-MM-DD), as PostgreSQL's age() counts. */
export function ageInYears(dateOfBirth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

export function ageBand(age: number, scheme?: "standard"): StandardAgeBand;
export function ageBand(age: number, scheme: AgeScheme): AgeBand;
export function ageBand(age: number, scheme: AgeScheme = "standard"): AgeBand {
  if (scheme === "mer") {
    if (age < 1) return "<1";
    if (age < 5) return "1-4";
    if (age >= 65) return "65+";
    const lo = Math.floor(age / 5) * 5;
    return `${lo}-${lo + 4}` as AgeBand;
  }
  if (age < 15) return "<15";
  if (age >= 50) return "50+";
  const lo = Math.floor(age / 5) * 5;
  return `${lo}-${lo + 4}` as AgeBand;
}

/** A date as the integer YYYYMMDD in SQL: whole years between two of them are (b - a) / 10000,
 * exactly ageInYears (and PostgreSQL's age()), at a fraction of age()'s cost over a million rows. */
export function dayIntSql(d: string): string {
  return `(date_part('year', ${d}) * 10000 + date_part('month', ${d}) * 100 + date_part('day', ${d}))::int`;
}

/** ageBand in SQL over a column (or cheap expression) of whole years: NULL stays NULL. */
export function ageBandOfYearsSql(years: string, scheme: AgeScheme = "standard"): string {
  const bands = bandsOf(scheme);
  const first = bands[0]!;
  const last = bands[bands.length - 1]!;
  const inner = bands.slice(1, -1).map((b) => `WHEN ${years} <= ${Number(b.split("-")[1])} THEN '${b}'`);
  return `(CASE WHEN ${years} < ${Number(first.slice(1))} THEN '${first}' ${inner.join(" ")} WHEN ${years} >= ${Number(last.slice(0, -1))} THEN '${last}' END)`;
}

/** Whole years from a date-of-birth column to a day (SQL date expressions), as an integer. */
export function yearsSql(dob: string, on: string): string {
  return `((${dayIntSql(on)} - ${dayIntSql(dob)}) / 10000)`;
}

// ------------------------------------------------------------------------------------------------
// Periods

export type PeriodKind = "month" | "quarter" | "range";
export type Period = { from: string; to: string };

export function monthPeriod(month: string): Period {
  const from = `${month}-01`;
  return { from, to: addDaysIso(addMonthsIso(from, 1), -1) };
}

export function quarterPeriod(quarter: string): Period {
  const [y, q] = quarter.split("-Q");
  const from = `${y}-${String((Number(q) - 1) * 3 + 1).padStart(2, "0")}-01`;
  return { from, to: addDaysIso(addMonthsIso(from, 3), -1) };
}

/** The period just before: the previous month or quarter, or as many days just before a range. */
export function previousPeriod(kind: PeriodKind, p: Period): Period {
  if (kind === "month" || kind === "quarter") {
    const from = addMonthsIso(p.from, kind === "month" ? -1 : -3);
    return { from, to: addDaysIso(p.from, -1) };
  }
  const days = daysBetween(p.from, p.to) + 1;
  return { from: addDaysIso(p.from, -days), to: addDaysIso(p.from, -1) };
}

// ------------------------------------------------------------------------------------------------
// The figures

export const MEASURES = ["new", "active", "exits"] as const;
export type Measure = (typeof MEASURES)[number];
export const DIMENSIONS = ["total", "country", "site", "category", "ageBand", "sex", "exitReason"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type PeriodKey = "current" | "previous";

/** One number: how many clients of `measure` in `period`, for the value `key` of `dimension`
 * (key null for the total). exitReason is only reported for exits. */
export type EnrolmentCount = { period: PeriodKey; measure: Measure; dimension: Dimension; key: string | null; count: number };

export type EnrolmentClient = {
  countryId: string;
  siteId: string;
  category: string;
  sex: string;
  dateOfBirth: string;
  enrolmentDate: string;
  status: string;
  statusDate: string | null;
  statusReasonCode: string | null;
};

export const NOT_CODED = "NOT_CODED";
/** The exit code of a record closed as another's duplicate (lib/clients/exit-reasons.ts). */
export const DUPLICATE_CODE = "DUPLICATE";

/** Whether a client counts in the figures at all: not a record closed as another's duplicate. */
export function countsInReports(c: Pick<EnrolmentClient, "statusReasonCode">): boolean {
  return c.statusReasonCode !== DUPLICATE_CODE;
}

/** The day a client stopped counting as active, or null while she is active. */
export function exitDate(c: Pick<EnrolmentClient, "status" | "statusDate" | "enrolmentDate">): string | null {
  return c.status === "ACTIVE" ? null : (c.statusDate ?? c.enrolmentDate);
}

export const countKey = (c: Omit<EnrolmentCount, "count">) => `${c.period}|${c.measure}|${c.dimension}|${c.key ?? ""}`;

/** Every non-zero count (the SQL statement returns the same set). */
export function enrolmentCounts(clients: readonly EnrolmentClient[], periods: Record<PeriodKey, Period>, scheme: AgeScheme = "standard"): Map<string, EnrolmentCount> {
  const out = new Map<string, EnrolmentCount>();
  const add = (period: PeriodKey, measure: Measure, dimension: Dimension, key: string | null) => {
    const k = countKey({ period, measure, dimension, key });
    const row = out.get(k) ?? { period, measure, dimension, key, count: 0 };
    row.count += 1;
    out.set(k, row);
  };
  const addAll = (period: PeriodKey, measure: Measure, c: EnrolmentClient, on: string) => {
    add(period, measure, "total", null);
    add(period, measure, "country", c.countryId);
    add(period, measure, "site", c.siteId);
    add(period, measure, "category", c.category);
    add(period, measure, "ageBand", ageBand(ageInYears(c.dateOfBirth, on), scheme));
    add(period, measure, "sex", c.sex);
    if (measure === "exits") add(period, measure, "exitReason", c.statusReasonCode ?? NOT_CODED);
  };
  for (const [period, p] of Object.entries(periods) as [PeriodKey, Period][]) {
    for (const c of clients) {
      if (!countsInReports(c)) continue;
      const exit = exitDate(c);
      if (c.enrolmentDate >= p.from && c.enrolmentDate <= p.to) addAll(period, "new", c, c.enrolmentDate);
      if (c.enrolmentDate <= p.to && !(exit !== null && exit <= p.to)) addAll(period, "active", c, p.to);
      if (exit !== null && exit >= p.from && exit <= p.to) addAll(period, "exits", c, exit);
    }
  }
  return out;
}

/** The figures laid out for a page or a file: one line per dimension value, each measure for the
 * period and the previous one. */
export type EnrolmentLine = { dimension: Dimension; key: string | null } & Record<`${Measure}${"" | "Previous"}`, number>;

export function enrolmentLines(counts: Iterable<EnrolmentCount>): EnrolmentLine[] {
  const lines = new Map<string, EnrolmentLine>();
  for (const c of counts) {
    const k = `${c.dimension}|${c.key ?? ""}`;
    const line = lines.get(k) ?? { dimension: c.dimension, key: c.key, new: 0, newPrevious: 0, active: 0, activePrevious: 0, exits: 0, exitsPrevious: 0 };
    line[c.period === "current" ? c.measure : (`${c.measure}Previous` as const)] += c.count;
    lines.set(k, line);
  }
  const dimOrder = (d: Dimension) => DIMENSIONS.indexOf(d);
  const keyOrder = (l: EnrolmentLine) => (l.dimension === "ageBand" ? String(bandOrder(l.key ?? "")).padStart(2, "0") : (l.key ?? ""));
  return [...lines.values()].sort((a, b) => dimOrder(a.dimension) - dimOrder(b.dimension) || keyOrder(a).localeCompare(keyOrder(b)));
}

/** The total line (always present, zeros when nothing happened). */
export function totalLine(lines: readonly EnrolmentLine[]): EnrolmentLine {
  return lines.find((l) => l.dimension === "total") ?? { dimension: "total", key: null, new: 0, newPrevious: 0, active: 0, activePrevious: 0, exits: 0, exitsPrevious: 0 };
}
