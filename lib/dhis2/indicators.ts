// The monthly indicators sent to DHIS2 (docs/reports.md "DHIS2") - the one list. They are the
// enrolment report's own figures (lib/reports/enrolment-rules.ts, same definitions), for one
// calendar month, per site, disaggregated by age band x sex:
//
//   NEW_ENROLMENTS   clients whose enrolment date falls in the month; age band at enrolment
//   ACTIVE_END       clients enrolled by the month's last day and not exited by then; age band
//                    on that day
//
// Every cell (site x indicator x age band x sex) is sent, zeros included, so sending a month
// again overwrites every value DHIS2 holds for it (a re-send converges). Pure: dhis2Counts is the
// twin of dhis2CountsSql (lib/dhis2/sql.ts); tests/integration/dhis2.test.ts compares them.
import { AGE_BANDS, ageBand, ageInYears, exitDate, monthPeriod, type StandardAgeBand, type EnrolmentClient } from "@/lib/reports/enrolment-rules";

export const DHIS2_INDICATORS = ["NEW_ENROLMENTS", "ACTIVE_END"] as const;
export type Dhis2Indicator = (typeof DHIS2_INDICATORS)[number];
export const DHIS2_SEXES = ["FEMALE", "MALE", "OTHER", "UNKNOWN"] as const;
export type Dhis2Sex = (typeof DHIS2_SEXES)[number];
export const DHIS2_AGE_BANDS = AGE_BANDS;

/** One disaggregated cell of an indicator. */
export type Dhis2Cell = { indicator: Dhis2Indicator; ageBand: StandardAgeBand; sex: Dhis2Sex };

/** Every cell of the grid, in a fixed order (indicator, age band, sex). */
export const DHIS2_CELLS: readonly Dhis2Cell[] = DHIS2_INDICATORS.flatMap((indicator) =>
  AGE_BANDS.flatMap((ageBand) => DHIS2_SEXES.map((sex) => ({ indicator, ageBand, sex }))),
);

export const cellKey = (c: Dhis2Cell) => `${c.indicator}|${c.ageBand}|${c.sex}`;
export const siteCellKey = (siteId: string, c: Dhis2Cell) => `${siteId}|${cellKey(c)}`;

/** DHIS2's monthly period: YYYYMM. */
export const dhis2Period = (month: string) => month.replace("-", "");

/** The non-zero counts of a month by site and cell (key siteCellKey). */
export function dhis2Counts(clients: readonly EnrolmentClient[], month: string): Map<string, number> {
  const { from, to } = monthPeriod(month);
  const out = new Map<string, number>();
  const add = (siteId: string, indicator: Dhis2Indicator, dateOfBirth: string, on: string, sex: string) => {
    const k = siteCellKey(siteId, { indicator, ageBand: ageBand(ageInYears(dateOfBirth, on)), sex: sex as Dhis2Sex });
    out.set(k, (out.get(k) ?? 0) + 1);
  };
  for (const c of clients) {
    const exit = exitDate(c);
    if (c.enrolmentDate >= from && c.enrolmentDate <= to) add(c.siteId, "NEW_ENROLMENTS", c.dateOfBirth, c.enrolmentDate, c.sex);
    if (c.enrolmentDate <= to && !(exit !== null && exit <= to)) add(c.siteId, "ACTIVE_END", c.dateOfBirth, to, c.sex);
  }
  return out;
}
