import { columnOfPath, mapRow, normaliseImportPhone, parseBoolean, parseCode, parseCopies, parseSex, rowContext, type ImportSite } from "@/lib/imports/rows";
import { CLIENT_CATEGORIES } from "@/lib/clients/schemas";
import { EXAMPLE_ROW } from "@/lib/imports/columns";

const SOW: ImportSite = { id: "11111111-1111-4111-8111-111111111111", code: "ZA-SOW", countryCode: "ZA", active: true };
const LIL: ImportSite = { id: "22222222-2222-4222-8222-222222222222", code: "MW-LIL", countryCode: "MW", active: true };
const OLD: ImportSite = { id: "33333333-3333-4333-8333-333333333333", code: "ZA-OLD", countryCode: "ZA", active: false };
const NOW = new Date("2026-11-28T10:00:00Z");
const ctx = rowContext([SOW, LIL, OLD], ["en", "zu", "ny"], NOW);

const GOOD: Record<string, string> = {
  site_code: "za-sow",
  first_name: " Zanele ",
  last_name: "Mokoena",
  date_of_birth: "1996-04-12",
  category: "postnatal",
  enrolment_date: "2026-01-15",
  preferred_language: "ZU",
  consent_calls: "yes",
  consent_messages: "Não",
  breastfeeding: "1",
  phone_1: "072 123 4567",
  phone_1_shared: "y",
  phone_1_safe_from: "17:00",
  phone_1_safe_to: "20:00",
  phone_3: "'+27 82 555 0101",
  infant_2_dob: "2025-12-20",
  next_appointment_date: "2026-12-02",
  next_appointment_kind: "art refill",
  vl_copies: "undetectable",
  vl_sample_date: "2025-11-10",
};
const map = (over: Record<string, string> = {}, row = 2) => mapRow(row, (c) => ({ ...GOOD, ...over })[c] ?? "", ctx);
const cellsOf = (r: ReturnType<typeof map>) => r.issues.map((i) => `${i.column}:${i.key}`);

