import {
  addAppointmentSchema,
  ageInYears,
  infantAge,
  latestToday,
  makeAddInfantSchema,
  makeAddViralLoadSchema,
  makeChangeStatusSchema,
  markAppointmentSchema,
  rescheduleAppointmentSchema,
  vlBand,
} from "@/lib/clients/profile-schemas";
import { parseWithKeys } from "@/lib/validation";

const CLIENT = "6f1c1f4e-1d2b-4c3a-9a1b-1234567890ab";
const APPT = "7a2d2f4e-1d2b-4c3a-9a1b-1234567890ab";
const target = { clientId: CLIENT, version: 3 };
// Noon UTC on 10 March 2026: somewhere on Earth (UTC+14) it is already 11 March, nowhere 12 March.
const NOW = new Date("2026-03-10T12:00:00Z");
const clock = () => NOW;

/** Field -> distinct message keys of a failed parse ({} when it succeeds). A malformed date fails
 * both the pattern and the calendar check with the same key: the form shows it once. */
function errorsOf(schema: Parameters<typeof parseWithKeys>[0], raw: unknown): Record<string, string[]> {
  const r = parseWithKeys(schema, raw);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) {
    const list = (out[i.path.join(".") || "_form"] ??= []);
    if (!list.includes(i.message)) list.push(i.message);
  }
  return out;
}

describe("latestToday", () => {
  it("is the calendar date at UTC+14", () => {
    expect(latestToday(NOW)).toBe("2026-03-11");
    expect(latestToday(new Date("2026-03-10T09:59:59Z"))).toBe("2026-03-10");
    expect(latestToday(new Date("2026-03-10T10:00:00Z"))).toBe("2026-03-11");
  });
});

describe("addAppointmentSchema", () => {
  it("accepts a date and kind, and a blank infant as none", () => {
    const r = parseWithKeys(addAppointmentSchema, { ...target, version: "3", date: "2026-04-01", kind: "ART_REFILL", infantId: "" });
    expect(r.success).toBe(true);
    if (r.success) {
      expect(r.data.infantId).toBeUndefined();
      expect(r.data.version).toBe(3);
    }
  });

  it("refuses impossible dates, unknown kinds, a malformed client id and a missing version", () => {
    expect(errorsOf(addAppointmentSchema, { ...target, date: "2026-02-29", kind: "ART_REFILL" })).toEqual({ date: ["invalidDate"] });
    expect(errorsOf(addAppointmentSchema, { ...target, date: "2028-02-29", kind: "ART_REFILL" })).toEqual({});
    expect(errorsOf(addAppointmentSchema, { ...target, date: "01/04/2026", kind: "ART_REFILL" })).toEqual({ date: ["invalidDate"] });
    expect(errorsOf(addAppointmentSchema, { ...target, date: "2026-04-01", kind: "HOME_VISIT" })).toEqual({ kind: ["invalidValue"] });
    expect(Object.keys(errorsOf(addAppointmentSchema, { clientId: "x", version: 1, date: "2026-04-01", kind: "ART_REFILL" }))).toEqual(["clientId"]);
    expect(Object.keys(errorsOf(addAppointmentSchema, { clientId: CLIENT, version: 0, date: "2026-04-01", kind: "ART_REFILL" }))).toEqual(["version"]);
  });
});

describe("markAppointmentSchema and rescheduleAppointmentSchema", () => {
  it("take only attended or missed as an outcome", () => {
    expect(errorsOf(markAppointmentSchema, { ...target, appointmentId: APPT, outcome: "ATTENDED" })).toEqual({});
    expect(errorsOf(markAppointmentSchema, { ...target, appointmentId: APPT, outcome: "MISSED" })).toEqual({});
    expect(errorsOf(markAppointmentSchema, { ...target, appointmentId: APPT, outcome: "CANCELLED" })).toEqual({ outcome: ["invalidValue"] });
  });

  it("reschedules to any real date, past ones included (enrolment is checked by the command)", () => {
    expect(errorsOf(rescheduleAppointmentSchema, { ...target, appointmentId: APPT, date: "2020-01-01" })).toEqual({});
    expect(errorsOf(rescheduleAppointmentSchema, { ...target, appointmentId: APPT, date: "" })).toEqual({ date: ["invalidDate"] });
  });
});

describe("addViralLoadSchema", () => {
  const schema = makeAddViralLoadSchema(clock);
  const vl = { ...target, copies: "1200", sampleDate: "2026-03-01", resultDate: "2026-03-05" };

  it("reads the copies typed as text and defaults the reason to routine", () => {
    const r = parseWithKeys(schema, vl);
    expect(r.success).toBe(true);
    if (r.success) {
      expect(r.data.copies).toBe(1200);
      expect(r.data.reasonCode).toBe("DE392");
    }
  });

  it("refuses empty, negative and fractional copies (empty is not 0)", () => {
    expect(errorsOf(schema, { ...vl, copies: "" })).toEqual({ copies: ["required"] });
    expect(errorsOf(schema, { ...vl, copies: "-1" })).toEqual({ copies: ["tooSmall|0"] });
    expect(errorsOf(schema, { ...vl, copies: "1.5" })).toEqual({ copies: ["invalid"] });
    expect(errorsOf(schema, { ...vl, copies: "0" })).toEqual({});
  });

  it("accepts a result on the sample day and refuses one the day before", () => {
    expect(errorsOf(schema, { ...vl, resultDate: "2026-03-01" })).toEqual({});
    expect(errorsOf(schema, { ...vl, resultDate: "2026-02-28" })).toEqual({ resultDate: ["beforeSample"] });
  });

  it("accepts dates up to today anywhere and refuses the day after", () => {
    expect(errorsOf(schema, { ...vl, sampleDate: "2026-03-11", resultDate: "2026-03-11" })).toEqual({});
    expect(errorsOf(schema, { ...vl, sampleDate: "2026-03-12", resultDate: "2026-03-12" })).toEqual({
      sampleDate: ["dateInFuture"],
      resultDate: ["dateInFuture"],
    });
  });

  it("refuses an unknown reason code", () => {
    expect(errorsOf(schema, { ...vl, reasonCode: "DE999" })).toEqual({ reasonCode: ["invalidValue"] });
  });
});

