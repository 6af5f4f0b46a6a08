import { allowedResolutions, blockedReasons, escalationAgeDays, escalationCause, withoutBlocked } from "@/lib/escalations/rules";

describe("escalation causes", () => {
  it("a wrong number or a number not in service asks for a phone update, whatever the reasons", () => {
    expect(escalationCause(["missed"], "WRONG_NUMBER")).toBe("PHONE_UPDATE");
    expect(escalationCause(["adherence"], "NOT_IN_SERVICE")).toBe("PHONE_UPDATE");
  });
  it("out of attempts: missed appointment -> tracing, high viral load -> HIGH_VL, else no answer", () => {
    expect(escalationCause(["missed", "eac_high"], "NO_ANSWER")).toBe("TRACING");
    expect(escalationCause(["eac_high", "welcome"], "BUSY")).toBe("HIGH_VL");
    expect(escalationCause(["eac_low"], "UNREACHABLE")).toBe("HIGH_VL");
    expect(escalationCause(["welcome", "adherence"], "NO_ANSWER")).toBe("NO_ANSWER");
  });
  it("what an open escalation keeps off the lists", () => {
    expect(blockedReasons("NO_ANSWER")).toBe("all");
    expect(blockedReasons("PHONE_UPDATE")).toBe("all");
    expect(withoutBlocked(["missed", "adherence"], ["TRACING"])).toEqual(["adherence"]);
    expect(withoutBlocked(["eac_high", "appointment"], ["HIGH_VL"])).toEqual(["appointment"]);
    expect(withoutBlocked(["missed", "adherence"], ["NO_ANSWER"])).toEqual([]);
    expect(withoutBlocked(["missed"], [])).toEqual(["missed"]);
  });
  it("age in site-local days and the next steps allowed", () => {
    expect(escalationAgeDays("2026-12-08", "2026-12-08")).toBe(0);
    expect(escalationAgeDays("2026-12-01", "2026-12-08")).toBe(7);
    expect(allowedResolutions("OPEN")).toEqual(["sendBack", "refer", "close"]);
    expect(allowedResolutions("REFERRED")).toEqual(["tracing", "sendBack", "close"]);
    expect(allowedResolutions("CLOSED")).toEqual([]);
  });
});
