import { clientFactsSchema, isCalendarDate } from "@/lib/clients/schemas";
import { enrolClientSchema } from "@/lib/clients/commands";
import { parseWithKeys } from "@/lib/validation";

const SITE = "6f1c1f4e-1d2b-4c3a-9a1b-1234567890ab";
const NOW = new Date("2026-03-15T10:00:00Z");

const valid = {
  siteId: SITE,
  firstName: " Nomvula ",
  lastName: "Dlamini",
  dateOfBirth: "1996-04-12",
  category: "PREGNANT",
  enrolmentDate: "2026-03-10",
  preferredLanguage: "ZU",
  consentCalls: true,
  expectedDeliveryDate: "2026-07-01",
  artStartDate: "2024-01-20",
  phones: [{ number: "082 123 4567", sharedPhone: true, safeFrom: "17:00", safeTo: "19:30" }],
  appointments: [{ date: "2026-03-20", kind: "ANC_PNC" }],
  viralLoad: { copies: "1200", sampleDate: "2026-02-01", resultDate: "2026-02-10" },
};

/** The field -> message keys of a failed parse ({} when it succeeds). */
function errorsOf(raw: unknown, now = NOW): Record<string, string[]> {
  const r = parseWithKeys(clientFactsSchema(now), raw);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[i.path.join(".") || "_form"] ??= []).push(i.message);
  return out;
}

