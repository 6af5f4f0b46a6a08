import { ageBand, ageInYears, AGE_BANDS, enrolmentCounts, enrolmentLines, monthPeriod, previousPeriod, quarterPeriod, totalLine, type EnrolmentClient } from "@/lib/reports/enrolment-rules";
import { filtersFromSearch, resolveFilters } from "@/lib/reports/schemas";

describe("age bands (domain.md)", () => {
  it.each([
    [0, "<15"], [14, "<15"], [15, "15-19"], [19, "15-19"], [20, "20-24"], [34, "30-34"], [45, "45-49"], [49, "45-49"], [50, "50+"], [90, "50+"],
  ])("%i years is %s", (age, band) => expect(ageBand(age)).toBe(band));

  it("lists the nine bands in order", () => {
    expect(AGE_BANDS).toEqual(["<15", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50+"]);
  });

  it("counts whole years as PostgreSQL's age() does, birthdays and 29 February included", () => {
    expect(ageInYears("2000-06-15", "2015-06-14")).toBe(14);
    expect(ageInYears("2000-06-15", "2015-06-15")).toBe(15);
    expect(ageInYears("2004-02-29", "2019-02-28")).toBe(14);
    expect(ageInYears("2004-02-29", "2019-03-01")).toBe(15);
  });
});

describe("periods", () => {
  it("gives months, quarters and the period before", () => {
    expect(monthPeriod("2026-02")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(quarterPeriod("2026-Q4")).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(previousPeriod("month", monthPeriod("2026-03"))).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(previousPeriod("quarter", quarterPeriod("2026-Q1"))).toEqual({ from: "2025-10-01", to: "2025-12-31" });
    expect(previousPeriod("range", { from: "2026-03-11", to: "2026-03-20" })).toEqual({ from: "2026-03-01", to: "2026-03-10" });
  });

  it("reads filters from the URL and refuses what it cannot read", () => {
    const ok = filtersFromSearch(new URLSearchParams("period=quarter&quarter=2026-Q2"));
    expect(ok.success && resolveFilters(ok.data, "2026-12-06").current).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    const month = filtersFromSearch({});
    // Without a month or quarter: the last complete one (the year turns over in January).
    expect(month.success && resolveFilters(month.data, "2026-12-06").params).toEqual({ period: "month", month: "2026-11" });
    expect(month.success && resolveFilters(month.data, "2027-01-01").params).toEqual({ period: "month", month: "2026-12" });
    const quarter = filtersFromSearch({ period: "quarter" });
    expect(quarter.success && resolveFilters(quarter.data, "2026-12-06").params).toEqual({ period: "quarter", quarter: "2026-Q3" });
    expect(quarter.success && resolveFilters(quarter.data, "2026-02-15").current).toEqual({ from: "2025-10-01", to: "2025-12-31" });
    expect(filtersFromSearch(new URLSearchParams("period=range&from=2026-05-01&to=2026-04-01")).success).toBe(false);
    expect(filtersFromSearch(new URLSearchParams("period=month&month=2026-13")).success).toBe(false);
    expect(filtersFromSearch(new URLSearchParams("site=not-a-uuid")).success).toBe(false);
  });
});

describe("enrolment figures (the pure twin)", () => {
  const base: EnrolmentClient = {
    countryId: "c1", siteId: "s1", category: "PREGNANT", sex: "FEMALE", dateOfBirth: "2000-01-01",
    enrolmentDate: "2026-03-10", status: "ACTIVE", statusDate: null, statusReasonCode: null,
  };
  const periods = { current: monthPeriod("2026-03"), previous: monthPeriod("2026-02") };

  it("counts new, active at end and exits, with the previous period", () => {
    const lines = enrolmentLines(
      enrolmentCounts(
        [
          base,
          { ...base, enrolmentDate: "2026-02-01" },
          { ...base, enrolmentDate: "2026-02-01", status: "DIED", statusDate: "2026-03-05", statusReasonCode: "DE44" },
          { ...base, enrolmentDate: "2026-01-01", status: "TRANSFERRED_OUT", statusDate: "2026-02-20", statusReasonCode: null },
          { ...base, enrolmentDate: "2026-04-01" },
        ],
        periods,
      ).values(),
    );
    const total = totalLine(lines);
    expect(total).toMatchObject({ new: 1, newPrevious: 2, active: 2, activePrevious: 2, exits: 1, exitsPrevious: 1 });
    expect(lines.find((l) => l.dimension === "exitReason" && l.key === "DE44")?.exits).toBe(1);
    expect(lines.find((l) => l.dimension === "exitReason" && l.key === "NOT_CODED")?.exitsPrevious).toBe(1);
    // Age at enrolment for new enrolments (26), at the period's end for the active ones.
    expect(lines.find((l) => l.dimension === "ageBand" && l.key === "25-29")?.new).toBe(1);
  });

  it("has a zero total line when nothing happened", () => {
    expect(totalLine(enrolmentLines([]))).toMatchObject({ new: 0, active: 0, exits: 0 });
  });
});
