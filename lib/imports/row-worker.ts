// A worker thread of row-checkers.ts: builds its RowContext once from the plain data it was started
// with, then checks each batch it is sent and answers with the batch's id.
import { parentPort, workerData } from "node:worker_threads";
import { checkRows, rowContext, type RowSource } from "@/lib/imports/rows";
import type { RawRow } from "@/lib/imports/parse";

const source = workerData as Omit<RowSource, "now"> & { now: string };
const ctx = rowContext(source.sites, source.languages, new Date(source.now));

parentPort!.on("message", (m: { id: number; rows: RawRow[]; columns: (string | null)[] }) => {
  parentPort!.postMessage({ id: m.id, ...checkRows(m.rows, m.columns, ctx) });
});
