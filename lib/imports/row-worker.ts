// A worker thread of row-checkers.ts: builds its RowContext once from the plain data it was started
// with, then checks each batch it is sent and answers with the batch's id.
import { parentPort, workerData } from "node:worker_threads";
import { checkRows, rowContext } from "@/lib/imports/rows";
import type { Answer, Batch, ThreadData } from "@/lib/imports/row-checkers";

const source = workerData as ThreadData;
const ctx = rowContext(source.sites, source.languages, new Date(source.now));

parentPort!.on("message", (m: Batch) => {
  parentPort!.postMessage({ id: m.id, ...checkRows(m.rows, m.columns, ctx) } satisfies Answer);
});