describe("clientFactsSchema", () => {
  it("accepts a complete client, trims, lower-cases the language, applies defaults and coerces copies", () => {
    const r = parseWithKeys(clientFactsSchema(NOW), valid);
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data).toMatchObject({
      firstName: "Nomvula", preferredLanguage: "zu", breastfeeding: false, infants: [],
      phones: [{ number: "082 123 4567", sharedPhone: true, mayIdentifyCaller: false, safeFrom: "17:00", safeTo: "19:30" }],
      viralLoad: { copies: 1200 },
    });
    // Consent to messages is derived from the phones' SMS / WhatsApp consents, not a field of its own.
    expect(r.data).not.toHaveProperty("consentMessages");
  });

  it("records sex for every client: the choice, or 'not recorded' when none is given; nothing else", () => {
    const parse = (sex: unknown) => clientFactsSchema(NOW).safeParse({ ...valid, sex });
    expect(parse(undefined).data?.sex).toBe("UNKNOWN");
    expect(parse("").data?.sex).toBe("UNKNOWN");
    expect(parse("MALE").data?.sex).toBe("MALE");
    expect(errorsOf({ ...valid, sex: "M" }).sex).toEqual(["invalidValue"]);
  });

  it("refuses dates that do not exist or are not written YYYY-MM-DD", () => {
    expect(errorsOf({ ...valid, dateOfBirth: "1996-02-30" })).toEqual({ dateOfBirth: ["invalidDate"] });
    expect(errorsOf({ ...valid, dateOfBirth: "2023-02-29" })).toEqual({ dateOfBirth: ["invalidDate"] });
    expect(errorsOf({ ...valid, dateOfBirth: "12/04/1996" }).dateOfBirth).toContain("invalidDate");
    expect(errorsOf({ ...valid, dateOfBirth: "1899-12-31" })).toEqual({ dateOfBirth: ["invalidDate"] });
    // A leap day that exists is fine.
    expect(errorsOf({ ...valid, dateOfBirth: "1996-02-29" })).toEqual({});
  });

  it("refuses a birth, enrolment, ART start or sample in the future, with a day's grace for time zones", () => {
    expect(errorsOf({ ...valid, dateOfBirth: "2026-03-20", enrolmentDate: "2026-03-20" })).toMatchObject({ dateOfBirth: ["dateInFuture"], enrolmentDate: ["dateInFuture"] });
    expect(errorsOf({ ...valid, artStartDate: "2026-04-01" })).toEqual({ artStartDate: ["dateInFuture"] });
    expect(errorsOf({ ...valid, viralLoad: { copies: 0, sampleDate: "2026-03-17" } })).toEqual({ "viralLoad.sampleDate": ["dateInFuture"] });
    // 10:00 UTC on the 15th is already the 16th in Kiribati (UTC+14): the 16th is accepted, the 17th not.
    expect(errorsOf({ ...valid, enrolmentDate: "2026-03-16" })).toEqual({});
    expect(errorsOf({ ...valid, enrolmentDate: "2026-03-17" })).toEqual({ enrolmentDate: ["dateInFuture"] });
  });

  it("refuses dates in an impossible order", () => {
    expect(errorsOf({ ...valid, enrolmentDate: "1990-01-01" })).toMatchObject({ enrolmentDate: ["beforeBirth"] });
    expect(errorsOf({ ...valid, artStartDate: "1995-01-01" })).toEqual({ artStartDate: ["beforeBirth"] });
    expect(errorsOf({ ...valid, appointments: [{ date: "2026-03-09", kind: "ART_REFILL" }] })).toEqual({ "appointments.0.date": ["beforeEnrolment"] });
    expect(errorsOf({ ...valid, expectedDeliveryDate: "2026-03-01" })).toEqual({ expectedDeliveryDate: ["beforeEnrolment"] });
    expect(errorsOf({ ...valid, viralLoad: { copies: 0, sampleDate: "2026-02-10", resultDate: "2026-02-01" } })).toEqual({ "viralLoad.resultDate": ["beforeSample"] });
    expect(errorsOf({ ...valid, category: "POSTNATAL", infants: [{ dateOfBirth: "1990-01-01" }] })).toEqual({ "infants.0.dateOfBirth": ["beforeBirth"] });
    expect(errorsOf({ ...valid, category: "POSTNATAL", infants: [{ dateOfBirth: "2026-04-01" }] })).toEqual({ "infants.0.dateOfBirth": ["dateInFuture"] });
  });

  it("needs an expected delivery date for a pregnant client only", () => {
    expect(errorsOf({ ...valid, expectedDeliveryDate: "" })).toEqual({ expectedDeliveryDate: ["required"] });
    expect(errorsOf({ ...valid, category: "ADOLESCENT", expectedDeliveryDate: undefined })).toEqual({});
    expect(errorsOf({ ...valid, category: "NEWBORN" })).toEqual({ category: ["invalidValue"] });
  });

  it("needs one to three phones, each of a plausible length, listed once", () => {
    expect(errorsOf({ ...valid, phones: [] })).toEqual({ phones: ["phoneRequired"] });
    const four = ["0821234561", "0821234562", "0821234563", "0821234564"].map((number) => ({ number }));
    expect(errorsOf({ ...valid, phones: four })).toEqual({ phones: ["tooMany|3"] });
    expect(errorsOf({ ...valid, phones: [{ number: "12345" }] })).toEqual({ "phones.0.number": ["invalidPhone"] });
    expect(errorsOf({ ...valid, phones: [{ number: "9".repeat(33) }] })).toEqual({ "phones.0.number": ["invalidPhone"] });
    // The same digits twice, however they are spaced.
    expect(errorsOf({ ...valid, phones: [{ number: "082 123 4567" }, { number: "0821234567" }] })).toEqual({ phones: ["duplicatePhone"] });
  });

  it("takes safe hours as HH:MM, both or neither", () => {
    const phone = (p: object) => ({ ...valid, phones: [{ number: "0821234567", ...p }] });
    expect(errorsOf(phone({ safeFrom: "", safeTo: "" }))).toEqual({});
    expect(errorsOf(phone({ safeFrom: "08:00", safeTo: "24:00" }))).toEqual({});
    expect(errorsOf(phone({ safeFrom: "17:00" }))).toEqual({ "phones.0.safeTo": ["safeHoursBoth"] });
    expect(errorsOf(phone({ safeTo: "19:00" }))).toEqual({ "phones.0.safeFrom": ["safeHoursBoth"] });
    expect(errorsOf(phone({ safeFrom: "7pm", safeTo: "19:00" }))).toEqual({ "phones.0.safeFrom": ["invalidTime"] });
    expect(errorsOf(phone({ safeFrom: "08:00", safeTo: "25:00" }))).toEqual({ "phones.0.safeTo": ["invalidTime"] });
    expect(errorsOf(phone({ safeFrom: "08:60", safeTo: "09:00" }))).toEqual({ "phones.0.safeFrom": ["invalidTime"] });
  });

  it("refuses a malformed language code, a missing consent answer and an impossible viral load", () => {
    expect(errorsOf({ ...valid, preferredLanguage: "isiZulu" })).toEqual({ preferredLanguage: ["unknownLanguage"] });
    expect(errorsOf({ ...valid, consentCalls: undefined })).toEqual({ consentCalls: ["required"] });
    expect(errorsOf({ ...valid, viralLoad: { copies: -1, sampleDate: "2026-02-01" } })).toEqual({ "viralLoad.copies": ["tooSmall|0"] });
    expect(errorsOf({ ...valid, viralLoad: { copies: 12.5, sampleDate: "2026-02-01" } })).toEqual({ "viralLoad.copies": ["invalid"] });
    expect(errorsOf({ ...valid, siteId: "not-a-uuid" })).toEqual({ siteId: ["invalidValue"] });
  });
});

