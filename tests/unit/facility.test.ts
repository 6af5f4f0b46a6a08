import { dateProblem, factKey, matchClient, parseCopies, type Candidate } from "@/lib/facility/facts";
import { parseRow, readHeader, type Header } from "@/lib/facility/rows";
import { factOf, isNewer, type FhirResource } from "@/lib/facility/fhir";

const header = (cells: string[]): Header => {
  const h = readHeader(cells);
  if ("issues" in h) throw new Error(JSON.stringify(h.issues));
  return h;
};
const FACTS = header(["client_ref", "facility_number", "fact", "date", "appointment_kind", "result_date", "copies"]);
const VISITS = header(["Client ref", "Facility number", "First name", "Appointment date", "Appointment kind", "Attended"]);

describe("facility file rows", () => {
  it("tells the two layouts apart by their header, and refuses unknown or missing columns", () => {
    expect(FACTS.layout).toBe("facts");
    expect(VISITS.layout).toBe("visits");
    expect(readHeader(["client_ref", "phone", "fact", "date"])).toEqual({ issues: [{ row: 1, column: null, key: "unknownColumns", params: { columns: "phone" } }] });
    expect(readHeader(["first_name", "fact", "date"])).toEqual({
      issues: [
        { row: 1, column: null, key: "unknownColumns", params: { columns: "first_name" } },
        { row: 1, column: null, key: "missingColumns", params: { columns: "client_ref / facility_number" } },
      ],
    });
  });

  it("reads each fact with its dates, kinds and copies", () => {
    expect(parseRow(FACTS, 2, ["ZA-1", "", "Attended", "2026-06-01", "art refill", "", ""])).toEqual({
      row: 2, keys: { ref: "ZA-1", facilityNumber: null }, fact: { fact: "ATTENDED", date: "2026-06-01", kind: "ART_REFILL" },
    });
    expect(parseRow(FACTS, 3, ["", "N-9", "viral_load", "2026-05-01", "", "2026-05-10", "<50"])).toMatchObject({
      fact: { fact: "VL_RESULT", date: "2026-05-01", resultDate: "2026-05-10", copies: 0 },
    });
    // An unknown result date is the sample date.
    expect(parseRow(FACTS, 4, ["ZA-1", "", "viral_load", "2026-05-01", "", "", "1200"])).toMatchObject({ fact: { resultDate: "2026-05-01", copies: 1200 } });
    expect(parseRow(FACTS, 5, ["ZA-1", "", "death", "2026-05-01", "", "", ""])).toMatchObject({ fact: { fact: "DEATH" } });
  });

  it("names every problem by row and column, never by the cell's value", () => {
    expect(parseRow(FACTS, 7, ["", "", "attended", "2026-06-01", "", "", ""])).toEqual({ issues: [{ row: 7, column: "client_ref", key: "noClientKey" }] });
    expect(parseRow(FACTS, 8, ["ZA-1", "", "party", "01/06/2026", "", "", ""])).toEqual({
      issues: [{ row: 8, column: "date", key: "invalidDate" }, { row: 8, column: "fact", key: "unknownFact" }],
    });
    expect(parseRow(FACTS, 9, ["ZA-1", "", "next_appointment", "2026-07-01", "", "", ""])).toEqual({ issues: [{ row: 9, column: "appointment_kind", key: "required" }] });
    expect(parseRow(FACTS, 10, ["ZA-1", "", "viral_load", "2026-05-01", "", "", "lots"])).toEqual({ issues: [{ row: 10, column: "copies", key: "invalidCopies" }] });
    expect(parseRow(FACTS, 11, ["ZA-1", "", "attended", "2026-06-01", "HAIRCUT", "", ""])).toEqual({ issues: [{ row: 11, column: "appointment_kind", key: "unknownKind" }] });
  });

  it("in the visit list: yes / no, and an unanswered visit or a blank row is skipped", () => {
    expect(parseRow(VISITS, 2, ["ZA-1", "", "Lerato", "2026-06-01", "ART_REFILL", "yes"])).toMatchObject({ fact: { fact: "ATTENDED", kind: "ART_REFILL" } });
    expect(parseRow(VISITS, 3, ["ZA-2", "", "Zanele", "2026-06-01", "", "No"])).toMatchObject({ fact: { fact: "MISSED" } });
    expect(parseRow(VISITS, 4, ["ZA-3", "", "Ayanda", "2026-06-01", "", ""])).toBeNull();
    expect(parseRow(VISITS, 5, ["", "", "", "", "", ""])).toBeNull();
    expect(parseRow(VISITS, 6, ["ZA-4", "", "Thandi", "2026-06-01", "", "maybe"])).toEqual({ issues: [{ row: 6, column: "attended", key: "unknownAnswer" }] });
  });

  it("reads a laboratory's way of writing 'below the detection limit'", () => {
    for (const cell of ["<20", "< 40 copies/mL", "LDL", "TND", "Target Not Detected", "undetectable", "below detection limit"]) expect(parseCopies(cell)).toBe(0);
    expect(parseCopies("1,500")).toBe(1500);
    expect(parseCopies("1.5e3")).toBeNull();
    expect(parseCopies("-3")).toBeNull();
  });

  it("dates: nothing but a next appointment may be in the future, and that one not in the past", () => {
    expect(dateProblem({ fact: "ATTENDED", date: "2026-06-11" }, "2026-06-10")).toEqual({ field: "date", key: "dateInFuture" });
    expect(dateProblem({ fact: "NEXT_APPOINTMENT", date: "2026-06-09", kind: "ART_REFILL" }, "2026-06-10")).toEqual({ field: "date", key: "dateInPast" });
    expect(dateProblem({ fact: "VL_RESULT", date: "2026-06-01", resultDate: "2026-05-30", copies: 1 }, "2026-06-10")).toEqual({ field: "resultDate", key: "beforeSample" });
    expect(dateProblem({ fact: "DEATH", date: "2026-06-10" }, "2026-06-10")).toBeNull();
  });

  it("a fact's key: one per client, fact, date and appointment kind", () => {
    expect(factKey({ fact: "ATTENDED", date: "2026-06-01", kind: "ART_REFILL" })).toEqual({ fact: "ATTENDED", date: "2026-06-01", detail: "ART_REFILL" });
    expect(factKey({ fact: "VL_RESULT", date: "2026-06-01", resultDate: "2026-06-05", copies: 10 })).toEqual({ fact: "VL_RESULT", date: "2026-06-01", detail: "" });
  });
});

