import { dayStart, localDay, localTime, minuteOfDay, siteClock } from "@/lib/site-clock";

describe("the site clock", () => {
  it("localDay (which remembers the last day per zone) agrees with siteClock every half hour for days, across clock changes", () => {
    // Lisbon (DST), Havana (DST at midnight), Nairobi (none), Chatham (+12:45/+13:45), Apia (skipped a whole day in 2011).
    for (const [zone, from] of [["Europe/Lisbon", "2026-03-27T00:00:00Z"], ["America/Havana", "2026-03-06T00:00:00Z"], ["Africa/Nairobi", "2026-06-09T00:00:00Z"],
      ["Pacific/Chatham", "2026-04-03T00:00:00Z"], ["Pacific/Apia", "2011-12-28T00:00:00Z"], ["Europe/Lisbon", "2026-10-23T00:00:00Z"]] as const) {
      for (let t = Date.parse(from); t < Date.parse(from) + 6 * 86_400_000; t += 29 * 60_000 + 7_000) {
        const at = new Date(t);
        expect(`${zone} ${at.toISOString()} ${localDay(zone, at)}`).toBe(`${zone} ${at.toISOString()} ${siteClock(zone, at).day}`);
      }
      // Back in time too (the remembered day must not answer for an earlier instant).
      const early = new Date(Date.parse(from) - 3_600_000);
      expect(localDay(zone, early)).toBe(siteClock(zone, early).day);
    }
  });

  it("gives the site's local day and minute, whatever the machine's zone", () => {
    const instant = new Date("2026-06-09T21:30:00Z");
    expect(siteClock("Africa/Nairobi", instant)).toEqual({ day: "2026-06-10", minute: 30 });
    expect(siteClock("Africa/Accra", instant)).toEqual({ day: "2026-06-09", minute: 21 * 60 + 30 });
    expect(localDay("Africa/Nairobi", instant)).toBe("2026-06-10");
    expect(minuteOfDay("Africa/Johannesburg", instant)).toBe(23 * 60 + 30);
  });

  it("turns a site-local time back into an instant, across a daylight-saving change", () => {
    expect(dayStart("2026-06-10", "Africa/Nairobi").toISOString()).toBe("2026-06-09T21:00:00.000Z");
    expect(localTime("2026-06-10", 8, 0, "Africa/Nairobi").toISOString()).toBe("2026-06-10T05:00:00.000Z");
    // Lisbon moves from UTC to UTC+1 on 2026-03-29: 08:00 is 08:00Z before and 07:00Z after.
    expect(localTime("2026-03-28", 8, 0, "Europe/Lisbon").toISOString()).toBe("2026-03-28T08:00:00.000Z");
    expect(localTime("2026-03-30", 8, 0, "Europe/Lisbon").toISOString()).toBe("2026-03-30T07:00:00.000Z");
  });

  it("round-trips: the start of a site's day is that day, one millisecond earlier is the day before", () => {
    for (const tz of ["Africa/Nairobi", "America/Sao_Paulo", "Pacific/Kiritimati", "UTC"]) {
      const start = dayStart("2026-11-01", tz);
      expect(localDay(tz, start)).toBe("2026-11-01");
      expect(localDay(tz, new Date(start.getTime() - 1))).toBe("2026-10-31");
      expect(minuteOfDay(tz, start)).toBe(0);
    }
  });
});