describe("addInfantSchema", () => {
  const schema = makeAddInfantSchema(clock);

  it("accepts a birth up to today anywhere, without a name", () => {
    const r = parseWithKeys(schema, { ...target, firstName: "  ", dateOfBirth: "2026-03-11" });
    expect(r.success).toBe(true);
    if (r.success) expect(r.data.firstName).toBeUndefined();
  });

  it("refuses a birth in the future and a name over 80 characters", () => {
    expect(errorsOf(schema, { ...target, dateOfBirth: "2026-03-12" })).toEqual({ dateOfBirth: ["dateInFuture"] });
    expect(errorsOf(schema, { ...target, firstName: "a".repeat(81), dateOfBirth: "2026-01-01" })).toEqual({ firstName: ["tooLong|80"] });
  });
});

describe("changeStatusSchema", () => {
  const schema = makeChangeStatusSchema(clock);
  const change = { ...target, status: "OPTED_OUT", reason: "Asked to stop the calls", date: "2026-03-10" };

  it("accepts every status, with a trimmed reason", () => {
    for (const status of ["ACTIVE", "TRANSFERRED_OUT", "LOST_TO_FOLLOW_UP", "DIED", "EXITED", "OPTED_OUT"]) {
      expect(errorsOf(schema, { ...change, status })).toEqual({});
    }
    const r = parseWithKeys(schema, { ...change, reason: "  moved  " });
    if (r.success) expect(r.data.reason).toBe("moved");
  });

  it("requires a reason of at most 500 characters", () => {
    expect(errorsOf(schema, { ...change, reason: "   " })).toEqual({ reason: ["required"] });
    expect(errorsOf(schema, { ...change, reason: "a".repeat(500) })).toEqual({});
    expect(errorsOf(schema, { ...change, reason: "a".repeat(501) })).toEqual({ reason: ["tooLong|500"] });
  });

  it("refuses a date after today anywhere and an unknown status", () => {
    expect(errorsOf(schema, { ...change, date: "2026-03-11" })).toEqual({});
    expect(errorsOf(schema, { ...change, date: "2026-03-12" })).toEqual({ date: ["dateInFuture"] });
    expect(errorsOf(schema, { ...change, status: "PAUSED" })).toEqual({ status: ["invalidValue"] });
  });

  it("reads the clock at each parse, not when the schema was made", () => {
    let now = new Date("2026-03-10T00:00:00Z");
    const moving = makeChangeStatusSchema(() => now);
    expect(errorsOf(moving, { ...change, date: "2026-03-12" })).toEqual({ date: ["dateInFuture"] });
    now = new Date("2026-03-11T12:00:00Z");
    expect(errorsOf(moving, { ...change, date: "2026-03-12" })).toEqual({});
  });
});

describe("vlBand", () => {
  const who = { vlSuppressedBelow: 50, vlHighAbove: 1000 };
  it("puts 49 below suppression, 50 to 1000 low-level and 1001 high", () => {
    expect(vlBand(0, who)).toBe("suppressed");
    expect(vlBand(49, who)).toBe("suppressed");
    expect(vlBand(50, who)).toBe("lowLevel");
    expect(vlBand(1000, who)).toBe("lowLevel");
    expect(vlBand(1001, who)).toBe("high");
  });
  it("follows the country's own thresholds", () => {
    expect(vlBand(150, { vlSuppressedBelow: 200, vlHighAbove: 500 })).toBe("suppressed");
    expect(vlBand(501, { vlSuppressedBelow: 200, vlHighAbove: 500 })).toBe("high");
  });
});

describe("ages", () => {
  it("counts whole years, turning on the birthday (29 February in a common year: from 1 March)", () => {
    expect(ageInYears("1995-05-05", "2026-05-04")).toBe(30);
    expect(ageInYears("1995-05-05", "2026-05-05")).toBe(31);
    expect(ageInYears("2008-02-29", "2026-02-28")).toBe(17);
    expect(ageInYears("2008-02-29", "2026-03-01")).toBe(18);
  });

  it("gives an infant's age in weeks up to 13 weeks, then months", () => {
    expect(infantAge("2026-03-10", "2026-03-10")).toEqual({ unit: "weeks", n: 0 });
    expect(infantAge("2026-01-27", "2026-03-10")).toEqual({ unit: "weeks", n: 6 });
    expect(infantAge("2025-12-10", "2026-03-10")).toEqual({ unit: "weeks", n: 12 });
    expect(infantAge("2025-12-09", "2026-03-10")).toEqual({ unit: "months", n: 3 });
    expect(infantAge("2025-06-10", "2026-03-10")).toEqual({ unit: "months", n: 9 });
  });
});
