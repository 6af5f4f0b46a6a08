import { detailChanges, nextPrimary, phoneFlagChanges, retireRefusal, settlesPhoneUpdate, transferOpen, transferRefusal, type PhoneState } from "@/lib/clients/edit-rules";
import { editDetailsSchema, updatePhoneSchema } from "@/lib/clients/edit-schemas";

const details = { firstName: "Amahle", lastName: "Dube", facilityNumber: null, preferredLanguage: "zu", consentCalls: true, consentMessages: false };
const ID = "0b7d5c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";

describe("detailChanges", () => {
  it("names identifying fields only, and gives coded ones old -> new", () => {
    const r = detailChanges(details, { ...details, lastName: "Mokoena", facilityNumber: "F1", preferredLanguage: "st", consentCalls: false });
    expect(r.fields).toEqual(["lastName", "facilityNumber", "preferredLanguage", "consentCalls"]);
    expect(r.changes).toEqual({ preferredLanguage: { from: "zu", to: "st" }, consentCalls: { from: true, to: false } });
    expect(JSON.stringify(r)).not.toContain("Mokoena");
    expect(JSON.stringify(r)).not.toContain("F1");
  });
  it("finds nothing when nothing changed", () => {
    expect(detailChanges(details, { ...details })).toEqual({ fields: [], changes: {} });
  });
});

describe("phoneFlagChanges", () => {
  const flags = { sharedPhone: false, mayIdentifyCaller: false, safeFromMinute: null, safeToMinute: null };
  it("reports changed flags and safe hours as HH:MM-HH:MM", () => {
    expect(phoneFlagChanges(flags, { ...flags, mayIdentifyCaller: true, safeFromMinute: 480, safeToMinute: 1050 })).toEqual({
      mayIdentifyCaller: { from: false, to: true },
      safeHours: { from: null, to: "08:00-17:30" },
    });
    expect(phoneFlagChanges(flags, flags)).toEqual({});
  });
});

describe("phones in use", () => {
  const phones: PhoneState[] = [
    { id: "a", status: "WRONG_NUMBER", isPrimary: true },
    { id: "b", status: "RETIRED", isPrimary: false },
    { id: "c", status: "OK", isPrimary: false },
  ];
  it("refuses to retire the last phone in use only", () => {
    expect(retireRefusal(phones, "a")).toBeNull();
    expect(retireRefusal(phones.filter((p) => p.id !== "c"), "a")).toBe("lastPhone");
  });
  it("passes the primary to a working phone, never to a retired one", () => {
    expect(nextPrimary(phones, "a")).toBe("c");
    expect(nextPrimary(phones, "c")).toBe("a");
    expect(nextPrimary([{ id: "a", status: "OK", isPrimary: true }], "a")).toBeNull();
  });
  it("settles a phone update only when a working number is left and the change gave one", () => {
    expect(settlesPhoneUpdate("corrected", phones)).toBe(true);
    expect(settlesPhoneUpdate("flags", phones)).toBe(false);
    expect(settlesPhoneUpdate("retired", phones, "WRONG_NUMBER")).toBe(true);
    expect(settlesPhoneUpdate("retired", phones, "OK")).toBe(false);
    expect(settlesPhoneUpdate("added", [{ id: "a", status: "WRONG_NUMBER", isPrimary: true }])).toBe(false);
  });
});

describe("transfers", () => {
  it("only an active client, only to another site, only an open proposal", () => {
    expect(transferRefusal({ status: "ACTIVE", siteId: "s1" }, "s2")).toBeNull();
    expect(transferRefusal({ status: "ACTIVE", siteId: "s1" }, "s1")).toBe("sameSite");
    expect(transferRefusal({ status: "OPTED_OUT", siteId: "s1" }, "s2")).toBe("transferNotActive");
    expect(transferOpen("PROPOSED")).toBe(true);
    expect(["ACCEPTED", "DECLINED", "CANCELLED"].map(transferOpen)).toEqual([false, false, false]);
  });
});

describe("edit schemas (the enrolment's rules)", () => {
  it("checks names, facility number and language as enrolment does", () => {
    const ok = editDetailsSchema.safeParse({ clientId: ID, version: 3, firstName: " Amahle ", lastName: "Dube", facilityNumber: "", preferredLanguage: "ZU", consentCalls: true, consentMessages: false });
    expect(ok.success && ok.data).toMatchObject({ firstName: "Amahle", facilityNumber: undefined, preferredLanguage: "zu" });
    const bad = editDetailsSchema.safeParse({ clientId: ID, version: 0, firstName: "", lastName: "D", facilityNumber: "#1", preferredLanguage: "english", consentCalls: true, consentMessages: false });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join(".")).sort()).toEqual(["facilityNumber", "firstName", "preferredLanguage", "version"]);
  });
  it("asks for both ends of the safe hours", () => {
    const r = updatePhoneSchema.safeParse({ clientId: ID, version: 1, phoneId: ID, phone: { number: "0821234567", sharedPhone: false, mayIdentifyCaller: false, safeFrom: "08:00" } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ["phone", "safeTo"], message: "safeHoursBoth" });
  });
});
