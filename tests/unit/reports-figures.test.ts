// The finer MER age bands (an option of the enrolment report), the bands=mer URL filter, and the
// pure call / programme / interruption rules on small hand-made cases.
import { ageBand, MER_AGE_BANDS, enrolmentLines, enrolmentCounts, type EnrolmentClient } from "@/lib/reports/enrolment-rules";
import { filtersFromSearch, resolveFilters } from "@/lib/reports/schemas";
import { callClientFigures, median } from "@/lib/reports/call-rules";
import { artBand, programmeFigures, type ProgrammeClient } from "@/lib/reports/programme-rules";
import { afterAttendance, interruptionSince, nextInterruption } from "@/lib/clients/interruption";

describe("MER age bands", () => {
  it.each([
    [0, "<1"], [1, "1-4"], [4, "1-4"], [5, "5-9"], [9, "5-9"], [10, "10-14"], [14, "10-14"], [15, "15-19"], [49, "45-49"],
    [50, "50-54"], [59, "55-59"], [60, "60-64"], [64, "60-64"], [65, "65+"], [99, "65+"],
  ])("%i years is %s", (age, band) => expect(ageBand(age, "mer")).toBe(band));

  it("lists fifteen bands in order, every one reachable", () => {
    expect(MER_AGE_BANDS).toHaveLength(15);
    expect(MER_AGE_BANDS[0]).toBe("<1");
    expect(MER_AGE_BANDS[14]).toBe("65+");
    const seen = new Set(Array.from({ length: 100 }, (_, a) => ageBand(a, "mer")));
    expect([...MER_AGE_BANDS].filter((b) => !seen.has(b))).toEqual([]);
  });

  it("is a URL filter, kept in the links, refused when unknown", () => {
    const mer = filtersFromSearch(new URLSearchParams("period=month&month=2026-03&bands=mer"));
    expect(mer.success && resolveFilters(mer.data, "2026-12-06").ageBands).toBe("mer");
    expect(mer.success && resolveFilters(mer.data, "2026-12-06").params.bands).toBe("mer");
    const std = filtersFromSearch(new URLSearchParams("period=month&month=2026-03"));
    expect(std.success && resolveFilters(std.data, "2026-12-06").ageBands).toBe("standard");
    expect(std.success && "bands" in resolveFilters(std.data, "2026-12-06").params).toBe(false);
    expect(filtersFromSearch(new URLSearchParams("bands=pepfar")).success).toBe(false);
  });

  it("breaks the enrolment figures down by the MER bands, in band order", () => {
    const base: Omit<EnrolmentClient, "dateOfBirth"> = {
      countryId: "c", siteId: "s", category: "OTHER", sex: "FEMALE", enrolmentDate: "2026-03-10", status: "ACTIVE", statusDate: null, statusReasonCode: null,
    };
    const clients = ["2025-12-01", "2023-01-01", "1950-01-01", "1990-01-01"].map((dateOfBirth) => ({ ...base, dateOfBirth }));
    const periods = { current: { from: "2026-03-01", to: "2026-03-31" }, previous: { from: "2026-02-01", to: "2026-02-28" } };
    const lines = enrolmentLines(enrolmentCounts(clients, periods, "mer").values()).filter((l) => l.dimension === "ageBand");
    expect(lines.map((l) => [l.key, l.new])).toEqual([["<1", 1], ["1-4", 1], ["35-39", 1], ["65+", 1]]);
  });
});

