// The coverage definitions (lib/coverage/definitions.ts): what is due, attempted and reached when
// tasks are carried over, cancelled or moved, what a corrected call counts as, and the periods.
import {
  belowGoal, capacityUsed, compareWorstFirst, coverageByMentorDay, daysOf, effectiveCalls, emptyFigures, isDueTask,
  mentorDayKey, noCallYet, notReachedFor, periodRange, previousPeriod, reachRate, sumFigures,
  type CoverageCall, type CoverageTask,
} from "@/lib/coverage/definitions";

const A = "aaaaaaaa-0000-4000-8000-000000000001";
const B = "bbbbbbbb-0000-4000-8000-000000000002";
const NAIROBI = "Africa/Nairobi";
const at = (iso: string) => new Date(iso);

let n = 0;
const call = (over: Partial<CoverageCall> & Pick<CoverageCall, "taskId" | "disposition">): CoverageCall => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
  mentorId: A,
  createdAt: at("2026-06-10T07:00:00Z"),
  correctsId: null,
  ...over,
});
const task = (id: string, status: CoverageTask["status"], over: Partial<CoverageTask> = {}): CoverageTask => ({ id, mentorId: A, day: "2026-06-10", status, ...over });
const mentors = [{ id: A, timeZone: NAIROBI, from: "2026-06-01", to: "2026-06-30" }, { id: B, timeZone: NAIROBI, from: "2026-06-01", to: "2026-06-30" }];

describe("effective disposition of a call", () => {
  test("a call counts through its latest correction; a correction is not a call", () => {
    const c = call({ taskId: "t1", disposition: "REACHED" });
    const fix1 = call({ taskId: "t1", disposition: "NO_ANSWER", correctsId: c.id, createdAt: at("2026-06-10T08:00:00Z") });
    const fix2 = call({ taskId: "t1", disposition: "BUSY", correctsId: c.id, createdAt: at("2026-06-10T09:00:00Z") });
    const out = effectiveCalls([fix2, c, fix1]);
    expect(out).toHaveLength(1);
    expect(out[0]!.effective).toBe("BUSY");
  });

  test("same instant: the larger id wins; a correction of a correction changes nothing", () => {
    const c = call({ taskId: "t1", disposition: "NO_ANSWER" });
    const x = call({ taskId: "t1", disposition: "REACHED", correctsId: c.id, createdAt: at("2026-06-10T08:00:00Z"), id: "00000000-0000-4000-8000-00000000aaaa" });
    const y = call({ taskId: "t1", disposition: "BUSY", correctsId: c.id, createdAt: at("2026-06-10T08:00:00Z"), id: "00000000-0000-4000-8000-00000000bbbb" });
    const z = call({ taskId: "t1", disposition: "OPTED_OUT", correctsId: y.id, createdAt: at("2026-06-10T09:00:00Z") });
    expect(effectiveCalls([c, x, y, z]).map((r) => r.effective)).toEqual(["BUSY"]);
  });
});

describe("what is due", () => {
  test("cancelled without a call is not due; every other state is", () => {
    expect(isDueTask("CANCELLED", 0)).toBe(false);
    expect(isDueTask("CANCELLED", 1)).toBe(true);
    for (const s of ["PENDING", "CLAIMED", "RETRY_LATER", "DONE", "ESCALATED", "CARRIED_OVER"] as const) expect(isDueTask(s, 0)).toBe(true);
  });

  test("a day of tasks: due, attempted, reached, carried over, escalated, and the calls", () => {
    const tasks = [
      task("t1", "DONE"),
      task("t2", "CARRIED_OVER"),
      task("t3", "ESCALATED"),
      task("t4", "CANCELLED"), // cancelled unworked: not due
      task("t5", "CANCELLED"), // opted out on the phone: due, attempted
      task("t6", "DONE", { mentorId: B }), // reassigned mid-day: counts for B, though A called first
    ];
    const calls = [
      call({ taskId: "t1", disposition: "NO_ANSWER" }),
      call({ taskId: "t1", disposition: "REACHED", createdAt: at("2026-06-10T10:00:00Z") }),
      call({ taskId: "t3", disposition: "WRONG_NUMBER" }),
      call({ taskId: "t5", disposition: "OPTED_OUT" }),
      call({ taskId: "t6", disposition: "NO_ANSWER" }),
      call({ taskId: "t6", disposition: "REACHED", mentorId: B }),
    ];
    const out = coverageByMentorDay({ mentors, tasks, calls });
    const a = out.get(mentorDayKey(A, "2026-06-10"))!;
    expect({ due: a.due, attempted: a.attempted, reached: a.reached, carriedOver: a.carriedOver, escalated: a.escalated }).toEqual({
      due: 4, attempted: 3, reached: 1, carriedOver: 1, escalated: 1,
    });
    expect({ calls: a.calls, optOuts: a.optOuts, wrongNumbers: a.wrongNumbers }).toEqual({ calls: 5, optOuts: 1, wrongNumbers: 1 });
    expect(a.byDisposition.NO_ANSWER).toBe(2);
    const b = out.get(mentorDayKey(B, "2026-06-10"))!;
    expect({ due: b.due, attempted: b.attempted, reached: b.reached, calls: b.calls }).toEqual({ due: 1, attempted: 1, reached: 1, calls: 1 });
  });

  test("a call corrected away from reached stops counting as reached; one corrected to reached starts", () => {
    const c1 = call({ taskId: "t1", disposition: "REACHED" });
    const c2 = call({ taskId: "t2", disposition: "NO_ANSWER" });
    const calls = [c1, c2, call({ taskId: "t1", disposition: "NO_ANSWER", correctsId: c1.id }), call({ taskId: "t2", disposition: "REACHED", correctsId: c2.id })];
    const f = coverageByMentorDay({ mentors, tasks: [task("t1", "DONE"), task("t2", "DONE")], calls }).get(mentorDayKey(A, "2026-06-10"))!;
    expect(f.reached).toBe(1);
    expect(f.calls).toBe(2);
    expect(f.byDisposition).toMatchObject({ REACHED: 1, NO_ANSWER: 1 });
  });

  test("a call's day is her site's local day; days outside her period do not count", () => {
    // 22:30 UTC on the 9th is 01:30 on the 10th in Nairobi.
    const calls = [call({ taskId: "t1", disposition: "BUSY", createdAt: at("2026-06-09T22:30:00Z") })];
    const out = coverageByMentorDay({ mentors: [{ id: A, timeZone: NAIROBI, from: "2026-06-10", to: "2026-06-10" }], tasks: [task("t1", "PENDING"), task("t0", "DONE", { day: "2026-06-09" })], calls });
    expect([...out.keys()]).toEqual([mentorDayKey(A, "2026-06-10")]);
    expect(out.get(mentorDayKey(A, "2026-06-10"))!.calls).toBe(1);
  });
});

