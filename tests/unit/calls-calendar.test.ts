import {
  addDaysIso,
  addMonthsIso,
  addWorkingDays,
  daysBetween,
  firstWorkingDayOnOrAfter,
  isIsoDate,
  isoWeekday,
  lastWorkingDayOnOrBefore,
  makeCalendar,
  nextWorkingDay,
  workingDaysInRange,
} from "@/lib/calls/calendar";
import { localDay } from "@/lib/site-clock";

// March 2026: Sunday 1, Monday 2 ... Friday 6, Saturday 7, Sunday 8, Monday 9, Tuesday 10.
const cal = makeCalendar({ weekendDays: [6, 7], holidays: [] });
const withMondayHoliday = makeCalendar({ weekendDays: [6, 7], holidays: ["2026-03-09"] });

describe("calendar arithmetic on YYYY-MM-DD", () => {
  it("numbers weekdays the ISO way (1 = Monday, 7 = Sunday)", () => {
    expect(isoWeekday("2026-03-01")).toBe(7);
    expect(isoWeekday("2026-03-02")).toBe(1);
    expect(isoWeekday("2026-03-06")).toBe(5);
    expect(isoWeekday("2026-03-07")).toBe(6);
  });

  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDaysIso("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDaysIso("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDaysIso("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDaysIso("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDaysIso("2026-01-01", 42)).toBe("2026-02-12");
  });

  it("adds months clamping to the month's end, like PostgreSQL", () => {
    expect(addMonthsIso("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonthsIso("2026-01-01", 3)).toBe("2026-04-01");
    expect(addMonthsIso("2025-08-31", 6)).toBe("2026-02-28");
    expect(addMonthsIso("2026-03-31", -1)).toBe("2026-02-28");
  });

  it("counts calendar days between dates, across the days clocks change in some zones", () => {
    expect(daysBetween("2026-03-01", "2026-03-29")).toBe(28);
    expect(daysBetween("2026-03-29", "2026-03-01")).toBe(-28);
    // Last Sunday of March / October: DST changes in Europe; 2026-09-06: Chile at midnight.
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-10-24", "2026-10-26")).toBe(2);
    expect(daysBetween("2026-09-05", "2026-09-07")).toBe(2);
  });

  it("walks every day of 60 years one day at a time without skipping or repeating a date", () => {
    // Any server time zone with DST at midnight (or a skipped day) would break a naive Date walk.
    let d = "2000-01-01";
    for (let i = 0; i < 21915; i++) {
      const n = addDaysIso(d, 1);
      if (daysBetween(d, n) !== 1 || n <= d || isoWeekday(n) !== (isoWeekday(d) % 7) + 1) throw new Error(`broken at ${d}`);
      d = n;
    }
    expect(d).toBe("2060-01-01");
  });

  it("accepts only real YYYY-MM-DD dates and refuses to compute with anything else", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-2-28")).toBe(false);
    expect(isIsoDate("2026-02-28T00:00:00Z")).toBe(false);
    expect(() => addDaysIso("2026-02-30", 1)).toThrow(/YYYY-MM-DD/);
  });
});