describe("row -> client facts", () => {
  it("maps a good row: site by code, yes/no in three languages, codes in any case, phones in E.164", () => {
    const { prepared, issues } = map();
    expect(issues).toEqual([]);
    expect(prepared).toMatchObject({
      row: 2,
      siteId: SOW.id,
      firstName: "Zanele",
      category: "POSTNATAL",
      preferredLanguage: "zu",
      consentCalls: true,
      consentMessages: false,
      breastfeeding: true,
      phones: [
        { slot: 1, number: "+27721234567", shared: true, mayIdentify: false, safeFrom: 17 * 60, safeTo: 20 * 60 },
        { slot: 3, number: "+27825550101", shared: false, safeFrom: null, safeTo: null },
      ],
      infants: [{ firstName: null, dateOfBirth: "2025-12-20" }],
      appointment: { date: "2026-12-02", kind: "ART_REFILL" },
      viralLoad: { copies: 0, sampleDate: "2025-11-10", resultDate: null },
    });
  });

  it("answers an unknown site and a site outside the user's scope the same way", () => {
    expect(map({ site_code: "XX-NOPE" }).issues).toEqual([{ row: 2, column: "site_code", key: "unknownSite", params: { code: "XX-NOPE" } }]);
    const narrow = rowContext([LIL], ["en", "zu"], NOW);
    const r = mapRow(5, (c) => GOOD[c] ?? "", narrow);
    expect(r.prepared).toBeNull();
    expect(r.issues).toContainEqual({ row: 5, column: "site_code", key: "unknownSite", params: { code: "za-sow" } });
    expect(cellsOf(map({ site_code: "ZA-OLD" }))).toEqual(["site_code:siteInactive"]);
    expect(cellsOf(map({ site_code: "" }))).toEqual(["site_code:required"]);
  });

  it("reports each bad cell by its template column", () => {
    const r = map({
      date_of_birth: "2030-01-01",
      consent_calls: "maybe",
      category: "MOTHER",
      phone_1: "12345",
      phone_1_safe_to: "",
      next_appointment_date: "2025-01-01",
      vl_copies: "lots",
      preferred_language: "xx",
    });
    expect(r.prepared).toBeNull();
    expect(cellsOf(r).sort()).toEqual(
      [
        "category:invalidChoice",
        "consent_calls:invalidBoolean",
        "date_of_birth:dateInFuture",
        "enrolment_date:beforeBirth",
        "infant_2_dob:beforeBirth",
        "next_appointment_date:beforeEnrolment",
        "phone_1:invalidPhone",
        "phone_1_safe_to:safeHoursBoth",
        "vl_copies:invalidNumber",
      ].sort(),
    );
    expect(r.issues.find((i) => i.column === "category")!.params).toEqual({ values: CLIENT_CATEGORIES.join(", ") });
  });

  it("checks phones with the site's country and the language list once the facts are valid", () => {
    expect(cellsOf(map({ phone_1: "0881234567" }))).toEqual(["phone_1:invalidPhone"]); // a Malawian number read in South Africa
    expect(map({ site_code: "MW-LIL", phone_1: "0881234567", phone_3: "" }).prepared?.phones[0]!.number).toBe("+265881234567");
    expect(cellsOf(map({ preferred_language: "fr" }))).toEqual(["preferred_language:unknownLanguage"]);
    expect(cellsOf(map({ phone_3: "+27 72 123 4567" }))).toEqual(["phone_3:duplicatePhone"]);
  });

  it("asks for what is required, and for a pregnant client's delivery date", () => {
    expect(cellsOf(map({ first_name: "", consent_calls: "", phone_1: "", phone_3: "" })).sort()).toEqual(
      ["consent_calls:required", "first_name:required", "phone_1:phoneRequired"].sort(),
    );
    expect(cellsOf(map({ category: "PREGNANT" }))).toEqual(["expected_delivery_date:required"]);
    expect(cellsOf(map({ vl_copies: "" }))).toEqual(["vl_copies:required"]);
  });

  it("refuses the template's example row", () => {
    const r = mapRow(2, (c) => EXAMPLE_ROW[c] ?? "", ctx);
    expect(cellsOf(r)).toEqual(["null:exampleRow"]);
  });

  it("keeps a length bound with its parameter", () => {
    const r = map({ last_name: "x".repeat(81) });
    expect(r.issues).toEqual([{ row: 2, column: "last_name", key: "tooLong", params: { n: "80" } }]);
  });
});

describe("cell readers", () => {
  it("reads yes/no", () => {
    for (const v of ["yes", "Y", "TRUE", "1", "sim", "oui", "x"]) expect(parseBoolean(v)).toBe(true);
    for (const v of ["no", "N", "false", "0", "não", "nao", "non"]) expect(parseBoolean(v)).toBe(false);
    expect(parseBoolean(" ")).toBeUndefined();
    expect(parseBoolean("perhaps")).toBeNull();
  });

  it("reads codes and copies", () => {
    expect(parseCode("clinical-review", ["CLINICAL_REVIEW"] as const)).toBe("CLINICAL_REVIEW");
    expect(parseCode("review", ["CLINICAL_REVIEW"] as const)).toBeNull();
    expect(parseCopies("1 200")).toBe(1200);
    expect(parseCopies("1,200")).toBe(1200);
    expect(parseCopies("LDL")).toBe(0);
    expect(parseCopies("<50")).toBe(0);
    expect(parseCopies("")).toBeUndefined();
    expect(parseCopies("12.5")).toBeNull();
    expect(parseCopies("-3")).toBeNull();
  });

  it("reads sex as registers write it, and 'not recorded' when blank", () => {
    for (const v of ["F", "female", "Feminino", "féminin", "FEMALE"]) expect(parseSex(v)).toBe("FEMALE");
    for (const v of ["m", "Male", "masculino", "masculin"]) expect(parseSex(v)).toBe("MALE");
    expect(parseSex("U")).toBe("UNKNOWN");
    expect(parseSex(" ")).toBeUndefined();
    expect(parseSex("x")).toBeNull();
  });

  it("maps the sex and the facility number, and reports each bad one on its column", () => {
    expect(map().prepared).toMatchObject({ sex: "UNKNOWN", facilityNumber: null });
    expect(map({ sex: "m", facility_number: " SOW/0042 " }).prepared).toMatchObject({ sex: "MALE", facilityNumber: "SOW/0042" });
    expect(cellsOf(map({ sex: "boy" }))).toEqual(["sex:invalidChoice"]);
    expect(cellsOf(map({ facility_number: "#12" }))).toEqual(["facility_number:invalidFormat"]);
  });

  it("reads a number Excel stored without its plus sign", () => {
    expect(normaliseImportPhone("27721234567", "ZA")).toBe("+27721234567");
    expect(normaliseImportPhone("0721234567", "ZA")).toBe("+27721234567");
    expect(normaliseImportPhone("+265881234567", "XA")).toBe("+265881234567");
    expect(normaliseImportPhone("123", "ZA")).toBeNull();
  });

  it("maps schema paths to template columns, skipping blank phone and infant slots", () => {
    expect(columnOfPath(["phones", 1, "safeFrom"], [1, 3], [])).toBe("phone_3_safe_from");
    expect(columnOfPath(["phones"], [2], [])).toBe("phone_2");
    expect(columnOfPath(["infants", 0, "dateOfBirth"], [], [2])).toBe("infant_2_dob");
    expect(columnOfPath(["infants", 0, "firstName"], [], [3])).toBe("infant_3_name");
    expect(columnOfPath(["appointments", 0, "kind"], [], [])).toBe("next_appointment_kind");
    expect(columnOfPath(["viralLoad", "resultDate"], [], [])).toBe("vl_result_date");
    expect(columnOfPath(["viralLoad"], [], [])).toBe("vl_sample_date");
    expect(columnOfPath(["siteId"], [], [])).toBe("site_code");
    expect(columnOfPath(["whatever"], [], [])).toBeNull();
  });
});

