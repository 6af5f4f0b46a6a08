// The Mentor Mother's queue, the pure part (issue 5): the safe-to-call window test, whether a task
// can be called now, the order of the list, the day's progress and the filters. No I/O and nothing
// heavy: the queue page's client component imports it, and the server read (lib/calls/queue.ts)
// and the "next call" claim (lib/calls/claim.ts, through lib/calls/queue-sql.ts) follow the same rules.
import type { QueueFilter, QueueItem, QueueProgress } from "@/lib/calls/queue-types";
import { isFinishedTask, isOpenTask } from "@/lib/calls/task-status";

type Status = QueueItem["status"];

/** Still waiting for a call (lib/calls/task-status.ts, light enough for the browser). */
export function isOpen(status: Status): boolean {
  return isOpenTask(status);
}

/**
 * Is `minute` (after local midnight) inside the safe window [from, to)? A missing bound means "any
 * time"; from > to wraps midnight (20:00-06:00 = evenings and nights); from = to is a window of no
 * length, never safe. The SQL twin is safeNowSql in lib/calls/queue-sql.ts.
 */
export function inSafeWindow(minute: number, from: number | null, to: number | null): boolean {
  if (from === null || to === null) return true;
  if (from <= to) return minute >= from && minute < to;
  return minute >= from || minute < to;
}

/** The retry time has come (no retry time = now). */
export function isDue(nextAttemptAt: string | null, now: Date): boolean {
  return nextAttemptAt === null || Date.parse(nextAttemptAt) <= now.getTime();
}

/** Why an open task cannot be called now, most decisive first; null = it can be called now (or it
 * is finished, which is not a reason to wait). */
export type Wait = "colleague" | "noPhone" | "retryLater" | "outsideSafeHours";

export function waitReason(
  item: Pick<QueueItem, "status" | "claimedByOther" | "hasPhone" | "nextAttemptAt" | "safeFromMinute" | "safeToMinute">,
  now: Date,
  nowMinute: number,
): Wait | null {
  if (!isOpen(item.status)) return null;
  if (item.claimedByOther) return "colleague";
  if (!item.hasPhone) return "noPhone";
  if (!isDue(item.nextAttemptAt, now)) return "retryLater";
  if (!inSafeWindow(nowMinute, item.safeFromMinute, item.safeToMinute)) return "outsideSafeHours";
  return null;
}

/** Open, not held by a colleague, a working phone, due, inside its safe hours. */
export function isCallableNow(item: Parameters<typeof waitReason>[0], now: Date, nowMinute: number): boolean {
  return isOpen(item.status) && waitReason(item, now, nowMinute) === null;
}

/** A claim a colleague holds and has not abandoned (claimed within `ttlMinutes`). */
export function isClaimedByOther(
  task: { status: Status; claimedById: string | null; claimedAt: Date | null },
  userId: string,
  now: Date,
  ttlMinutes: number,
): boolean {
  return (
    task.status === "CLAIMED" &&
    task.claimedById !== null &&
    task.claimedById !== userId &&
    task.claimedAt !== null &&
    task.claimedAt.getTime() >= now.getTime() - ttlMinutes * 60_000
  );
}

/** 0 = callable now, 1 = open but waiting, 2 = finished. */
export function queueGroup(item: Pick<QueueItem, "callableNow" | "status">): 0 | 1 | 2 {
  if (!isOpen(item.status)) return 2;
  return item.callableNow ? 0 : 1;
}

/**
 * The list as she works it: callable now, then open but waiting, then finished; within each group
 * the queue order (`rank`: priority, then longest since last reached - never reached first - then
 * client, as read from the database). Stable; returns a new array.
 */
export function orderQueue<T extends Pick<QueueItem, "callableNow" | "status" | "rank">>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => queueGroup(a) - queueGroup(b) || a.rank - b.rank);
}

/** done = DONE + ESCALATED + CANCELLED; to do = PENDING + CLAIMED; retry later = RETRY_LATER.
 * CARRIED_OVER (moved to a later day) counts nowhere. */
export function progressOf(items: readonly Pick<QueueItem, "status">[]): QueueProgress {
  const p: QueueProgress = { done: 0, toDo: 0, retryLater: 0 };
  for (const { status } of items) {
    if (isFinishedTask(status)) p.done += 1;
    else if (status === "PENDING" || status === "CLAIMED") p.toDo += 1;
    else if (status === "RETRY_LATER") p.retryLater += 1;
  }
  return p;
}

export const QUEUE_FILTERS: readonly QueueFilter[] = ["all", "notCalled", "retryDue", "callbacks"];

/** all; not yet called (no attempt, still open); retry due now (RETRY_LATER whose time has come);
 * callbacks (she or the client asked for a call back). */
export function matchesFilter(item: Pick<QueueItem, "status" | "attempts" | "nextAttemptAt" | "callback">, filter: QueueFilter, now: Date): boolean {
  switch (filter) {
    case "all":
      return true;
    case "notCalled":
      return item.attempts === 0 && isOpen(item.status);
    case "retryDue":
      return item.status === "RETRY_LATER" && isDue(item.nextAttemptAt, now);
    case "callbacks":
      return item.callback;
  }
}

/** Recomputes what depends on the clock (callableNow) and the order, for the items as the cache
 * holds them now (the outcome form changes statuses optimistically). */
export function refreshQueue<T extends QueueItem>(items: readonly T[], now: Date, nowMinute: number): T[] {
  return orderQueue(items.map((i) => ({ ...i, callableNow: isCallableNow(i, now, nowMinute) })));
}