describe("enrolClientSchema", () => {
  afterEach(() => jest.useRealTimers());

  it("carries the not-a-duplicate confirmation, false unless given", () => {
    const plain = parseWithKeys(enrolClientSchema, valid);
    expect(plain.success && plain.data.confirmNotDuplicate).toBe(false);
    const confirmed = parseWithKeys(enrolClientSchema, { ...valid, confirmNotDuplicate: true });
    expect(confirmed.success && confirmed.data.confirmNotDuplicate).toBe(true);
    const bad = parseWithKeys(enrolClientSchema, { ...valid, confirmNotDuplicate: "yes" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["confirmNotDuplicate", "invalid"]]);
  });

  it("keeps the facts' field errors and their paths", () => {
    const r = parseWithKeys(enrolClientSchema, { ...valid, phones: [{ number: "1" }], dateOfBirth: "2030-01-01" });
    expect(r.success).toBe(false);
    expect(Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]))).toMatchObject({
      "phones.0.number": "invalidPhone",
      dateOfBirth: "dateInFuture",
    });
  });

  it("measures 'in the future' from the moment of each parse, not from when the server started", () => {
    jest.useFakeTimers({ now: new Date("2026-03-15T10:00:00Z") });
    const input = { ...valid, enrolmentDate: "2026-06-01", appointments: [], expectedDeliveryDate: "2026-07-01" };
    expect(parseWithKeys(enrolClientSchema, input).success).toBe(false);
    jest.setSystemTime(new Date("2026-06-02T10:00:00Z"));
    expect(parseWithKeys(enrolClientSchema, input).success).toBe(true);
  });
});

describe("isCalendarDate", () => {
  it("agrees with the calendar (a Date round trip) on every YYYY-MM-DD of 1896-2104, and with impossible months and days", () => {
    const byDate = (s: string) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    };
    const pad = (n: number, w: number) => String(n).padStart(w, "0");
    let checked = 0;
    for (const y of [0, 1600, 1700, 1800, 1896, 1900, 2000, 2023, 2024, 2100, 2104, 9999]) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const s = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          expect([s, isCalendarDate(s)]).toEqual([s, byDate(s)]);
          checked++;
        }
      }
    }
    for (let t = Date.UTC(1896, 0, 1); t <= Date.UTC(2104, 11, 31); t += 86_400_000) expect(isCalendarDate(new Date(t).toISOString().slice(0, 10))).toBe(true);
    expect(checked).toBe(12 * 14 * 33);
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2023-02-29")).toBe(false);
    expect(isCalendarDate("1900-02-29")).toBe(false);
  });
});
