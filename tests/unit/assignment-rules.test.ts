import {
  assignMany,
  assignTasksByDay,
  overlapsAny,
  pickMentor,
  releaseSelected,
  roomLeft,
  scarceLanguagesFirst,
  type MentorCandidate,
} from "@/lib/assignment/rules";
import { addLeaveSchema, moveClientsSchema, reassignParamsSchema, MAX_MOVE } from "@/lib/assignment/schemas";
import { parseWithKeys } from "@/lib/validation";

const mm = (id: string, languages: string[], caseload: number, cap = 100): MentorCandidate => ({ id, languages, caseload, cap });

describe("pickMentor", () => {
  it("prefers a Mentor Mother who speaks the client's language over a less loaded one who does not", () => {
    const pick = pickMentor("zu", [mm("a", ["en"], 0), mm("b", ["en", "zu"], 90)]);
    expect(pick).toEqual({ mentorId: "b", languageMatch: true });
  });

  it("among speakers of the language, takes the lowest caseload relative to the cap", () => {
    // 40/50 = 0.8 against 60/100 = 0.6: the larger absolute caseload is the lighter load.
    const pick = pickMentor("zu", [mm("a", ["zu"], 40, 50), mm("b", ["zu"], 60, 100), mm("c", ["en"], 0, 100)]);
    expect(pick).toEqual({ mentorId: "b", languageMatch: true });
  });

  it("falls back to anyone with room when nobody speaks the language, and says so", () => {
    const pick = pickMentor("st", [mm("a", ["en"], 30), mm("b", ["zu"], 10)]);
    expect(pick).toEqual({ mentorId: "b", languageMatch: false });
  });

  it("falls back to others when every speaker of the language is at her cap", () => {
    const pick = pickMentor("zu", [mm("a", ["zu"], 100, 100), mm("b", ["en"], 99, 100)]);
    expect(pick).toEqual({ mentorId: "b", languageMatch: false });
  });

  it("breaks ratio ties by the lower caseload, then by id", () => {
    // Both at half: the one with fewer clients first.
    expect(pickMentor("en", [mm("a", ["en"], 50, 100), mm("b", ["en"], 25, 50)]).mentorId).toBe("b");
    // Fully equal: the lower id, so the answer never depends on the order of the list.
    expect(pickMentor("en", [mm("z", ["en"], 10), mm("m", ["en"], 10)]).mentorId).toBe("m");
    expect(pickMentor("en", [mm("m", ["en"], 10), mm("z", ["en"], 10)]).mentorId).toBe("m");
  });

  it("never picks someone at or above her own cap, with caps that differ per Mentor Mother", () => {
    const candidates = [mm("small", ["en"], 20, 20), mm("over", ["en"], 130, 120), mm("big", ["en"], 119, 120)];
    expect(pickMentor("en", candidates)).toEqual({ mentorId: "big", languageMatch: true });
  });

  it("answers no-mentor when the site has no available Mentor Mother, all-full when all are at the cap", () => {
    expect(pickMentor("en", [])).toEqual({ mentorId: null, reason: "no-mentor" });
    expect(pickMentor("en", [mm("a", ["en"], 100, 100), mm("b", ["zu"], 50, 50)])).toEqual({ mentorId: null, reason: "all-full" });
  });
});

describe("assignMany", () => {
  it("spreads many clients so the loads stay balanced relative to each cap", () => {
    const clients = Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, language: "en" }));
    const picks = assignMany(clients, [mm("a", ["en"], 0, 20), mm("b", ["en"], 0, 40)]);
    const count = (id: string) => [...picks.values()].filter((p) => p.mentorId === id).length;
    // Thirty clients over caps 20 and 40: one third and two thirds.
    expect(count("a")).toBe(10);
    expect(count("b")).toBe(20);
  });

  it("fills up to every cap and no further, then reports the rest as all-full", () => {
    const clients = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, language: "en" }));
    const picks = assignMany(clients, [mm("a", ["en"], 8, 10), mm("b", ["en"], 3, 5)]);
    const placed = [...picks.values()].filter((p) => p.mentorId);
    expect(placed).toHaveLength(4);
    expect([...picks.values()].filter((p) => p.mentorId === "a")).toHaveLength(2);
    expect([...picks.values()].filter((p) => p.mentorId === "b")).toHaveLength(2);
    expect(picks.get("c9")).toEqual({ mentorId: null, reason: "all-full" });
  });

  it("keeps language first while balancing: speakers take their language's clients until full", () => {
    const clients = [
      ...Array.from({ length: 4 }, (_, i) => ({ id: `zu${i}`, language: "zu" })),
      ...Array.from({ length: 4 }, (_, i) => ({ id: `en${i}`, language: "en" })),
    ];
    const picks = assignMany(clients, [mm("zulu", ["zu", "en"], 0, 3), mm("eng", ["en"], 0, 10)]);
    expect(["zu0", "zu1", "zu2"].map((id) => picks.get(id)?.mentorId)).toEqual(["zulu", "zulu", "zulu"]);
    // Her cap reached: the fourth isiZulu speaker goes to the other, without a language match.
    expect(picks.get("zu3")).toEqual({ mentorId: "eng", languageMatch: false });
    expect(["en0", "en1", "en2", "en3"].every((id) => picks.get(id)?.mentorId === "eng")).toBe(true);
  });

  it("does not change the candidates it was given", () => {
    const candidates = [mm("a", ["en"], 1)];
    assignMany([{ id: "c", language: "en" }], candidates);
    expect(candidates[0]!.caseload).toBe(1);
  });
});

