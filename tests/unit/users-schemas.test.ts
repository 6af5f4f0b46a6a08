import { createUserSchema, makeCreateUserSchema, resetPasswordSchema, updateUserSchema, userListParamsSchema } from "@/lib/users/schemas";
import { attachmentsFor, changedFields, wouldRemoveLastAdmin, type UserSnapshot } from "@/lib/users/rules";
import { parseWithKeys } from "@/lib/validation";

const SITE_A = "6f1c1f4e-1d2b-4c3a-9a1b-1234567890ab";
const SITE_B = "7a2d2f4e-1d2b-4c3a-9a1b-1234567890ab";
const COUNTRY = "8b3e3f4e-1d2b-4c3a-9a1b-1234567890ab";

const mentor = {
  name: "Thandi Mokoena",
  username: "thandi.m",
  phone: "",
  role: "MENTOR_MOTHER",
  siteIds: [SITE_A],
  countryId: "",
  languages: ["zu", "en"],
  dailyCapacity: 40,
  caseloadCap: null,
  workingDays: [1, 2, 3, 4, 5],
  locale: "en",
  password: "Correct-horse-1",
  confirmPassword: "Correct-horse-1",
};

/** The field -> message keys of a failed parse ({} when it succeeds). */
function errorsOf(schema: Parameters<typeof parseWithKeys>[0], raw: unknown): Record<string, string[]> {
  const r = parseWithKeys(schema, raw);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[i.path.join(".") || "_form"] ??= []).push(i.message);
  return out;
}

