// The Mentor Mother's queue as the browser holds it (issue 5): what GET /api/queue answers, what
// the queue page renders and what the call screen's outcome form updates optimistically. Plain JSON
// (dates as ISO strings), shared by the server read (lib/calls/queue.ts) and the client components.
import type { TaskStatus } from "@/lib/generated/prisma/enums";

/** The TanStack Query key of today's queue: one key, so the list and the outcome form share a cache. */
export const QUEUE_QUERY_KEY = ["queue"] as const;

export type QueueFilter = "all" | "notCalled" | "retryDue" | "callbacks";

export type QueueItem = {
  id: string;
  firstName: string;
  /** What tells two clients of one first name apart at a glance (no health detail): the initial of
   * her surname, her age in years on the day, her youngest named infant's first name. */
  surnameInitial: string;
  age: number;
  infantName: string | null;
  /** The client's recorded sex (FEMALE, MALE, OTHER, UNKNOWN): the wording follows it. */
  sex: string;
  /** The client's preferred language (a code such as "en", "pt", "ny"). */
  language: string;
  reasons: string[];
  priority: number;
  status: TaskStatus;
  attempts: number;
  /** When a retry may be made (RETRY_LATER); null = now. */
  nextAttemptAt: string | null;
  /** Safe-to-call window of the phone that would be called, minutes after local midnight; null = any time. */
  safeFromMinute: number | null;
  safeToMinute: number | null;
  /** A working phone exists. */
  hasPhone: boolean;
  /** Open (PENDING / RETRY_LATER / CLAIMED by her or abandoned), due now, inside safe hours, not held by a colleague. */
  callableNow: boolean;
  /** A colleague holds a live claim on it (cover). */
  claimedByOther: boolean;
  /** She or the client asked for a call back (a CALLBACK_REQUESTED attempt, or "callback" among the reasons). */
  callback: boolean;
  /** Position in queue order (priority, then longest since last reached - never reached first -
   * then client); the list shows callable-now tasks first, then waiting ones, then finished ones,
   * each group in this order (lib/calls/queue-rules.ts orderQueue). */
  rank: number;
  /** Set by the outcome form between tapping and the server's answer. */
  saving?: boolean;
};

export type QueueProgress = { done: number; toDo: number; retryLater: number };

export type Queue = {
  /** The site-local day (YYYY-MM-DD). */
  day: string;
  site: { id: string; name: string; timeZone: string } | null;
  workingDay: boolean;
  worksToday: boolean;
  /** Minutes after midnight in the site's time zone when this was read (for "outside safe hours"). */
  nowMinute: number;
  /** When the server read it (ISO). */
  readAt: string;
  progress: QueueProgress;
  /** Open tasks callable now first (priority order), then open tasks not callable now, then finished ones. */
  items: QueueItem[];
};
