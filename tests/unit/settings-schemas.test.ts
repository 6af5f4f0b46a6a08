// The rule settings and programme settings schemas: defaults from domain.md, ranges, cross-field rules.
import { COUNTRY_SETTING_KEYS, countrySettingsSchema, programmeSettingsSchema, readCountrySettings } from "@/lib/settings/schemas";
import { parseWithKeys } from "@/lib/validation";

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("countrySettingsSchema", () => {
  it("fills every rule with the programme defaults of domain.md", () => {
    expect(countrySettingsSchema.parse({})).toEqual({
      caseloadCap: 120,
      mentorsMayEnrol: false,
      welcomeWithinWorkingDays: 2, // welcome call within 2 working days of enrolment
      adherenceWeeklyFirstMonths: 3, // weekly in the first 3 months on ART
      adherenceIntensiveIntervalDays: 14, // every 2 weeks while pregnant/breastfeeding/unsuppressed
      adherenceStableIntervalDays: 30, // monthly when stable
      vlSuppressedBelow: 50,
      vlHighAbove: 1000,
      eacLowLevelCallWithinDays: 14,
      eacHighCallWithinDays: 7,
      eacIntervalDays: 14,
      vlRepeatAfterMonths: 3,
      vlFirstTestMonths: 6,
      vlSecondTestMonths: 12,
      vlRoutineIntervalMonths: 12,
      vlOverdueAfterDays: 28,
      vlOverdueRepeatDays: 28, // and comes back every 28 days while overdue
      appointmentReminderDaysBefore: 2,
      appointmentReminderOnDay: false,
      lostToFollowUpAfterDays: 28,
      infantTestAgesWeeks: [6, 39, 78], // 6 weeks, 9 months, 18 months
      infantTestAfterBreastfeedingWeeks: 6,
      maxAttemptsPerTask: 3,
      maxWorkingDaysPerTask: 3,
      maxCallsPerPhonePerDay: 2,
      retryDelayMinutes: 120,
      coverageGoalPercent: 80,
      notReachedDays: 30,
      backChecksPerWeek: 2,
      messageAppointmentDaysBefore: 2,
      messageLocalHour: 9,
      messageAppointmentOnDay: false,
      messageMissedAppointment: true,
      messageVlDueDaysBefore: 7,
      messageVlDue: true,
      weekendDays: [6, 7],
      dhis2Url: "", // no DHIS2 server until an administrator sets one (docs/reports.md)
      dhis2TokenEnv: "",
      dhis2IdScheme: "UID",
    });
    expect(COUNTRY_SETTING_KEYS).toHaveLength(39);
  });

  it("takes a DHIS2 address and the NAME of the token's environment variable, never anything else", () => {
    expect(countrySettingsSchema.parse({ dhis2Url: " https://dhis2.example.org/ ", dhis2TokenEnv: "DHIS2_TOKEN_ZA" })).toMatchObject({ dhis2Url: "https://dhis2.example.org", dhis2TokenEnv: "DHIS2_TOKEN_ZA" });
    expect(countrySettingsSchema.safeParse({ dhis2Url: "ftp://x" }).success).toBe(false);
    expect(countrySettingsSchema.safeParse({ dhis2Url: "javascript:alert(1)" }).success).toBe(false);
    // A token pasted where the variable's name goes is refused.
    expect(countrySettingsSchema.safeParse({ dhis2TokenEnv: "d2pat_abc123" }).success).toBe(false);
    expect(countrySettingsSchema.safeParse({ dhis2IdScheme: "NAME" }).success).toBe(false);
  });

  it("accepts form strings: numbers as text, ages as a list, weekdays as checkbox values", () => {
    const s = countrySettingsSchema.parse({ caseloadCap: " 80 ", infantTestAgesWeeks: "78, 6;39 6", weekendDays: ["7", "6", "7"] });
    expect(s).toMatchObject({ caseloadCap: 80, infantTestAgesWeeks: [6, 39, 78], weekendDays: [6, 7] });
    expect(countrySettingsSchema.parse({ weekendDays: [] }).weekendDays).toEqual([]);
  });

  it.each([
    [{ caseloadCap: 0 }, "caseloadCap", "tooSmall|1"],
    [{ caseloadCap: 5001 }, "caseloadCap", "tooBig|5000"],
    [{ welcomeWithinWorkingDays: -1 }, "welcomeWithinWorkingDays", "tooSmall|0"],
    [{ welcomeWithinWorkingDays: "" }, "welcomeWithinWorkingDays", "required"],
    [{ welcomeWithinWorkingDays: "two" }, "welcomeWithinWorkingDays", "invalid"],
    [{ lostToFollowUpAfterDays: 1.5 }, "lostToFollowUpAfterDays", "invalid"],
    [{ maxAttemptsPerTask: 11 }, "maxAttemptsPerTask", "tooBig|10"],
    [{ maxCallsPerPhonePerDay: 0 }, "maxCallsPerPhonePerDay", "tooSmall|1"],
    [{ retryDelayMinutes: 4 }, "retryDelayMinutes", "tooSmall|5"],
    [{ infantTestAgesWeeks: "" }, "infantTestAgesWeeks", "tooFew|1"],
    [{ infantTestAgesWeeks: [6, 200] }, "infantTestAgesWeeks.1", "tooBig|150"],
    [{ weekendDays: [0] }, "weekendDays.0", "tooSmall|1"],
    [{ weekendDays: [1, 2, 3, 4, 5, 6, 7] }, "weekendDays", "tooMany|6"],
    [{ mentorsMayEnrol: "yes" }, "mentorsMayEnrol", "invalid"],
  ])("refuses %j", (input, path, message) => {
    const r = parseWithKeys(countrySettingsSchema, input);
    expect(r.success).toBe(false);
    expect(issues(r)).toEqual({ [path]: message });
  });

  it("refuses a high viral-load threshold below the suppression threshold", () => {
    expect(issues(parseWithKeys(countrySettingsSchema, { vlSuppressedBelow: 200, vlHighAbove: 199 }))).toEqual({ vlHighAbove: "vlThresholdOrder" });
    expect(parseWithKeys(countrySettingsSchema, { vlSuppressedBelow: 200, vlHighAbove: 200 }).success).toBe(true);
  });

  it("refuses a second routine viral-load test that is not after the first", () => {
    expect(issues(parseWithKeys(countrySettingsSchema, { vlFirstTestMonths: 6, vlSecondTestMonths: 6 }))).toEqual({ vlSecondTestMonths: "vlTestOrder" });
    expect(issues(parseWithKeys(countrySettingsSchema, { vlFirstTestMonths: 12, vlSecondTestMonths: 9 }))).toEqual({ vlSecondTestMonths: "vlTestOrder" });
    expect(parseWithKeys(countrySettingsSchema, { vlFirstTestMonths: 6, vlSecondTestMonths: 7 }).success).toBe(true);
  });
});