describe("createUserSchema", () => {
  it("accepts a complete Mentor Mother and normalises username and phone", () => {
    const r = parseWithKeys(createUserSchema, { ...mentor, username: "  Thandi.M ", phone: " +27821234567 " });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.username).toBe("thandi.m");
    expect(r.data.phone).toBe("+27821234567");
    expect(r.data.countryId).toBeNull();
  });

  it("turns an empty phone into null, and the output parses again (the browser sends parsed values)", () => {
    const first = parseWithKeys(createUserSchema, mentor);
    expect(first.success && first.data.phone).toBeNull();
    expect(first.success && parseWithKeys(createUserSchema, first.data).success).toBe(true);
  });

  it.each([
    ["ab", "tooShort|3"],
    ["a".repeat(65), "tooLong|64"],
    ["thandi m", "invalidFormat"],
    ["thandi@site", "invalidFormat"],
    ["thándi", "invalidFormat"],
  ])("refuses the username %j", (username, key) => {
    expect(errorsOf(createUserSchema, { ...mentor, username }).username).toEqual([key]);
  });

  it.each(["abc", "a.b-c_9", "x".repeat(64)])("accepts the username %j", (username) => {
    expect(errorsOf(createUserSchema, { ...mentor, username }).username).toBeUndefined();
  });

  it.each(["0821234567", "+0821234567", "+27 82 123 4567", "+2782123", "+1234567890123456"])("refuses the phone %j", (phone) => {
    expect(errorsOf(createUserSchema, { ...mentor, phone }).phone).toBeDefined();
  });

  it.each(["+27821234", "+258841234567", "+123456789012345"])("accepts the phone %j", (phone) => {
    expect(errorsOf(createUserSchema, { ...mentor, phone }).phone).toBeUndefined();
  });

  it("requires exactly one site for a Mentor Mother", () => {
    expect(errorsOf(createUserSchema, { ...mentor, siteIds: [] }).siteIds).toEqual(["oneSiteOnly"]);
    expect(errorsOf(createUserSchema, { ...mentor, siteIds: [SITE_A, SITE_B] }).siteIds).toEqual(["oneSiteOnly"]);
  });

  it("requires at least one site for a supervisor, and allows several", () => {
    const sup = { ...mentor, role: "SUPERVISOR", languages: [], workingDays: [] };
    expect(errorsOf(createUserSchema, { ...sup, siteIds: [] }).siteIds).toEqual(["siteRequired"]);
    expect(errorsOf(createUserSchema, { ...sup, siteIds: [SITE_A, SITE_B] })).toEqual({});
  });

  it("needs no site for a programme manager or administrator, and takes an optional country", () => {
    const pm = { ...mentor, role: "PROGRAMME_MANAGER", siteIds: [], languages: [], dailyCapacity: null };
    expect(errorsOf(createUserSchema, pm)).toEqual({});
    expect(errorsOf(createUserSchema, { ...pm, countryId: COUNTRY })).toEqual({});
    expect(errorsOf(createUserSchema, { ...pm, countryId: "not-a-uuid" }).countryId).toEqual(["invalidFormat"]);
    expect(errorsOf(createUserSchema, { ...pm, role: "ADMIN" })).toEqual({});
  });

  it("requires at least one language for a Mentor Mother only", () => {
    expect(errorsOf(createUserSchema, { ...mentor, languages: [] }).languages).toEqual(["languageRequired"]);
    expect(errorsOf(createUserSchema, { ...mentor, role: "SUPERVISOR", languages: [] })).toEqual({});
  });

  it.each([
    [-1, "tooSmall|0"],
    [501, "tooBig|500"],
    [2.5, "invalid"],
    [null, "required"],
  ])("refuses a daily capacity of %p", (dailyCapacity, key) => {
    expect(errorsOf(createUserSchema, { ...mentor, dailyCapacity }).dailyCapacity).toEqual([key]);
  });

  it.each([0, 500])("accepts a daily capacity of %p", (dailyCapacity) => {
    expect(errorsOf(createUserSchema, { ...mentor, dailyCapacity })).toEqual({});
  });

  it("ignores a half-typed capacity when the role is not Mentor Mother", () => {
    expect(errorsOf(createUserSchema, { ...mentor, role: "SUPERVISOR", dailyCapacity: null })).toEqual({});
  });

  it("bounds the caseload cap at 1-5000 and allows none", () => {
    expect(errorsOf(createUserSchema, { ...mentor, caseloadCap: 0 }).caseloadCap).toEqual(["tooSmall|1"]);
    expect(errorsOf(createUserSchema, { ...mentor, caseloadCap: 5001 }).caseloadCap).toEqual(["tooBig|5000"]);
    expect(errorsOf(createUserSchema, { ...mentor, caseloadCap: 5000 })).toEqual({});
  });

  it("requires at least one working day, each an ISO weekday once", () => {
    expect(errorsOf(createUserSchema, { ...mentor, workingDays: [] }).workingDays).toEqual(["tooFew|1"]);
    expect(errorsOf(createUserSchema, { ...mentor, workingDays: [0] }).workingDays).toBeDefined();
    expect(errorsOf(createUserSchema, { ...mentor, workingDays: [8] }).workingDays).toBeDefined();
    expect(errorsOf(createUserSchema, { ...mentor, workingDays: [1, 1] }).workingDays).toEqual(["invalid"]);
    expect(errorsOf(createUserSchema, { ...mentor, workingDays: [6, 7] })).toEqual({});
  });

  it("requires the password twice, the same, at the minimum length", () => {
    expect(errorsOf(createUserSchema, { ...mentor, confirmPassword: "Correct-horse-2" }).confirmPassword).toEqual(["passwordsDiffer"]);
    expect(errorsOf(createUserSchema, { ...mentor, password: "short", confirmPassword: "short" }).password).toEqual(["passwordTooShort|10"]);
    const strict = makeCreateUserSchema(16);
    expect(errorsOf(strict, mentor).password).toEqual(["passwordTooShort|16"]);
  });

  it("refuses an unknown role or display language", () => {
    expect(errorsOf(createUserSchema, { ...mentor, role: "ROOT" }).role).toEqual(["invalidValue"]);
    expect(errorsOf(createUserSchema, { ...mentor, locale: "de" }).locale).toEqual(["invalidValue"]);
  });
});

describe("updateUserSchema", () => {
  const { password: _p, confirmPassword: _c, ...fields } = mentor;
  const edit = { ...fields, id: SITE_A, version: 3 };

  it("needs the id and the version, and no password", () => {
    expect(errorsOf(updateUserSchema, edit)).toEqual({});
    expect(Object.keys(errorsOf(updateUserSchema, { ...edit, id: undefined, version: undefined })).sort()).toEqual(["id", "version"]);
  });

  it("applies the same role rules", () => {
    expect(errorsOf(updateUserSchema, { ...edit, role: "SUPERVISOR", siteIds: [] }).siteIds).toEqual(["siteRequired"]);
    expect(errorsOf(updateUserSchema, { ...edit, languages: [] }).languages).toEqual(["languageRequired"]);
  });
});