describe("matching a row to a client", () => {
  const a: Candidate = { id: "a", ref: "ZA-1", facilityNumber: "N-1", siteId: "s1" };
  const b: Candidate = { id: "b", ref: "ZA-2", facilityNumber: "N-2", siteId: "s1" };
  const c: Candidate = { id: "c", ref: "ZA-3", facilityNumber: "N-2", siteId: "s2" };
  const byRef = new Map([a, b, c].map((x) => [x.ref, x]));
  const byNumber = new Map<string, Candidate[]>([["N-1", [a]], ["N-2", [b, c]]]);

  it("by reference (any case), by facility number, or both when they agree", () => {
    expect(matchClient({ ref: "za-1", facilityNumber: null }, byRef, byNumber)).toEqual({ clientId: "a" });
    expect(matchClient({ ref: null, facilityNumber: "N-1" }, byRef, byNumber)).toEqual({ clientId: "a" });
    expect(matchClient({ ref: "ZA-2", facilityNumber: "N-2" }, byRef, byNumber)).toEqual({ clientId: "b" });
  });

  it("never guesses: unknown, disagreeing or shared keys are problems", () => {
    expect(matchClient({ ref: "ZA-9", facilityNumber: null }, byRef, byNumber)).toEqual({ problem: "unmatched" });
    expect(matchClient({ ref: null, facilityNumber: "N-9" }, byRef, byNumber)).toEqual({ problem: "unmatched" });
    expect(matchClient({ ref: "ZA-1", facilityNumber: "N-2" }, byRef, byNumber)).toEqual({ problem: "ambiguous" });
    expect(matchClient({ ref: null, facilityNumber: "N-2" }, byRef, byNumber)).toEqual({ problem: "ambiguous" });
    expect(matchClient({ ref: null, facilityNumber: null }, byRef, byNumber)).toEqual({ problem: "noKey" });
  });
});