describe("rates, goals and order", () => {
  test("reach rate, below goal, capacity", () => {
    expect(reachRate({ due: 0, reached: 0 })).toBeNull();
    expect(reachRate({ due: 4, reached: 3 })).toBe(0.75);
    expect(belowGoal({ due: 4, reached: 3 }, 80)).toBe(true);
    expect(belowGoal({ due: 5, reached: 4 }, 80)).toBe(false);
    expect(belowGoal({ due: 0, reached: 0 }, 80)).toBe(false);
    expect(capacityUsed(60, 40, 2)).toBe(0.75);
    expect(capacityUsed(0, 40, 0)).toBeNull();
  });

  test("worst first: lowest rate, nothing due last, then most due, then name", () => {
    const row = (name: string, due: number, reached: number) => ({ name, figures: { due, reached } });
    const list = [row("Ama", 10, 9), row("Bea", 0, 0), row("Cia", 10, 5), row("Dee", 20, 10), row("Eve", 4, 4)];
    expect(list.sort(compareWorstFirst).map((r) => r.name)).toEqual(["Dee", "Cia", "Ama", "Eve", "Bea"]);
  });

  test("sums", () => {
    const a = emptyFigures();
    a.due = 2;
    a.byDisposition.BUSY = 1;
    const s = sumFigures([a, a]);
    expect(s.due).toBe(4);
    expect(s.byDisposition.BUSY).toBe(2);
  });
});

describe("no call yet by mid-morning, not reached", () => {
  test("only from 10:00 site time, and only without a call today", () => {
    const now = at("2026-06-10T07:30:00Z"); // 10:30 in Nairobi
    expect(noCallYet(null, at("2026-06-10T06:30:00Z"), NAIROBI)).toBe(false); // 09:30
    expect(noCallYet(null, now, NAIROBI)).toBe(true);
    expect(noCallYet(at("2026-06-09T20:00:00Z"), now, NAIROBI)).toBe(true); // 23:00 yesterday
    expect(noCallYet(at("2026-06-09T21:30:00Z"), now, NAIROBI)).toBe(false); // 00:30 today
  });

  test("not reached in 30 days: enrolled long enough, active, held", () => {
    const base = { status: "ACTIVE", mentorId: A, enrolmentDate: "2026-01-01", lastReachedAt: null as Date | null };
    expect(notReachedFor(base, "2026-06-10", 30, NAIROBI)).toBe(true);
    expect(notReachedFor({ ...base, enrolmentDate: "2026-05-20" }, "2026-06-10", 30, NAIROBI)).toBe(false);
    expect(notReachedFor({ ...base, status: "OPTED_OUT" }, "2026-06-10", 30, NAIROBI)).toBe(false);
    expect(notReachedFor({ ...base, mentorId: null }, "2026-06-10", 30, NAIROBI)).toBe(false);
    // The cut-off day is 2026-05-11 (site-local): reached on it is recent enough.
    expect(notReachedFor({ ...base, lastReachedAt: at("2026-05-10T21:30:00Z") }, "2026-06-10", 30, NAIROBI)).toBe(false);
    expect(notReachedFor({ ...base, lastReachedAt: at("2026-05-10T20:30:00Z") }, "2026-06-10", 30, NAIROBI)).toBe(true);
  });
});

describe("periods in a site's local days", () => {
  const today = "2026-06-10"; // a Wednesday
  test("each kind", () => {
    expect(periodRange("today", today)).toEqual({ from: today, to: today });
    expect(periodRange("yesterday", today)).toEqual({ from: "2026-06-09", to: "2026-06-09" });
    expect(periodRange("thisWeek", today)).toEqual({ from: "2026-06-08", to: today });
    expect(periodRange("thisWeek", "2026-06-14")).toEqual({ from: "2026-06-08", to: "2026-06-14" });
    expect(periodRange("last7", today)).toEqual({ from: "2026-06-04", to: today });
    expect(periodRange("last30", today)).toEqual({ from: "2026-05-12", to: today });
    expect(periodRange("range", today, { from: "2026-01-01", to: "2026-01-31" })).toEqual({ from: "2026-01-01", to: "2026-01-31" });
  });

  test("the previous period has the same length, just before", () => {
    expect(previousPeriod({ from: "2026-06-08", to: "2026-06-10" })).toEqual({ from: "2026-06-05", to: "2026-06-07" });
    expect(previousPeriod({ from: today, to: today })).toEqual({ from: "2026-06-09", to: "2026-06-09" });
    expect(daysOf({ from: "2026-02-27", to: "2026-03-01" })).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
  });
});