describe("programmeSettingsSchema", () => {
  it("has working defaults", () => {
    const s = programmeSettingsSchema.parse({});
    expect(s).toMatchObject({ programmeName: "eServices", defaultDailyCapacity: 40, minPasswordLength: 10 });
    expect(s.languages.map((l) => l.code)).toEqual(expect.arrayContaining(["en", "pt", "fr"]));
  });

  it("refuses a language code twice, on the repeated row", () => {
    const r = parseWithKeys(programmeSettingsSchema, {
      languages: [{ code: "en", name: "English" }, { code: "ny", name: "Chichewa" }, { code: "en", name: "Again" }],
    });
    expect(issues(r)).toEqual({ "languages.2.code": "codeTaken" });
  });

  it("refuses an empty language list and malformed codes", () => {
    expect(issues(parseWithKeys(programmeSettingsSchema, { languages: [] }))).toEqual({ languages: "languageRequired" });
    expect(issues(parseWithKeys(programmeSettingsSchema, { languages: [{ code: "English", name: "English" }] }))).toEqual({ "languages.0.code": "invalidFormat" });
    expect(issues(parseWithKeys(programmeSettingsSchema, { languages: [{ code: "en", name: " " }] }))).toEqual({ "languages.0.name": "required" });
    expect(parseWithKeys(programmeSettingsSchema, { languages: [{ code: "pt-BR", name: "Português (Brasil)" }] }).success).toBe(true);
  });

  it("requires a minimum password length of at least 10", () => {
    expect(issues(parseWithKeys(programmeSettingsSchema, { minPasswordLength: 9 }))).toEqual({ minPasswordLength: "tooSmall|10" });
    expect(programmeSettingsSchema.parse({ minPasswordLength: "10" }).minPasswordLength).toBe(10);
    expect(issues(parseWithKeys(programmeSettingsSchema, { minPasswordLength: 129 }))).toEqual({ minPasswordLength: "tooBig|128" });
  });

  it("keeps the daily capacity within 1..500", () => {
    expect(issues(parseWithKeys(programmeSettingsSchema, { defaultDailyCapacity: 0 }))).toEqual({ defaultDailyCapacity: "tooSmall|1" });
    expect(issues(parseWithKeys(programmeSettingsSchema, { defaultDailyCapacity: 501 }))).toEqual({ defaultDailyCapacity: "tooBig|500" });
  });
});

describe("readCountrySettings", () => {
  it("reads the same stored settings once: the same frozen object, defaults filled in", () => {
    const a = readCountrySettings({ maxAttemptsPerTask: 4 });
    const b = readCountrySettings({ maxAttemptsPerTask: 4 });
    expect(b).toBe(a);
    expect(a).toEqual(countrySettingsSchema.parse({ maxAttemptsPerTask: 4 }));
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.infantTestAgesWeeks)).toBe(true);
    expect(() => {
      (a as { maxAttemptsPerTask: number }).maxAttemptsPerTask = 9;
    }).toThrow(TypeError);
    expect(readCountrySettings({ maxAttemptsPerTask: 5 }).maxAttemptsPerTask).toBe(5);
    expect(readCountrySettings(null)).toBe(readCountrySettings({}));
  });

  it("refuses invalid stored settings every time (nothing invalid is kept)", () => {
    expect(() => readCountrySettings({ maxAttemptsPerTask: 99 })).toThrow();
    expect(() => readCountrySettings({ maxAttemptsPerTask: 99 })).toThrow();
  });
});
