// Checking a file's rows on more than one core (decision 049). A large import runs in the worker
// process, where the rows are read, checked and only then written: while JavaScript checks 50,000
// rows the database waits, so the checking is the import's one step that more cores shorten. The
// reading thread splits the rows into batches and hands them to worker threads (row-worker.ts),
// checking a batch itself whenever they are all busy; each thread has a RowContext of its own
// built from the same plain data. The answers are put back in file order, so the result is the
// one a single thread gives (the tests compare them). Small files (checked inside the upload
// request) use no thread.
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { RawRow } from "@/lib/imports/parse";
import { checkRows, rowContext, type CheckedRows, type RowSource } from "@/lib/imports/rows";

/** Rows per batch: big enough that posting it costs little next to checking it. */
export const BATCH_ROWS = 1000;

export type Columns = readonly (string | null)[];
export type RowCheckers = {
  /** Checks one batch. Answers may come in any order: the caller keeps them in file order. */
  check(rows: RawRow[], columns: Columns): Promise<CheckedRows>;
  close(): Promise<void>;
};

/** Extra threads the worker process gives an import's checking: every core but the reading one's. */
export function validationThreads(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

/** Batches checked on this thread only. */
export function inlineCheckers(source: RowSource): RowCheckers {
  const ctx = rowContext(source.sites, source.languages, source.now);
  return { check: async (rows, columns) => checkRows(rows, columns, ctx), close: async () => {} };
}

/** What a worker thread (row-worker.ts) is started with, what goes to it and what comes back. */
export type ThreadData = Omit<RowSource, "now"> & { now: string };
export type Batch = { id: number; rows: RawRow[]; columns: Columns };
export type Answer = { id: number } & CheckedRows;

/**
 * The worker threads run TypeScript like the worker process does: tsx's CommonJS hook, registered
 * inside the thread, loads row-worker.ts and its imports (the project's `@/` paths included).
 */
function startThread(source: RowSource): Worker {
  const file = path.join(__dirname, "row-worker.ts");
  const boot = `require("tsx/cjs"); require(${JSON.stringify(file)});`;
  return new Worker(boot, { eval: true, workerData: { ...source, now: source.now.toISOString() } satisfies ThreadData });
}

/** Batches a worker thread may hold (checking one, the others waiting) before this thread checks one itself. */
const AHEAD = 3;

/**
 * Batches shared between this thread and `threads` worker threads (started at once). A batch goes
 * to the least busy thread unless each already holds AHEAD, and is then checked here: while a
 * thread starts, or this one reads faster than the threads check, this one checks too - the share
 * of each follows how fast each is, not a fixed rotation. The first failure of a thread fails
 * every batch it held and every later one.
 */
export function threadedCheckers(source: RowSource, threads: number): RowCheckers {
  if (threads <= 0) return inlineCheckers(source);
  const own = inlineCheckers(source);
  const pending = new Map<number, { resolve: (r: CheckedRows) => void; reject: (e: unknown) => void }>();
  let failure: unknown = null;
  const fail = (err: unknown) => {
    failure ??= err;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  const workers = Array.from({ length: threads }, () => {
    const thread = { worker: startThread(source), holds: 0 };
    thread.worker.on("message", (a: Answer) => {
      thread.holds--;
      const p = pending.get(a.id);
      pending.delete(a.id);
      p?.resolve({ prepared: a.prepared, issues: a.issues });
    });
    thread.worker.on("error", fail);
    thread.worker.on("exit", (code) => fail(new Error(`an import row-checking thread stopped (exit code ${code})`)));
    return thread;
  });
  let next = 0;
  return {
    check(rows, columns) {
      if (failure) return Promise.reject(failure);
      const thread = workers.reduce((a, b) => (b.holds < a.holds ? b : a));
      if (thread.holds >= AHEAD) return own.check(rows, columns);
      const id = next++;
      thread.holds++;
      return new Promise<CheckedRows>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        thread.worker.postMessage({ id, rows, columns } satisfies Batch);
      });
    },
    async close() {
      for (const { worker } of workers) worker.removeAllListeners("exit");
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
