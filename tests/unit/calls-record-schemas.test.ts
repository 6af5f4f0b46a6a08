import { fieldsFor, outcomeSchema, correctionSchema, BARRIER_CODES } from "@/lib/calls/record-schemas";
import { DISPOSITIONS } from "@/lib/calls/state-machine";
import { parseWithKeys } from "@/lib/validation";

const base = { taskId: "6f1c2a4e-1b2c-4d3e-8f90-123456789abc", idempotencyKey: "key_0123456789abcdef" };
const reached = { ...base, disposition: "REACHED", adherence: { dosesMissed7d: 2, pillsRanOut: false } };

function errors(raw: unknown): Record<string, string[]> {
  const r = parseWithKeys(outcomeSchema, raw);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[i.path.join(".") || "_form"] ??= []).push(i.message);
  return out;
}

describe("fieldsFor", () => {
  it("REACHED requires adherence and allows the conversation fields", () => {
    const f = fieldsFor("REACHED");
    expect(f.required).toEqual(["adherence"]);
    expect(f.allowed).toEqual(["adherence", "barriers", "appointments", "tracing", "referrals", "notes", "callback"]);
  });
  it("CALLBACK_REQUESTED requires callbackAt", () => {
    expect(fieldsFor("CALLBACK_REQUESTED")).toEqual({ required: ["callbackAt"], allowed: ["callbackAt", "notes"] });
  });
  it.each(DISPOSITIONS.filter((d) => d !== "REACHED" && d !== "CALLBACK_REQUESTED"))("%s needs nothing and allows only notes", (d) => {
    expect(fieldsFor(d)).toEqual({ required: [], allowed: ["notes"] });
  });
  it("every required field is allowed", () => {
    for (const d of DISPOSITIONS) {
      const f = fieldsFor(d);
      for (const r of f.required) expect(f.allowed).toContain(r);
    }
  });
});

describe("outcomeSchema", () => {
  it("accepts a reached call with adherence, barriers, appointment, referrals", () => {
    const r = outcomeSchema.safeParse({
      ...reached,
      barriers: ["DE54", "DE71"],
      appointments: [{ appointmentId: base.taskId, answer: "reschedule", newDate: "2026-12-03" }],
      referrals: ["clinic"],
      tracing: { outcome: "DE24", returnDate: "2026-12-10" },
      notes: "ok",
      callback: "2026-12-01T09:00:00Z",
    });
    expect(r.success).toBe(true);
  });
  it("REACHED without adherence -> required", () => {
    expect(errors({ ...base, disposition: "REACHED" })).toEqual({ adherence: ["required"] });
  });
  it("adherence bounds", () => {
    expect(errors({ ...reached, adherence: { dosesMissed7d: 8, pillsRanOut: false } })["adherence.dosesMissed7d"]).toEqual(["tooBig|7"]);
    expect(errors({ ...reached, adherence: { dosesMissed7d: -1, pillsRanOut: false } })["adherence.dosesMissed7d"]).toEqual(["tooSmall|0"]);
  });
  it("barrier codes are DE54-DE71 only", () => {
    expect(BARRIER_CODES).toHaveLength(18);
    expect(BARRIER_CODES[0]).toBe("DE54");
    expect(BARRIER_CODES[17]).toBe("DE71");
    expect(errors({ ...reached, barriers: ["DE53"] })["barriers.0"]).toEqual(["invalidValue"]);
    expect(errors({ ...reached, barriers: ["DE72"] })["barriers.0"]).toEqual(["invalidValue"]);
  });
  it("tracing outcome is DE24-DE29, except DE28 (not located: a home visit's finding, never a call that reached her)", () => {
    expect(errors({ ...reached, tracing: { outcome: "DE30" } })["tracing.outcome"]).toEqual(["invalidValue"]);
    expect(errors({ ...reached, tracing: { outcome: "DE28" } })["tracing.outcome"]).toEqual(["invalidValue"]);
    expect(errors({ ...reached, tracing: { outcome: "DE29" } })).toEqual({});
  });
  it("a return date only with 'returning to clinic' (DE24)", () => {
    expect(errors({ ...reached, tracing: { outcome: "DE24", returnDate: "2026-12-10" } })).toEqual({});
    expect(errors({ ...reached, tracing: { outcome: "DE26", returnDate: "2026-12-10" } })["tracing.returnDate"]).toEqual(["invalidValue"]);
  });
  it("each appointment answer names the appointment; a new date only with, and always with, reschedule", () => {
    const a = (x: object) => ({ ...reached, appointments: [{ appointmentId: base.taskId, ...x }] });
    expect(errors(a({ answer: "reschedule", newDate: "2026-02-30" }))["appointments.0.newDate"]).toEqual(["invalidFormat"]);
    expect(errors(a({ answer: "reschedule" }))["appointments.0.newDate"]).toEqual(["required"]);
    expect(errors(a({ answer: "attended", newDate: "2026-12-03" }))["appointments.0.newDate"]).toEqual(["invalidValue"]);
    expect(errors(a({ answer: "went" }))["appointments.0.answer"]).toEqual(["invalidValue"]);
    expect(errors({ ...reached, appointments: [{ answer: "attended" }] })["appointments.0.appointmentId"]).toEqual(["required"]);
    for (const answer of ["confirmed", "attended", "missed"]) expect(errors(a({ answer }))).toEqual({});
    // The same appointment twice is refused.
    const twice = { ...reached, appointments: [{ appointmentId: base.taskId, answer: "attended" }, { appointmentId: base.taskId, answer: "missed" }] };
    expect(errors(twice).appointments).toEqual(["invalidValue"]);
  });
  it("notes at most 2000 characters", () => {
    expect(errors({ ...reached, notes: "x".repeat(2001) }).notes).toEqual(["tooLong|2000"]);
  });
  it("CALLBACK_REQUESTED requires callbackAt", () => {
    expect(errors({ ...base, disposition: "CALLBACK_REQUESTED" }).callbackAt).toEqual(["required"]);
    expect(errors({ ...base, disposition: "CALLBACK_REQUESTED", callbackAt: "2026-12-01T09:00:00+02:00" })).toEqual({});
  });
  it("NO_ANSWER is one tap: nothing but the task and the key", () => {
    expect(errors({ ...base, disposition: "NO_ANSWER" })).toEqual({});
  });
  it("other dispositions refuse the reached fields", () => {
    const e = errors({ ...base, disposition: "NO_ANSWER", adherence: { dosesMissed7d: 0, pillsRanOut: false } });
    expect(Object.keys(e).length).toBeGreaterThan(0);
  });
  it("idempotency key: 16-64 of [A-Za-z0-9_-]", () => {
    expect(errors({ ...base, disposition: "NO_ANSWER", idempotencyKey: "short" }).idempotencyKey).toEqual(["invalidFormat"]);
    expect(errors({ ...base, disposition: "NO_ANSWER", idempotencyKey: "a".repeat(65) }).idempotencyKey).toEqual(["invalidFormat"]);
    expect(errors({ ...base, disposition: "NO_ANSWER", idempotencyKey: "has space 0123456789" }).idempotencyKey).toEqual(["invalidFormat"]);
  });
  it("unknown disposition is refused", () => {
    expect(outcomeSchema.safeParse({ ...base, disposition: "HUNG_UP" }).success).toBe(false);
  });
  it("a correction carries the id of the attempt it corrects", () => {
    expect(correctionSchema.safeParse({ ...base, disposition: "NO_ANSWER" }).success).toBe(false);
    expect(correctionSchema.safeParse({ ...base, disposition: "NO_ANSWER", correctsId: base.taskId }).success).toBe(true);
  });
});
