// The back-check sample (lib/back-checks/rules.ts): reproducible (the same calls for the same
// week whatever the order or the run), stable when drawn again, at most the week's count per
// Mentor Mother, only reached calls of active clients; the week helpers and the share.
import { createHash } from "node:crypto";
import { drawSample, sampleKey, shareConfirmed, weekOf, weekToDraw, type SampleCandidate } from "@/lib/back-checks/rules";
import { rng } from "../random";

function uuidFrom(r: ReturnType<typeof rng>): string {
  const h = Array.from({ length: 32 }, () => "0123456789abcdef"[r.int(0, 15)]).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
}

function candidates(seed: number, n = 200): SampleCandidate[] {
  const r = rng(seed);
  const mentors = ["m1", "m2", "m3", "m4"];
  const weeks = ["2026-11-23", "2026-11-30"];
  return Array.from({ length: n }, () => ({
    attemptId: uuidFrom(r), mentorId: r.pick(mentors), week: r.pick(weeks), reached: r.chance(0.7), clientActive: r.chance(0.9),
  }));
}

describe("weeks", () => {
  it("the ISO week starts on Monday; the week drawn is the last full one", () => {
    expect(weekOf("2026-12-06")).toBe("2026-11-30"); // Sunday
    expect(weekOf("2026-12-07")).toBe("2026-12-07"); // Monday
    expect(weekToDraw("2026-12-07")).toBe("2026-11-30");
    expect(weekToDraw("2026-12-13")).toBe("2026-11-30");
  });
});

describe("drawSample", () => {
  it("uses md5(week:id), as the SQL does", () => {
    expect(sampleKey("2026-11-30", "abc")).toBe(createHash("md5").update("2026-11-30:abc").digest("hex"));
  });

  it("is reproducible: the same calls whatever the order of the input", () => {
    const c = candidates(1);
    const a = drawSample(c, [], 2);
    const b = drawSample([...c].reverse(), [], 2);
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(0);
  });

  it("respects the count per Mentor Mother and week, and takes only reached calls of active clients", () => {
    for (const perWeek of [0, 1, 2, 5]) {
      const c = candidates(7);
      const picked = new Set(drawSample(c, [], perWeek));
      const byGroup = new Map<string, number>();
      for (const x of c) {
        if (!picked.has(x.attemptId)) continue;
        expect(x.reached && x.clientActive).toBe(true);
        byGroup.set(`${x.mentorId}|${x.week}`, (byGroup.get(`${x.mentorId}|${x.week}`) ?? 0) + 1);
      }
      for (const [group, n] of byGroup) {
        const eligible = c.filter((x) => `${x.mentorId}|${x.week}` === group && x.reached && x.clientActive).length;
        expect(n).toBe(Math.min(perWeek, eligible));
      }
      if (perWeek === 0) expect(picked.size).toBe(0);
    }
  });

  it("picks the lowest keys of each group (a random-looking but fixed order)", () => {
    const c = candidates(3).filter((x) => x.reached && x.clientActive && x.mentorId === "m1" && x.week === "2026-11-23");
    const picked = drawSample(c, [], 2);
    const expected = [...c].sort((a, b) => (sampleKey(a.week, a.attemptId) < sampleKey(b.week, b.attemptId) ? -1 : 1)).slice(0, 2).map((x) => x.attemptId).sort();
    expect(picked).toEqual(expected);
  });

  it("is stable under re-run: drawing again with the draws added adds nothing", () => {
    const c = candidates(11);
    const first = drawSample(c, [], 2);
    const drawn = c.filter((x) => first.includes(x.attemptId)).map((x) => ({ attemptId: x.attemptId, mentorId: x.mentorId, week: x.week }));
    expect(drawSample(c, drawn, 2)).toEqual([]);
    // A larger count later only tops the weeks up: the first draw stays, new calls are added.
    const more = drawSample(c, drawn, 3);
    expect(more.some((id) => first.includes(id))).toBe(false);
  });

  it("a drawn call whose client left keeps its place: nothing is drawn in its stead", () => {
    const c = candidates(5);
    const first = drawSample(c, [], 2);
    const drawn = c.filter((x) => first.includes(x.attemptId)).map((x) => ({ attemptId: x.attemptId, mentorId: x.mentorId, week: x.week }));
    const changed = c.map((x) => (x.attemptId === first[0] ? { ...x, clientActive: false } : x));
    expect(drawSample(changed, drawn, 2)).toEqual([]);
  });
});

describe("shareConfirmed", () => {
  it("confirmed out of the answered ones; none answered = no share", () => {
    expect(shareConfirmed({ confirmed: 3, notConfirmed: 1 })).toBe(0.75);
    expect(shareConfirmed({ confirmed: 0, notConfirmed: 0 })).toBeNull();
  });
});
