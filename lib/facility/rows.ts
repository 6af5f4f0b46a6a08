// The rows of a facility file (pure): which of the two layouts it is, and each row as a fact with
// the keys that find its client - or its problems, by row and column, as catalogue keys (never the
// cells' values). Two layouts:
//   facts:  client_ref, facility_number, fact, date, appointment_kind, result_date, copies
//           (one fact per row; lib/facility/facts.ts FACT_CODES names the facts)
//   visits: client_ref, facility_number, first_name, appointment_date, appointment_kind, attended
//           (the visit list the app hands out, sent back with "attended" filled in: yes / no)
import { isIsoDate } from "@/lib/calls/calendar";
import { APPOINTMENT_KINDS } from "@/lib/clients/schemas";
import { FACT_CODES, dateProblem, factSchema, parseCopies, type Fact, type MatchKeys } from "@/lib/facility/facts";

export const FACT_COLUMNS = ["client_ref", "facility_number", "fact", "date", "appointment_kind", "result_date", "copies"] as const;
export const VISIT_COLUMNS = ["client_ref", "facility_number", "first_name", "appointment_date", "appointment_kind", "attended"] as const;
export type Layout = "facts" | "visits";

export type RowIssue = { row: number; column: string | null; key: string; params?: Record<string, string | number> };

export function normaliseHeader(cell: string): string {
  return cell.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

export type Header = { layout: Layout; index: ReadonlyMap<string, number> };

/** The layout the header names; unknown or missing columns are one problem on row 1. */
export function readHeader(cells: readonly string[]): Header | { issues: RowIssue[] } {
  const names = cells.map(normaliseHeader);
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (n && !index.has(n)) index.set(n, i);
  });
  const layout: Layout = index.has("attended") && !index.has("fact") ? "visits" : "facts";
  const expected: readonly string[] = layout === "visits" ? VISIT_COLUMNS : FACT_COLUMNS;
  const unknown = names.filter((n) => n && !expected.includes(n));
  const required = layout === "visits" ? ["appointment_date", "attended"] : ["fact", "date"];
  const missing = required.filter((c) => !index.has(c));
  const keyMissing = !index.has("client_ref") && !index.has("facility_number");
  const issues: RowIssue[] = [];
  if (unknown.length) issues.push({ row: 1, column: null, key: "unknownColumns", params: { columns: unknown.join(", ") } });
  if (missing.length) issues.push({ row: 1, column: null, key: "missingColumns", params: { columns: missing.join(", ") } });
  if (keyMissing) issues.push({ row: 1, column: null, key: "missingColumns", params: { columns: "client_ref / facility_number" } });
  return issues.length ? { issues } : { layout, index };
}

const YES = new Set(["yes", "y", "1", "true", "attended", "sim", "oui"]);
const NO = new Set(["no", "n", "0", "false", "missed", "não", "nao", "non"]);

export type ParsedRow = { row: number; keys: MatchKeys; fact: Fact };

/**
 * One row as a fact; `null` for a blank row (and, in the visit layout, a visit with no answer yet:
 * nothing to record). Problems name their column.
 */
export function parseRow(h: Header, row: number, cells: readonly string[]): ParsedRow | { issues: RowIssue[] } | null {
  const cell = (c: string) => {
    const i = h.index.get(c);
    return i === undefined ? "" : (cells[i] ?? "").trim();
  };
  if (cells.every((c) => !c || !c.trim())) return null;
  const issues: RowIssue[] = [];
  const problem = (column: string, key: string) => issues.push({ row, column, key });
  const keys: MatchKeys = { ref: cell("client_ref") || null, facilityNumber: cell("facility_number") || null };
  if (!keys.ref && !keys.facilityNumber) problem("client_ref", "noClientKey");
  if (keys.ref && keys.ref.length > 32) problem("client_ref", "invalidValue");
  if (keys.facilityNumber && keys.facilityNumber.length > 40) problem("facility_number", "invalidValue");

  const kindCell = cell("appointment_kind").toUpperCase().replace(/[\s/-]+/g, "_");
  const kind = kindCell ? (APPOINTMENT_KINDS as readonly string[]).includes(kindCell) ? (kindCell as (typeof APPOINTMENT_KINDS)[number]) : null : undefined;
  if (kind === null) problem("appointment_kind", "unknownKind");
  const date = (column: string, required: boolean): string | undefined => {
    const v = cell(column);
    if (!v) {
      if (required) problem(column, "required");
      return undefined;
    }
    if (!isIsoDate(v)) {
      problem(column, "invalidDate");
      return undefined;
    }
    return v;
  };

  let candidate: Record<string, unknown> | null = null;
  if (h.layout === "visits") {
    const answer = cell("attended").toLowerCase();
    if (!answer) return issues.length && !(keys.ref || keys.facilityNumber) ? { issues } : null;
    const d = date("appointment_date", true);
    if (YES.has(answer)) candidate = { fact: "ATTENDED", date: d, kind: kind ?? undefined };
    else if (NO.has(answer)) candidate = { fact: "MISSED", date: d, kind: kind ?? undefined };
    else problem("attended", "unknownAnswer");
  } else {
    const code = FACT_CODES[cell("fact").toLowerCase().replace(/[\s-]+/g, "_")];
    const d = date("date", true);
    if (!code) problem("fact", cell("fact") ? "unknownFact" : "required");
    else if (code === "VL_RESULT") {
      const copiesCell = cell("copies");
      const copies = copiesCell ? parseCopies(copiesCell) : null;
      if (!copiesCell) problem("copies", "required");
      else if (copies === null) problem("copies", "invalidCopies");
      // An unknown result date is taken as the sample date (as the client import does).
      const resultDate = date("result_date", false) ?? d;
      candidate = { fact: code, date: d, resultDate, copies };
    } else if (code === "NEXT_APPOINTMENT") {
      if (kind === undefined) problem("appointment_kind", "required");
      candidate = { fact: code, date: d, kind: kind ?? undefined };
    } else if (code === "ATTENDED" || code === "MISSED") {
      candidate = { fact: code, date: d, kind: kind ?? undefined };
    } else {
      candidate = { fact: code, date: d };
    }
  }
  if (issues.length || !candidate) return { issues };
  const parsed = factSchema.safeParse(candidate);
  if (!parsed.success) return { issues: [{ row, column: null, key: "invalidValue" }] };
  return { row, keys, fact: parsed.data };
}

/** A fact's dates against the site's today, as a row problem. */
export function rowDateIssue(p: ParsedRow, today: string, layout: Layout): RowIssue | null {
  const d = dateProblem(p.fact, today);
  if (!d) return null;
  const column = d.field === "resultDate" ? "result_date" : layout === "visits" ? "appointment_date" : "date";
  return { row: p.row, column, key: d.key };
}