describe("releaseSelected", () => {
  it("takes the selected clients out of their current holders' caseloads", () => {
    const out = releaseSelected([mm("a", ["en"], 10), mm("b", ["en"], 5)], [{ mentorId: "a" }, { mentorId: "a" }, { mentorId: null }, { mentorId: "x" }]);
    expect(out.map((c) => c.caseload)).toEqual([8, 5]);
  });

  it("lets balancing leave a client where she is when that is still the best place", () => {
    // a holds 3 of the 4 selected; after release a has 0 and b has 2: the balance puts 3 with a, 1 with b.
    const selected = [{ id: "1", mentorId: "a" }, { id: "2", mentorId: "a" }, { id: "3", mentorId: "a" }, { id: "4", mentorId: "b" }];
    const candidates = releaseSelected([mm("a", ["en"], 3, 10), mm("b", ["en"], 3, 10)], selected);
    const picks = assignMany(selected.map((c) => ({ id: c.id, language: "en" })), candidates);
    const toA = [...picks.values()].filter((p) => p.mentorId === "a").length;
    expect(toA).toBe(3);
  });
});

describe("scarceLanguagesFirst", () => {
  it("puts clients whose language fewer Mentor Mothers with room speak first, keeping the order otherwise", () => {
    const candidates = [mm("a", ["en", "zu"], 0, 1), mm("b", ["en"], 0, 10), mm("c", ["en", "st"], 10, 10)];
    const clients = [
      { id: "1", language: "en" },
      { id: "2", language: "zu" },
      { id: "3", language: "en" },
      { id: "4", language: "st" },
    ];
    // st: nobody with room speaks it (0), zu: one (1), en: two (2).
    expect(scarceLanguagesFirst(clients, candidates).map((c) => c.id)).toEqual(["4", "2", "1", "3"]);
  });

  it("lets the only speaker's last place go to the client who needs her language", () => {
    const candidates = [mm("zulu", ["en", "zu"], 0, 1), mm("eng", ["en"], 5, 10)];
    const clients = [{ id: "en1", language: "en" }, { id: "zu1", language: "zu" }];
    // In the given order the English client takes her only place and the isiZulu one loses out...
    expect(assignMany(clients, candidates).get("zu1")).toEqual({ mentorId: "eng", languageMatch: false });
    // ...in the scarce-first order both get a Mentor Mother who speaks their language.
    const picks = assignMany(scarceLanguagesFirst(clients, candidates), candidates);
    expect(picks.get("zu1")).toEqual({ mentorId: "zulu", languageMatch: true });
    expect(picks.get("en1")).toEqual({ mentorId: "eng", languageMatch: true });
  });
});

describe("roomLeft", () => {
  it("is the places left under the cap, never negative", () => {
    expect(roomLeft({ caseload: 90, cap: 100 })).toBe(10);
    expect(roomLeft({ caseload: 100, cap: 100 })).toBe(0);
    expect(roomLeft({ caseload: 130, cap: 120 })).toBe(0);
  });
});

describe("assignTasksByDay", () => {
  it("covers each day with whoever is free that day, by language then load against daily capacity", () => {
    const tasks = [
      { id: "t1", day: "2026-03-02", language: "zu" },
      { id: "t2", day: "2026-03-02", language: "en" },
      { id: "t3", day: "2026-03-03", language: "zu" },
    ];
    const byDay = new Map([
      ["2026-03-02", [mm("zulu", ["zu"], 39, 40), mm("eng", ["en"], 10, 40)]],
      // On the 3rd only "eng" works: the isiZulu call goes to her without a language match.
      ["2026-03-03", [mm("eng", ["en"], 0, 40)]],
    ]);
    const picks = assignTasksByDay(tasks, byDay);
    expect(picks.get("t1")).toEqual({ mentorId: "zulu", languageMatch: true });
    expect(picks.get("t2")).toEqual({ mentorId: "eng", languageMatch: true });
    expect(picks.get("t3")).toEqual({ mentorId: "eng", languageMatch: false });
  });

  it("never goes above a day's capacity, and a day with nobody free is no-mentor", () => {
    const tasks = [
      { id: "a", day: "2026-03-02", language: "en" },
      { id: "b", day: "2026-03-02", language: "en" },
      { id: "c", day: "2026-03-04", language: "en" },
    ];
    const picks = assignTasksByDay(tasks, new Map([["2026-03-02", [mm("x", ["en"], 39, 40)]]]));
    expect(picks.get("a")).toEqual({ mentorId: "x", languageMatch: true });
    expect(picks.get("b")).toEqual({ mentorId: null, reason: "all-full" });
    expect(picks.get("c")).toEqual({ mentorId: null, reason: "no-mentor" });
  });

  it("treats a daily capacity of 0 as full", () => {
    const picks = assignTasksByDay([{ id: "a", day: "2026-03-02", language: "en" }], new Map([["2026-03-02", [mm("x", ["en"], 0, 0)]]]));
    expect(picks.get("a")).toEqual({ mentorId: null, reason: "all-full" });
  });
});

