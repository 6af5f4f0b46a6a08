import { LOCALES } from "@/i18n/config";
import { REASON_KINDS } from "@/lib/calls/rules";
import {
  adherenceOf,
  adherenceTimeline,
  correctedIds,
  correctionState,
  CORRECTION_WINDOW_MS,
  notesOf,
  scriptLocale,
  withinCorrectionWindow,
  type AttemptRow,
} from "@/lib/calls/call-history";

describe("scriptLocale", () => {
  it.each([
    ["pt", "pt"],
    ["fr", "fr"],
    ["en", "en"],
    ["PT", "pt"],
    ["pt-MZ", "pt"],
    ["pt_BR", "pt"],
  ])("%s -> %s", (code, locale) => {
    expect(scriptLocale(code)).toBe(locale);
  });
  it.each(["ny", "zu", "xh", "", "ptx", null, undefined])("%s has no script locale", (code) => {
    expect(scriptLocale(code)).toBeNull();
  });
});

describe("scripts catalogue", () => {
  // The generator's reasons (lib/calls/rules.ts) each need a script in every app locale.
  it.each(LOCALES)("%s has a script for every reason the generator makes", (locale) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const scripts = require(`../../messages/${locale}/scripts.json`) as { confirm: string; reasons: Record<string, string> };
    expect(Object.keys(scripts.reasons).sort()).toEqual([...REASON_KINDS].sort());
    for (const text of Object.values(scripts.reasons)) expect(text.trim().length).toBeGreaterThan(20);
    // The line said before her identity is confirmed names nothing about HIV care.
    expect(scripts.confirm).not.toMatch(/\b(HIV|VIH|SIDA|AIDS|ART|TARV|viral|virale|carga)\b/i);
    expect(scripts.confirm).toContain("{firstName}");
  });
});

describe("correction window", () => {
  const at = new Date("2026-03-10T08:00:00Z");
  it("is open up to 24 hours and closed after", () => {
    expect(withinCorrectionWindow(at, new Date(at.getTime() + CORRECTION_WINDOW_MS - 1))).toBe(true);
    expect(withinCorrectionWindow(at, new Date(at.getTime() + CORRECTION_WINDOW_MS))).toBe(true);
    expect(withinCorrectionWindow(at, new Date(at.getTime() + CORRECTION_WINDOW_MS + 1))).toBe(false);
  });

  const base = { mentorId: "me", correctsId: null, createdAt: at, corrected: false, taskIsHers: true };
  const soon = new Date(at.getTime() + 60_000);
  it("open for her own recent attempt", () => {
    expect(correctionState(base, "me", soon)).toBe("open");
  });
  it("not for a colleague's attempt, nor on a task she no longer holds", () => {
    expect(correctionState(base, "other", soon)).toBe("notHers");
    expect(correctionState({ ...base, taskIsHers: false }, "me", soon)).toBe("notHers");
  });
  it("not for a correction, nor for an attempt already corrected", () => {
    expect(correctionState({ ...base, correctsId: "x" }, "me", soon)).toBe("isCorrection");
    expect(correctionState({ ...base, corrected: true }, "me", soon)).toBe("corrected");
  });
  it("expired after 24 hours", () => {
    expect(correctionState(base, "me", new Date(at.getTime() + CORRECTION_WINDOW_MS + 1))).toBe("expired");
  });
});

describe("details", () => {
  it("reads the adherence answers as record.ts stores them", () => {
    expect(adherenceOf({ adherence: { dosesMissed7d: 2, pillsRanOut: true }, barriers: [] })).toEqual({ dosesMissed7d: 2, pillsRanOut: true });
    expect(adherenceOf({ adherence: { dosesMissed7d: 0 } })).toEqual({ dosesMissed7d: 0, pillsRanOut: false });
    expect(adherenceOf({ notes: "x" })).toBeNull();
    expect(adherenceOf({ adherence: { dosesMissed7d: "2" } })).toBeNull();
    expect(adherenceOf(null)).toBeNull();
  });
  it("reads notes, ignoring blank ones", () => {
    expect(notesOf({ notes: " call after 5 " })).toBe("call after 5");
    expect(notesOf({ notes: "  " })).toBeNull();
    expect(notesOf({})).toBeNull();
  });
});

describe("adherenceTimeline", () => {
  const reached = (id: string, at: string, doses: number, extra: Partial<AttemptRow> = {}): AttemptRow => ({
    id,
    disposition: "REACHED",
    createdAt: new Date(at),
    correctsId: null,
    details: { adherence: { dosesMissed7d: doses, pillsRanOut: false } },
    ...extra,
  });

  it("gives 8 weeks of 7 days ending today, newest first, with empty weeks kept", () => {
    const weeks = adherenceTimeline([], "2026-03-10", "UTC");
    expect(weeks).toHaveLength(8);
    expect(weeks[0]).toEqual({ from: "2026-03-04", to: "2026-03-10", answers: [] });
    expect(weeks[1]).toEqual({ from: "2026-02-25", to: "2026-03-03", answers: [] });
    expect(weeks[7]!.from).toBe("2026-01-14");
  });

  it("puts each answer in its site-local week and drops what is older", () => {
    const weeks = adherenceTimeline(
      [
        reached("a", "2026-03-10T06:00:00Z", 0),
        reached("b", "2026-03-03T21:30:00Z", 3), // 4 March in Nairobi (UTC+3): this week
        reached("c", "2026-02-26T10:00:00Z", 1),
        reached("old", "2026-01-01T10:00:00Z", 5),
      ],
      "2026-03-10",
      "Africa/Nairobi",
    );
    expect(weeks[0]!.answers.map((a) => [a.attemptId, a.date, a.dosesMissed7d])).toEqual([
      ["a", "2026-03-10", 0],
      ["b", "2026-03-04", 3],
    ]);
    expect(weeks[1]!.answers.map((a) => a.attemptId)).toEqual(["c"]);
    expect(weeks.flatMap((w) => w.answers).some((a) => a.attemptId === "old")).toBe(false);
  });

  it("counts a corrected attempt through its correction only, and ignores other dispositions", () => {
    const weeks = adherenceTimeline(
      [
        reached("fix", "2026-03-09T10:00:00Z", 4, { correctsId: "orig" }),
        reached("orig", "2026-03-09T09:00:00Z", 0),
        { id: "busy", disposition: "BUSY", createdAt: new Date("2026-03-08T10:00:00Z"), correctsId: null, details: {} },
        reached("wrong", "2026-03-07T10:00:00Z", 2),
        { id: "undo", disposition: "NO_ANSWER", createdAt: new Date("2026-03-07T11:00:00Z"), correctsId: "wrong", details: {} },
      ],
      "2026-03-10",
      "UTC",
    );
    expect(weeks[0]!.answers.map((a) => [a.attemptId, a.dosesMissed7d])).toEqual([["fix", 4]]);
  });

  it("correctedIds lists what later rows correct", () => {
    expect([...correctedIds([{ correctsId: null }, { correctsId: "a" }, { correctsId: "b" }])].sort()).toEqual(["a", "b"]);
  });
});
