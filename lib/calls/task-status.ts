// The states of a call task, written once (architecture.md, convention 12). Pure and light: the
// queue's client component, the rules and the SQL statements all take the lists from here, and
// the lists are checked against the database enum (Prisma's TaskStatus) at compile time.
// Transitions - who may move a task from one state to another - live in lib/calls/tasks.ts.
import type { TaskStatus as DbTaskStatus } from "@/lib/generated/prisma/enums";

/** Every state, in the order a task usually goes through them. */
export const TASK_STATUSES = ["PENDING", "CLAIMED", "RETRY_LATER", "DONE", "ESCALATED", "CANCELLED", "CARRIED_OVER"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Still waiting for a call: what a Mentor Mother can work, what generation carries over. */
export const OPEN_TASK_STATUSES = ["PENDING", "CLAIMED", "RETRY_LATER"] as const satisfies readonly TaskStatus[];
export type OpenTaskStatus = (typeof OPEN_TASK_STATUSES)[number];

/** Finished on its day: reached or answered (DONE), handed to the supervisor (ESCALATED), stopped
 * (CANCELLED). CARRIED_OVER is neither: the task's reasons went on to a later day's task. */
export const FINISHED_TASK_STATUSES = ["DONE", "ESCALATED", "CANCELLED"] as const satisfies readonly TaskStatus[];

// The lists above must name exactly the database's states.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameAsDatabase: Same<TaskStatus, DbTaskStatus> = true;
void sameAsDatabase;

const OPEN: ReadonlySet<string> = new Set(OPEN_TASK_STATUSES);
const FINISHED: ReadonlySet<string> = new Set(FINISHED_TASK_STATUSES);

export function isOpenTask(status: TaskStatus): status is OpenTaskStatus {
  return OPEN.has(status);
}

export function isFinishedTask(status: TaskStatus): boolean {
  return FINISHED.has(status);
}

/** `'PENDING', 'CLAIMED', 'RETRY_LATER'`: the open states as SQL literals, for statements that
 * must write them out (a partial index's predicate is only used when the query repeats it
 * literally; a parameter would hide it from the planner). */
export const OPEN_STATUSES_SQL = OPEN_TASK_STATUSES.map((s) => `'${s}'`).join(", ");
