// How the outcome form changes the queue the browser holds (TanStack Query, QUEUE_QUERY_KEY) around
// one recorded call (issue 5): pure functions of the cached Queue, so they are unit-tested and the
// form's mutation callbacks stay one line each. The server's answer is the truth; a refetch follows.
import type { Queue, QueueItem } from "@/lib/calls/queue-types";
import { isDue, isOpen, progressOf } from "@/lib/calls/queue-rules";

/** What recordOutcomeCommand / correctOutcomeCommand answer (lib/calls/record.ts RecordResult). */
export type OutcomeResult = {
  attemptId: string;
  taskId: string;
  disposition: string;
  taskStatus: QueueItem["status"];
  nextAttemptAt: string | null;
};

function mapTask(queue: Queue, taskId: string, f: (item: QueueItem) => QueueItem): Queue {
  if (!queue.items.some((i) => i.id === taskId)) return queue;
  const items = queue.items.map((i) => (i.id === taskId ? f(i) : i));
  return { ...queue, items, progress: progressOf(items) };
}

/** Between the tap and the server's answer: the task is marked as saving, nothing more (its next
 * state depends on the attempts of earlier days, which the browser does not hold). */
export function markSaving(queue: Queue | undefined, taskId: string, saving: boolean): Queue | undefined {
  return queue && mapTask(queue, taskId, (i) => ({ ...i, saving }));
}

/** The server's answer: the task's new status and retry time; one attempt more for a new call (a
 * correction replaces an attempt, it is not another call); no longer saving. */
export function applyOutcomeResult(queue: Queue | undefined, result: OutcomeResult, opts: { correction: boolean; now: Date }): Queue | undefined {
  return (
    queue &&
    mapTask(queue, result.taskId, (i) => {
      const next: QueueItem = {
        ...i,
        status: result.taskStatus,
        nextAttemptAt: result.nextAttemptAt,
        attempts: opts.correction ? i.attempts : i.attempts + 1,
        claimedByOther: false,
        saving: false,
      };
      // Only ever narrowed here (finished, or a retry time to come); the refetch recomputes the rest.
      return { ...next, callableNow: next.callableNow && isOpen(next.status) && isDue(next.nextAttemptAt, opts.now) };
    })
  );
}
