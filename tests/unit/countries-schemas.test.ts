// Validation of country codes, time zones, holidays and site codes.
import { addHolidaySchema, countryCodeSchema, countryFormSchema, timeZoneSchema } from "@/lib/countries/schemas";
import { siteCodeSchema, siteFormSchema, siteListFilterSchema } from "@/lib/sites/schemas";
import { parseWithKeys } from "@/lib/validation";

const message = (schema: Parameters<typeof parseWithKeys>[0], value: unknown) => parseWithKeys(schema, value).error?.issues[0]?.message;
const COUNTRY = "7d0d3f5e-2f53-4f7a-9d7e-9a3f3c1b2a10";

describe("country code", () => {
  it("takes two letters and stores them upper-case", () => {
    expect(countryCodeSchema.parse(" mw ")).toBe("MW");
    expect(countryCodeSchema.parse("ZA")).toBe("ZA");
  });
  it.each(["M", "MWI", "M1", "", "Z A"])("refuses %j", (code) => {
    expect(message(countryCodeSchema, code)).toBe("invalidFormat");
  });
});

describe("time zone", () => {
  it("accepts IANA names and stores their canonical spelling", () => {
    expect(timeZoneSchema.parse("Africa/Johannesburg")).toBe("Africa/Johannesburg");
    expect(timeZoneSchema.parse("africa/maputo")).toBe("Africa/Maputo");
    expect(timeZoneSchema.parse("UTC")).toBe("UTC");
  });
  it.each(["Africa/Atlantis", "Mars/Olympus", "+02:00", "GMT+2 ", "Africa/Johannesburg; drop"])("refuses %j", (tz) => {
    expect(message(timeZoneSchema, tz)).toBe("invalidTimeZone");
  });
  it("says required when empty", () => {
    expect(message(timeZoneSchema, "")).toBe("required");
  });
});

describe("country form", () => {
  it("needs a name and a default language", () => {
    const r = parseWithKeys(countryFormSchema, { code: "MW", name: " ", timeZone: "Africa/Blantyre", defaultLanguage: "" });
    expect(Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]))).toEqual({ name: "required", defaultLanguage: "required" });
  });
});

describe("public holiday", () => {
  it("accepts a real calendar date", () => {
    expect(addHolidaySchema.parse({ countryId: COUNTRY, date: "2028-02-29", name: " Leap day " })).toEqual({ countryId: COUNTRY, date: "2028-02-29", name: "Leap day" });
  });
  it.each([
    ["2026-02-29", "invalid"],
    ["2026-13-01", "invalid"],
    ["2026-1-5", "invalidFormat"],
    ["05/01/2026", "invalidFormat"],
    ["1899-01-01", "invalid"],
  ])("refuses the date %j", (date, key) => {
    expect(message(addHolidaySchema, { countryId: COUNTRY, date, name: "Holiday" })).toBe(key);
  });
  it("needs a name and a country id", () => {
    expect(message(addHolidaySchema, { countryId: COUNTRY, date: "2026-12-25", name: "" })).toBe("required");
    expect(message(addHolidaySchema, { countryId: "not-a-uuid", date: "2026-12-25", name: "Christmas" })).toBe("invalidFormat");
  });
});

describe("site", () => {
  it("upper-cases codes of letters, digits and dashes, 2 to 32 long", () => {
    expect(siteCodeSchema.parse(" mw-bt-01 ")).toBe("MW-BT-01");
    for (const bad of ["A", "MW BT", "MW_BT", "É1", "X".repeat(33)]) expect(message(siteCodeSchema, bad)).toBe("invalidFormat");
  });
  it("treats an empty time zone as the country's, and checks a given one", () => {
    expect(siteFormSchema.parse({ countryId: COUNTRY, code: "AB", name: "Clinic", timeZone: "" })).toEqual({ countryId: COUNTRY, code: "AB", name: "Clinic", active: true });
    expect(message(siteFormSchema, { countryId: COUNTRY, code: "AB", name: "Clinic", timeZone: "Nowhere/Town" })).toBe("invalidTimeZone");
  });
  it("ignores a bad country filter instead of failing", () => {
    expect(siteListFilterSchema.parse({ country: "'; drop table" })).toEqual({ country: undefined });
    expect(siteListFilterSchema.parse({ country: COUNTRY })).toEqual({ country: COUNTRY });
    expect(siteListFilterSchema.parse({})).toEqual({});
  });
});