describe("overlapsAny", () => {
  const ranges = [{ start: "2026-03-10", end: "2026-03-20" }];
  it("finds a shared day, the edges included", () => {
    expect(overlapsAny("2026-03-01", "2026-03-10", ranges)).toBe(true);
    expect(overlapsAny("2026-03-20", "2026-03-25", ranges)).toBe(true);
    expect(overlapsAny("2026-03-12", "2026-03-13", ranges)).toBe(true);
    expect(overlapsAny("2026-03-01", "2026-03-31", ranges)).toBe(true);
  });
  it("allows ranges that touch no day of another", () => {
    expect(overlapsAny("2026-03-01", "2026-03-09", ranges)).toBe(false);
    expect(overlapsAny("2026-03-21", "2026-03-25", ranges)).toBe(false);
    expect(overlapsAny("2026-03-01", "2026-03-09", [])).toBe(false);
  });
});

// The operations' input schemas (lib/assignment/schemas.ts), with catalogue-key messages.

const ID = "6f1c1f4e-1d2b-4c3a-9a1b-1234567890ab";
const idN = (n: number) => `6f1c1f4e-1d2b-4c3a-9a1b-${String(n).padStart(12, "0")}`;
function messages(schema: Parameters<typeof parseWithKeys>[0], raw: unknown): Record<string, string[]> {
  const r = parseWithKeys(schema, raw);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[i.path.join(".") || "_form"] ??= []).push(i.message);
  return out;
}

describe("moveClientsSchema", () => {
  it("takes one to MAX_MOVE distinct client ids, a Mentor Mother's id or 'balance', and an optional note", () => {
    expect(parseWithKeys(moveClientsSchema, { clientIds: [ID], target: "balance", note: "  " }).data).toEqual({ clientIds: [ID], target: "balance" });
    expect(parseWithKeys(moveClientsSchema, { clientIds: [ID], target: idN(2), note: " after training " }).data?.note).toBe("after training");
    expect(messages(moveClientsSchema, { clientIds: [], target: "balance" })).toEqual({ clientIds: ["tooFew|1"] });
    expect(messages(moveClientsSchema, { clientIds: Array.from({ length: MAX_MOVE + 1 }, (_, i) => idN(i)), target: "balance" })).toEqual({
      clientIds: [`tooMany|${MAX_MOVE}`],
    });
    expect(messages(moveClientsSchema, { clientIds: [ID, ID], target: "balance" })).toEqual({ clientIds: ["invalid"] });
    expect(Object.keys(messages(moveClientsSchema, { clientIds: [ID], target: "everyone" }))).toEqual(["target"]);
  });
});

describe("addLeaveSchema", () => {
  const base = { mentorId: ID, startDate: "2026-03-02", endDate: "2026-03-06" };
  it("accepts a range of real dates, one day included", () => {
    expect(parseWithKeys(addLeaveSchema, base).success).toBe(true);
    expect(parseWithKeys(addLeaveSchema, { ...base, endDate: base.startDate }).success).toBe(true);
  });
  it("refuses an end before the start, impossible dates and a range longer than a year", () => {
    expect(messages(addLeaveSchema, { ...base, endDate: "2026-03-01" })).toEqual({ endDate: ["endBeforeStart"] });
    expect(messages(addLeaveSchema, { ...base, startDate: "2026-02-30" })).toEqual({ startDate: ["invalidDate"] });
    expect(messages(addLeaveSchema, { ...base, startDate: "2026-01-01", endDate: "2027-01-02" })).toEqual({ endDate: ["leaveTooLong|366"] });
    expect(parseWithKeys(addLeaveSchema, { ...base, startDate: "2026-01-01", endDate: "2026-12-31" }).success).toBe(true);
  });
});

describe("reassignParamsSchema", () => {
  it("keeps good search parameters and drops bad ones instead of failing", () => {
    expect(reassignParamsSchema.parse({ site: ID, mentor: "none", language: "zu", q: " Mabena ", client: ID })).toEqual({
      site: ID, mentor: "none", language: "zu", q: "Mabena", client: ID,
    });
    expect(reassignParamsSchema.parse({ site: "x", mentor: "'; drop", language: "ZULU!", after: "1", client: ["a", "b"] })).toEqual({});
  });
});