describe("consent to messages by import (issue 17)", () => {
  it("takes SMS / WhatsApp consent per phone and the message language; the client's consent is derived from the phones", () => {
    const { prepared, issues } = map({ consent_messages: "", phone_1_sms: "yes", phone_3_whatsapp: "oui", message_language: "EN" });
    expect(issues).toEqual([]);
    expect(prepared).toMatchObject({
      consentMessages: true,
      messageLanguage: "en",
      phones: [
        { slot: 1, number: "+27721234567", consentSms: true, consentWhatsapp: false },
        { slot: 3, number: "+27825550101", consentSms: false, consentWhatsapp: true },
      ],
    });
    const none = map({ consent_messages: "" }).prepared;
    expect(none).toMatchObject({ consentMessages: false, messageLanguage: null, phones: [{ consentSms: false, consentWhatsapp: false }, { consentSms: false, consentWhatsapp: false }] });
  });

  it("reports bad consent cells by column: not yes/no, a consent without a number, consent_messages that disagrees with the phones", () => {
    expect(map({ phone_1_sms: "maybe" }).issues).toEqual([{ row: 2, column: "phone_1_sms", key: "invalidBoolean" }]);
    expect(cellsOf(map({ phone_2_whatsapp: "yes" }))).toEqual(["phone_2:consentWithoutPhone"]);
    expect(cellsOf(map({ consent_messages: "yes" }))).toEqual(["consent_messages:messageConsentPerPhone"]);
    expect(cellsOf(map({ consent_messages: "no", phone_3_sms: "yes" }))).toEqual(["consent_messages:messageConsentContradicts"]);
    expect(map({ consent_messages: "yes", phone_3_sms: "yes" }).issues).toEqual([]);
  });

  it("refuses a message language outside the programme's list, on its own column", () => {
    expect(cellsOf(map({ message_language: "xx" }))).toEqual(["message_language:unknownLanguage"]);
    expect(cellsOf(map({ message_language: "not a code" }))).toEqual(["message_language:unknownLanguage"]);
  });

  it("maps a schema issue of a phone's consent to its column", () => {
    expect(columnOfPath(["phones", 1, "consentSms"], [1, 3], [])).toBe("phone_3_sms");
    expect(columnOfPath(["phones", 0, "consentWhatsapp"], [2], [])).toBe("phone_2_whatsapp");
    expect(columnOfPath(["messageLanguage"], [], [])).toBe("message_language");
  });
});
