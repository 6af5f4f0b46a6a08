import { applyOutcomeResult, markSaving } from "@/lib/calls/outcome-cache";
import type { Queue, QueueItem } from "@/lib/calls/queue-types";
import { queueItem } from "./fixtures/queue-item";

// Ana, priority 8, rank 1 unless said otherwise.
const item = (id: string, over: Partial<QueueItem> = {}): QueueItem =>
  queueItem({ id, firstName: "Ana", language: "pt", priority: 8, rank: 1, ...over });

const queue = (items: QueueItem[]): Queue => ({
  day: "2026-03-10",
  site: null,
  workingDay: true,
  worksToday: true,
  nowMinute: 600,
  readAt: "2026-03-10T10:00:00.000Z",
  progress: { done: 0, toDo: items.length, retryLater: 0 },
  items,
});

const now = new Date("2026-03-10T10:00:00Z");

describe("markSaving", () => {
  it("marks only that task, and nothing more", () => {
    const q = queue([item("a"), item("b")]);
    const next = markSaving(q, "a", true)!;
    expect(next.items[0]).toEqual({ ...q.items[0], saving: true });
    expect(next.items[1]).toBe(q.items[1]);
    expect(next.progress).toEqual(q.progress);
    expect(q.items[0]!.saving).toBeUndefined();
  });
  it("leaves an empty cache or an unknown task alone", () => {
    expect(markSaving(undefined, "a", true)).toBeUndefined();
    const q = queue([item("a")]);
    expect(markSaving(q, "zzz", true)).toBe(q);
  });
});

describe("applyOutcomeResult", () => {
  it("a no answer: retry later, one attempt more, not callable before its time, progress recomputed", () => {
    const q = markSaving(queue([item("a"), item("b")]), "a", true);
    const next = applyOutcomeResult(
      q,
      { attemptId: "x", taskId: "a", disposition: "NO_ANSWER", taskStatus: "RETRY_LATER", nextAttemptAt: "2026-03-10T12:00:00.000Z" },
      { correction: false, now },
    )!;
    expect(next.items[0]).toMatchObject({ status: "RETRY_LATER", attempts: 1, nextAttemptAt: "2026-03-10T12:00:00.000Z", saving: false, callableNow: false });
    expect(next.progress).toEqual({ done: 0, toDo: 1, retryLater: 1 });
  });
  it("reached: done", () => {
    const next = applyOutcomeResult(queue([item("a")]), { attemptId: "x", taskId: "a", disposition: "REACHED", taskStatus: "DONE", nextAttemptAt: null }, { correction: false, now })!;
    expect(next.items[0]).toMatchObject({ status: "DONE", attempts: 1, callableNow: false });
    expect(next.progress).toEqual({ done: 1, toDo: 0, retryLater: 0 });
  });
  it("a correction does not count as another attempt", () => {
    const next = applyOutcomeResult(
      queue([item("a", { status: "DONE", attempts: 1, callableNow: false })]),
      { attemptId: "y", taskId: "a", disposition: "BUSY", taskStatus: "RETRY_LATER", nextAttemptAt: null },
      { correction: true, now },
    )!;
    expect(next.items[0]).toMatchObject({ status: "RETRY_LATER", attempts: 1 });
  });
  it("leaves an empty cache alone", () => {
    expect(applyOutcomeResult(undefined, { attemptId: "x", taskId: "a", disposition: "BUSY", taskStatus: "RETRY_LATER", nextAttemptAt: null }, { correction: false, now })).toBeUndefined();
  });
});