describe("working days (weekends and public holidays per country)", () => {
  it("treats the country's weekend days and its holidays as non-working", () => {
    expect(cal.isWorkingDay("2026-03-06")).toBe(true); // Friday
    expect(cal.isWorkingDay("2026-03-07")).toBe(false); // Saturday
    expect(cal.isWorkingDay("2026-03-08")).toBe(false); // Sunday
    expect(withMondayHoliday.isWorkingDay("2026-03-09")).toBe(false);
    expect(withMondayHoliday.isWorkingDay("2026-03-10")).toBe(true);
  });

  it("follows a country's own weekend (Friday and Saturday off)", () => {
    const friSat = makeCalendar({ weekendDays: [5, 6], holidays: [] });
    expect(friSat.isWorkingDay("2026-03-06")).toBe(false);
    expect(friSat.isWorkingDay("2026-03-08")).toBe(true);
    expect(nextWorkingDay(friSat, "2026-03-05")).toBe("2026-03-08");
  });

  it("finds the next working day after a Friday: Monday, or Tuesday when Monday is a holiday", () => {
    expect(nextWorkingDay(cal, "2026-03-06")).toBe("2026-03-09");
    expect(nextWorkingDay(withMondayHoliday, "2026-03-06")).toBe("2026-03-10");
    expect(nextWorkingDay(cal, "2026-03-03")).toBe("2026-03-04");
    // From a Saturday.
    expect(nextWorkingDay(cal, "2026-03-07")).toBe("2026-03-09");
  });

  it("finds the last working day on or before a date", () => {
    expect(lastWorkingDayOnOrBefore(cal, "2026-03-04")).toBe("2026-03-04");
    expect(lastWorkingDayOnOrBefore(cal, "2026-03-08")).toBe("2026-03-06");
    expect(lastWorkingDayOnOrBefore(withMondayHoliday, "2026-03-09")).toBe("2026-03-06");
    const fridayHoliday = makeCalendar({ weekendDays: [6, 7], holidays: ["2026-03-06"] });
    expect(lastWorkingDayOnOrBefore(fridayHoliday, "2026-03-07")).toBe("2026-03-05");
  });

  it("finds the first working day on or after a date", () => {
    expect(firstWorkingDayOnOrAfter(cal, "2026-03-04")).toBe("2026-03-04");
    expect(firstWorkingDayOnOrAfter(withMondayHoliday, "2026-03-07")).toBe("2026-03-10");
  });

  it("adds working days forwards and backwards, skipping weekends and holidays", () => {
    expect(addWorkingDays(cal, "2026-03-05", 0)).toBe("2026-03-05");
    expect(addWorkingDays(cal, "2026-03-05", 1)).toBe("2026-03-06");
    expect(addWorkingDays(cal, "2026-03-05", 2)).toBe("2026-03-09");
    expect(addWorkingDays(withMondayHoliday, "2026-03-05", 2)).toBe("2026-03-10");
    expect(addWorkingDays(cal, "2026-03-09", -1)).toBe("2026-03-06");
    expect(addWorkingDays(withMondayHoliday, "2026-03-10", -2)).toBe("2026-03-05");
  });

  it("counts working days in a range, both ends included", () => {
    expect(workingDaysInRange(cal, "2026-03-02", "2026-03-02")).toBe(1);
    expect(workingDaysInRange(cal, "2026-03-02", "2026-03-08")).toBe(5);
    expect(workingDaysInRange(withMondayHoliday, "2026-03-06", "2026-03-10")).toBe(2);
    expect(workingDaysInRange(cal, "2026-03-07", "2026-03-08")).toBe(0);
    expect(workingDaysInRange(cal, "2026-03-09", "2026-03-02")).toBe(0);
  });

  it("gives up with an error rather than looping when no day is a working day", () => {
    const never = { isWorkingDay: () => false };
    expect(() => nextWorkingDay(never, "2026-03-02")).toThrow(/no working day/);
  });
});

describe("the day being generated is the site's local date, never the server's", () => {
  it("a site at UTC+3 generating at 00:30 local on 2026-03-02 (21:30 UTC on the 1st) works on 2026-03-02", () => {
    const instant = new Date("2026-03-01T21:30:00.000Z");
    expect(localDay("Africa/Nairobi", instant)).toBe("2026-03-02");
    // The same instant is still the 1st in UTC, and a Sunday: the wrong day would make no list.
    expect(localDay("UTC", instant)).toBe("2026-03-01");
    expect(cal.isWorkingDay(localDay("Africa/Nairobi", instant))).toBe(true);
    expect(cal.isWorkingDay(localDay("UTC", instant))).toBe(false);
  });

  it("a site west of UTC is still on the previous day", () => {
    expect(localDay("America/Sao_Paulo", new Date("2026-03-02T01:00:00.000Z"))).toBe("2026-03-01");
  });
});
