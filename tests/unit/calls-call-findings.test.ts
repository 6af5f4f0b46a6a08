import { callFindings, hasFindings } from "@/lib/calls/call-history";

describe("callFindings: what a call recorded, read back for the histories", () => {
  it("reads every part a reached call stores", () => {
    const f = callFindings({
      adherence: { dosesMissed7d: 2, pillsRanOut: true },
      barriers: ["DE54", "DE58"],
      appointments: [{ appointmentId: "x", answer: "reschedule", newDate: "2026-12-20" }, { appointmentId: "y", answer: "confirmed" }],
      tracing: { outcome: "DE24", returnDate: "2026-12-18" },
      referrals: ["clinic", "psychosocial"],
      notes: "  Taxi money short  ",
    });
    expect(f).toEqual({
      adherence: { dosesMissed7d: 2, pillsRanOut: true },
      barriers: ["DE54", "DE58"],
      appointments: [{ answer: "reschedule", newDate: "2026-12-20" }, { answer: "confirmed", newDate: null }],
      tracing: { outcome: "DE24", returnDate: "2026-12-18" },
      referrals: ["clinic", "psychosocial"],
      notes: "Taxi money short",
    });
    expect(hasFindings(f)).toBe(true);
  });

  it("keeps only well-formed codes and shows nothing for a bare disposition", () => {
    const f = callFindings({ barriers: ["DE54", "DE99", 3], referrals: ["police"], tracing: { outcome: "DE99" } });
    expect(f.barriers).toEqual(["DE54"]);
    expect(f.referrals).toEqual([]);
    expect(f.tracing).toBeNull();
    for (const empty of [null, undefined, "x", {}, { notes: "  " }]) expect(hasFindings(callFindings(empty))).toBe(false);
  });
});