describe("resetPasswordSchema", () => {
  it("names whom only: a password sent along is dropped (the server makes the one-time password)", () => {
    expect(resetPasswordSchema.parse({ id: SITE_A, password: "Abcdefgh-123" })).toEqual({ id: SITE_A });
    expect(errorsOf(resetPasswordSchema, { id: "x" }).id).toBeDefined();
  });
});

describe("userListParamsSchema", () => {
  it("drops what it does not understand instead of failing", () => {
    expect(userListParamsSchema.parse({ role: "ROOT", site: "x", status: "maybe", after: "A B", q: "x".repeat(200) })).toEqual({
      q: undefined, role: undefined, site: undefined, status: undefined, after: undefined,
    });
    expect(userListParamsSchema.parse({ role: "SUPERVISOR", status: "inactive", after: "mm.one" })).toMatchObject({
      role: "SUPERVISOR", status: "inactive", after: "mm.one",
    });
  });
});

describe("wouldRemoveLastAdmin", () => {
  const admin = { role: "ADMIN" as const, active: true };
  it("refuses to deactivate or demote the only active administrator", () => {
    expect(wouldRemoveLastAdmin(1, admin, { role: "ADMIN", active: false })).toBe(true);
    expect(wouldRemoveLastAdmin(1, admin, { role: "SUPERVISOR", active: true })).toBe(true);
    expect(wouldRemoveLastAdmin(0, admin, { role: "ADMIN", active: false })).toBe(true);
  });
  it("allows it when another active administrator remains", () => {
    expect(wouldRemoveLastAdmin(2, admin, { role: "ADMIN", active: false })).toBe(false);
    expect(wouldRemoveLastAdmin(2, admin, { role: "PROGRAMME_MANAGER", active: true })).toBe(false);
  });
  it("does not concern changes that keep her an active administrator, or other users", () => {
    expect(wouldRemoveLastAdmin(1, admin, admin)).toBe(false);
    expect(wouldRemoveLastAdmin(1, { role: "ADMIN", active: false }, { role: "SUPERVISOR", active: false })).toBe(false);
    expect(wouldRemoveLastAdmin(1, { role: "SUPERVISOR", active: true }, { role: "SUPERVISOR", active: false })).toBe(false);
  });
});

describe("attachmentsFor", () => {
  it("keeps sites only for Mentor Mothers and supervisors, a country only for programme managers", () => {
    const input = { siteIds: [SITE_A, SITE_A, SITE_B], countryId: COUNTRY };
    expect(attachmentsFor("SUPERVISOR", input)).toEqual({ siteIds: [SITE_A, SITE_B], countryId: null });
    expect(attachmentsFor("PROGRAMME_MANAGER", input)).toEqual({ siteIds: [], countryId: COUNTRY });
    expect(attachmentsFor("ADMIN", input)).toEqual({ siteIds: [], countryId: null });
  });
});

describe("changedFields", () => {
  const base: UserSnapshot = {
    name: "A", username: "a", phone: null, role: "MENTOR_MOTHER", countryId: null, locale: "en", siteIds: [SITE_A],
    mentor: { languages: ["en", "zu"], dailyCapacity: 40, caseloadCap: null, workingDays: [1, 2, 3] },
  };
  it("names nothing when nothing changed (order of sets does not matter)", () => {
    expect(changedFields(base, { ...base, mentor: { ...base.mentor!, languages: ["zu", "en"], workingDays: [3, 2, 1] } })).toEqual([]);
  });
  it("names the changed fields, never their values", () => {
    const after = { ...base, phone: "+27821234567", siteIds: [SITE_B], mentor: { ...base.mentor!, dailyCapacity: 30 } };
    expect(changedFields(base, after)).toEqual(["phone", "sites", "dailyCapacity"]);
  });
  it("counts a new profile as changed profile fields", () => {
    const sup = { ...base, role: "SUPERVISOR" as const, mentor: null };
    expect(changedFields(sup, base)).toEqual(["role", "languages", "dailyCapacity", "caseloadCap", "workingDays"]);
  });
});
