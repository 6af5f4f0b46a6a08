import { HELP_COLUMNS, REQUIRED_COLUMNS, TEMPLATE_COLUMNS, checkHeader, helpColumnKey, normaliseHeader } from "@/lib/imports/columns";

describe("import template columns", () => {
  it("flattens every field of the client facts, with numbered phones and infants", () => {
    for (const c of ["site_code", "first_name", "date_of_birth", "consent_calls", "phone_1", "phone_1_safe_to", "phone_3_may_identify",
      "infant_1_name", "infant_3_dob", "next_appointment_kind", "vl_copies", "vl_result_date"]) {
      expect(TEMPLATE_COLUMNS).toContain(c);
    }
    expect(new Set(TEMPLATE_COLUMNS).size).toBe(TEMPLATE_COLUMNS.length);
    expect(REQUIRED_COLUMNS.every((c) => TEMPLATE_COLUMNS.includes(c))).toBe(true);
  });

  it("names the help rows once per numbered group", () => {
    expect(helpColumnKey("phone_2_shared")).toBe("phone_N_shared");
    expect(helpColumnKey("infant_3_dob")).toBe("infant_N_dob");
    expect(helpColumnKey("site_code")).toBe("site_code");
    expect(HELP_COLUMNS).toContain("phone_N");
    expect(HELP_COLUMNS).not.toContain("phone_2");
  });
});

describe("header check", () => {
  it("accepts the template header in any order and case, with trailing blank cells", () => {
    const cells = ["\uFEFFSite code", "First-Name", "last_name", "DATE_OF_BIRTH", "category", "enrolment_date", "preferred_language", "consent_calls", " phone 1 ", "", ""];
    const r = checkHeader(cells);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.columns.slice(0, 3)).toEqual(["site_code", "first_name", "last_name"]);
    expect(normaliseHeader(" Phone-1 ")).toBe("phone_1");
  });

  it("lists every missing, unknown and repeated column in one answer", () => {
    const r = checkHeader(["site_code", "first_name", "surname", "date_of_birth", "category", "enrolment_date", "consent_calls", "phone_1", "phone_1", "colour"]);
    expect(r).toEqual({ ok: false, missing: ["last_name", "preferred_language"], unknown: ["surname", "colour"], duplicate: ["phone_1"] });
  });

  it("refuses a blank header cell between columns", () => {
    const r = checkHeader([...REQUIRED_COLUMNS.slice(0, 3), "", ...REQUIRED_COLUMNS.slice(3)]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.unknown).toEqual(["#4"]);
  });
});