describe("call figures", () => {
  const tz = "Africa/Nairobi";
  it("counts a client once, reached once; medians from the missed appointment's date", () => {
    const f = callClientFigures(
      [
        {
          id: "a", timeZone: tz, status: "ACTIVE", statusDate: null,
          tasks: [{ id: "t1", day: "2026-05-02", status: "DONE" }, { id: "t2", day: "2026-05-03", status: "CANCELLED" }],
          calls: [
            { id: "c1", taskId: "t1", createdAt: new Date("2026-05-02T07:00:00Z"), disposition: "NO_ANSWER", correctsId: null },
            { id: "c2", taskId: "t1", createdAt: new Date("2026-05-04T07:00:00Z"), disposition: "NO_ANSWER", correctsId: null },
            // Corrected to reached: reached on 4 May.
            { id: "c3", taskId: "t1", createdAt: new Date("2026-05-04T08:00:00Z"), disposition: "REACHED", correctsId: "c2" },
          ],
          appointments: [{ date: "2026-05-01", status: "MISSED" }],
          tracing: [{ outcome: "DE24", recordedAt: new Date("2026-05-04T21:30:00Z") }],
        },
        {
          id: "b", timeZone: tz, status: "OPTED_OUT", statusDate: "2026-05-05",
          tasks: [{ id: "t3", day: "2026-05-03", status: "CANCELLED" }],
          calls: [],
          appointments: [],
          tracing: [],
        },
      ],
      { from: "2026-05-01", to: "2026-05-31" },
    );
    expect(f).toMatchObject({ clientsDue: 1, clientsReached: 1, missed: 1, attemptedAfterMissed: 1, reachedAfterMissed: 1, medianDaysToAttempt: 1, medianDaysToReach: 3, optedOut: 1 });
    // 21:30 UTC is 00:30 on 5 May in Nairobi: still in May.
    expect(f.tracing.DE24).toBe(1);
    expect(median([1, 2])).toBe(1.5);
  });
});

describe("programme figures", () => {
  it("infant tests by 2 and 12 months, interruption by time on ART, returned after tracing", () => {
    const c: ProgrammeClient = {
      timeZone: "Africa/Maputo", enrolmentDate: "2025-01-01", status: "ACTIVE", statusDate: null, artStartDate: "2026-01-15", interruptionSince: "2026-05-20",
      infants: [{ id: "i1", dateOfBirth: "2026-03-10" }, { id: "i2", dateOfBirth: "2025-05-20" }],
      appointments: [
        { date: "2026-05-10", kind: "INFANT_TEST", status: "ATTENDED", infantId: "i1" },
        { date: "2026-06-01", kind: "ART_REFILL", status: "ATTENDED", infantId: null },
      ],
      tracing: [{ recordedAt: new Date("2026-05-25T10:00:00Z") }],
    };
    const f = programmeFigures([c], { from: "2026-05-01", to: "2026-05-31" });
    // i1 turned 2 months on 10 May and was tested that day; i2 turned 12 months on 20 May and has no
    // test of its own (the one of 10 May names i1): untested.
    expect(f).toMatchObject({ turned2m: 1, tested2m: 1, turned12m: 1, tested12m: 0, activeAtEnd: 1, traced: 1, returned: 0 });
    expect(f.interrupted).toMatchObject({ "3-5": 1, TOTAL: 1 });
    expect(programmeFigures([c], { from: "2026-05-01", to: "2026-06-30" }).returned).toBe(1);
    expect(artBand("2026-01-15", "2026-05-20")).toBe("3-5");
  });
});

describe("interruption in treatment", () => {
  const today = "2026-07-01";
  it("starts 28 days after the earliest missed appointment without return", () => {
    expect(interruptionSince([{ date: "2026-06-03", status: "MISSED" }], today)).toBe(today); // 28 days
    expect(interruptionSince([{ date: "2026-06-04", status: "MISSED" }], today)).toBeNull(); // 27 days
    expect(interruptionSince([{ date: "2026-05-01", status: "SCHEDULED" }], today)).toBe("2026-05-29");
    expect(interruptionSince([{ date: "2026-05-01", status: "MISSED" }, { date: "2026-05-01", status: "ATTENDED" }], today)).toBeNull();
    expect(interruptionSince([{ date: "2026-05-01", status: "MISSED" }, { date: "2026-04-01", status: "ATTENDED" }], today)).toBe("2026-05-29");
    expect(interruptionSince([{ date: "2026-05-01", status: "RESCHEDULED" }, { date: "2026-05-02", status: "CANCELLED" }], today)).toBeNull();
  });

  it("is kept once set, never set on a client who left, cleared only by a return", () => {
    const missed = [{ date: "2026-05-01", status: "MISSED" as const }];
    expect(nextInterruption({ status: "ACTIVE", interruptionSince: "2026-05-10", appointments: [] }, today)).toBe("2026-05-10");
    expect(nextInterruption({ status: "DIED", interruptionSince: null, appointments: missed }, today)).toBeNull();
    expect(afterAttendance("2026-05-29", "2026-06-15")).toBeNull();
    expect(afterAttendance("2026-05-29", "2026-04-15")).toBe("2026-05-29");
    expect(afterAttendance(null, "2026-06-15")).toBeNull();
  });
});