describe("FHIR resources as facts", () => {
  const TZ = "Africa/Nairobi";
  const TODAY = "2026-06-10";
  const CODES = ["25836-8"];
  const appt = (status: string, start: string, code?: string): FhirResource => ({
    resourceType: "Appointment", id: "a", status, start, ...(code ? { appointmentType: { coding: [{ code }] } } : {}),
  });

  it("appointments: fulfilled attended, no-show missed, a future booking a next appointment, cancelled nothing", () => {
    expect(factOf(appt("fulfilled", "2026-06-08T22:30:00Z"), TZ, TODAY, CODES)).toEqual({ fact: "ATTENDED", date: "2026-06-09", kind: "CLINICAL_REVIEW" });
    expect(factOf(appt("noshow", "2026-06-08T07:00:00Z", "ART_REFILL"), TZ, TODAY, CODES)).toEqual({ fact: "MISSED", date: "2026-06-08", kind: "ART_REFILL" });
    expect(factOf(appt("booked", "2026-07-01T07:00:00Z"), TZ, TODAY, CODES)).toMatchObject({ fact: "NEXT_APPOINTMENT", date: "2026-07-01" });
    expect(factOf(appt("booked", "2026-06-01T07:00:00Z"), TZ, TODAY, CODES)).toBeNull();
    expect(factOf(appt("cancelled", "2026-07-01T07:00:00Z"), TZ, TODAY, CODES)).toBeNull();
    // A visit "fulfilled" in the future is an error in the source: not taken.
    expect(factOf(appt("fulfilled", "2026-06-20T07:00:00Z"), TZ, TODAY, CODES)).toBeNull();
  });

  it("observations: only final viral loads by the configured codes, copies or 'not detected'", () => {
    const obs = (over: Partial<FhirResource>): FhirResource => ({
      resourceType: "Observation", id: "o", status: "final", code: { coding: [{ code: "25836-8" }] },
      effectiveDateTime: "2026-05-20T08:00:00+03:00", issued: "2026-05-30T10:00:00Z", valueQuantity: { value: 1234.4 }, ...over,
    });
    expect(factOf(obs({}), TZ, TODAY, CODES)).toEqual({ fact: "VL_RESULT", date: "2026-05-20", resultDate: "2026-05-30", copies: 1234 });
    expect(factOf(obs({ valueQuantity: undefined, valueString: "Target not detected" }), TZ, TODAY, CODES)).toMatchObject({ copies: 0 });
    expect(factOf(obs({ status: "preliminary" }), TZ, TODAY, CODES)).toBeNull();
    expect(factOf(obs({ code: { coding: [{ code: "2345-7" }] } }), TZ, TODAY, CODES)).toBeNull();
  });

  it("the newer version wins: by version number, else by time", () => {
    expect(isNewer({ versionId: "3", lastUpdated: null }, { versionId: "2", lastUpdated: null })).toBe(true);
    expect(isNewer({ versionId: "2", lastUpdated: null }, { versionId: "10", lastUpdated: null })).toBe(false);
    expect(isNewer({ versionId: "b", lastUpdated: new Date("2026-06-02") }, { versionId: "a", lastUpdated: new Date("2026-06-01") })).toBe(true);
    expect(isNewer({ versionId: "1", lastUpdated: new Date("2026-06-01") }, { versionId: "1", lastUpdated: new Date("2026-06-01") })).toBe(false);
  });
});
