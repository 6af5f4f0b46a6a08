// The report files: the enrolment report's table, the de-identified line list and the identified
// one. Each is scoped by the acting user like the pages (clientScopeSql), streamed through the
// shared writers (lib/exports/files.ts) and audited when it ends, with its filters and row count.
// `read` is dbRead (the replica when there is one); the audit row goes to the primary.
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, can, type Actor } from "@/lib/authz";
import { writeAudit, type AuditContext } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { exportFileName, fileResponse, type ExportFormat, type ExportTable } from "@/lib/exports/files";
import { pseudonymSettings, pseudonymSql } from "@/lib/exports/pseudonym";
import { ageBandOfYearsSql, yearsSql } from "@/lib/reports/enrolment-rules";
import { scopedClientsSql } from "@/lib/reports/enrolment-sql";
import { callClientReport, callReport, enrolmentReport, messageReport, outcomeReport, programmeReport, reportScope, scopeLabel, type ReportScope } from "@/lib/reports/queries";
import type { CellValue } from "@/lib/exports/neutralise";
import type { ResolvedFilters } from "@/lib/reports/schemas";

export type ExportKind = `${string}-report` | "line-list" | "line-list-identified";

export type ExportRequest = {
  format: ExportFormat;
  filters: ResolvedFilters;
  /** The request's day (YYYY-MM-DD): file name, age bands of the line list. */
  today: string;
  ctx: AuditContext;
};

type Dbs = { read: PrismaClient; write: PrismaClient };

function audited(dbs: Dbs, actor: Actor, kind: ExportKind, req: ExportRequest, extra: Record<string, unknown> = {}) {
  return async (rows: number, complete: boolean) => {
    try {
      await writeAudit(dbs.write, req.ctx, {
        action: `export.${kind}`,
        entityType: "export",
        meta: { kind, format: req.format, filters: req.filters.params, rows, complete, ...extra },
      });
    } catch (err) {
      log("error", "export.audit_failed", { kind, actor: actor.userId, error: err instanceof Error ? err.message : String(err) });
    }
  };
}

async function fileName(dbs: Dbs, actor: Actor, kind: ExportKind, req: ExportRequest, scope?: ReportScope): Promise<string> {
  return exportFileName(kind, scopeLabel(scope ?? (await reportScope(dbs.read, actor)), actor, req.filters), req.today, req.format);
}

/** A report table as a file: its figures, how they read as lines. */
export type ReportTable = {
  sheetName: string;
  /** The figures (the page's own read) as a header and lines; `names` holds the countries' and
   * sites' names by id. */
  table: (read: PrismaClient, actor: Actor, f: ResolvedFilters, names: Map<string, string>) => Promise<Pick<ExportTable, "header" | "rows">>;
};

/** The enrolment report's figures as a table (small: one line per dimension value). */
const enrolmentTable: ReportTable["table"] = async (read, actor, f, names) => ({
  header: ["dimension", "value", "new_enrolments", "new_enrolments_previous", "active_at_end", "active_at_end_previous", "exits", "exits_previous"],
  rows: (await enrolmentReport(read, actor, f)).map((l) => [
    l.dimension,
    l.key === null ? "all" : (names.get(l.key) ?? l.key),
    l.new, l.newPrevious, l.active, l.activePrevious, l.exits, l.exitsPrevious,
  ]),
});

type Figures = Record<string, unknown>;

/** Nested figures flattened to `a.b` keys (numbers, strings, null). */
function flatten(o: Figures, prefix = ""): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v !== null && typeof v === "object" && !(v instanceof Date)) Object.assign(out, flatten(v as Figures, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v instanceof Date ? v.toISOString() : typeof v === "boolean" ? String(v) : (v as CellValue);
  }
  return out;
}

/**
 * Any report function's result as a table, without a layout of its own: a list of records is one
 * line each; a record of records (e.g. { current: {...}, previous: {...} }, or one per group) is one
 * line per key with a column per inner figure; a flat record is one line per figure. An id of a
 * country or site in scope is written as its name.
 */
export function figuresTable(value: unknown, names: Map<string, string> = new Map()): Pick<ExportTable, "header" | "rows"> {
  const cell = (v: CellValue) => (typeof v === "string" && names.has(v) ? names.get(v)! : v);
  const asLines = (lines: [string | null, Record<string, CellValue>][]) => {
    const keys = [...new Set(lines.flatMap(([, l]) => Object.keys(l)))];
    const first = lines.some(([k]) => k !== null) ? ["row"] : [];
    return {
      header: [...first, ...keys],
      rows: lines.map(([k, l]) => [...(k === null ? [] : [k]), ...keys.map((key) => cell(l[key] ?? null))]),
    };
  };
  if (Array.isArray(value)) return asLines(value.map((v) => [null, flatten(v as Figures)]));
  const o = (value ?? {}) as Figures;
  const entries = Object.entries(o);
  if (entries.length > 0 && entries.every(([, v]) => v !== null && typeof v === "object" && !Array.isArray(v))) {
    return asLines(entries.map(([k, v]) => [k, flatten(v as Figures)]));
  }
  return { header: ["figure", "value"], rows: Object.entries(flatten(o)).map(([k, v]) => [k, cell(v)]) };
}

/** A report function of lib/reports/queries.ts as a downloadable table: one line to register. */
export function figures(sheetName: string, read: (db: PrismaClient, actor: Actor, f: ResolvedFilters) => Promise<unknown>): ReportTable {
  return { sheetName, table: async (db, actor, f, names) => figuresTable(await read(db, actor, f), names) };
}

/**
 * Every report table that downloads (GET /api/reports/<name>?format=csv|xlsx&<filters>), keyed by
 * the name in its URL, its file name (`<name>-report_...`) and its audit row (`export.<name>-report`).
 * Adding a table is one line here.
 */
export const REPORT_TABLES = {
  enrolment: { sheetName: "Enrolment", table: enrolmentTable },
  calls: figures("Calls", callReport),
  outcomes: figures("Outcomes", outcomeReport),
  "call-clients": figures("Clients called", async (db, actor, f) => (await callClientReport(db, actor, f)).rows),
  programme: figures("Programme", async (db, actor, f) => (await programmeReport(db, actor, f)).rows),
  messages: figures("Messages", async (db, actor, f) => (await messageReport(db, actor, f)).rows),
} satisfies Record<string, ReportTable>;

export type ReportTableName = keyof typeof REPORT_TABLES;

export function isReportTable(name: string): name is ReportTableName {
  return Object.hasOwn(REPORT_TABLES, name);
}

/** A report table as CSV or Excel, scoped like the page, audited when it ends. */
export async function reportTableFile(dbs: Dbs, actor: Actor, name: ReportTableName, req: ExportRequest): Promise<Response> {
  assertCan(actor, "reports.view");
  const def: ReportTable = REPORT_TABLES[name];
  const scope = await reportScope(dbs.read, actor);
  const names = new Map<string, string>([...scope.countries.map((c) => [c.id, c.name] as const), ...scope.sites.map((s) => [s.id, s.name] as const)]);
  const { current, previous } = req.filters;
  const kind: ExportKind = `${name}-report`;
  const table: ExportTable = {
    sheetName: def.sheetName,
    preamble: [`${def.sheetName} report ${current.from} to ${current.to}; previous period ${previous.from} to ${previous.to}. Programme figures from the eServices register.`],
    ...(await def.table(dbs.read, actor, req.filters, names)),
  };
  return fileResponse(req.format, await fileName(dbs, actor, kind, req, scope), table, audited(dbs, actor, kind, req));
}

/** The enrolment report's table (REPORT_TABLES.enrolment). */
export function enrolmentReportFile(dbs: Dbs, actor: Actor, req: ExportRequest): Promise<Response> {
  return reportTableFile(dbs, actor, "enrolment", req);
}

/** The clients a line list holds: those in scope and filters enrolled by the period's last day. */
function lineListFrom(actor: Actor, f: ResolvedFilters): Prisma.Sql {
  return Prisma.sql`${scopedClientsSql(actor, f, Prisma.sql`JOIN countries co ON co.id = s.country_id`)} AND c.enrolment_date <= ${f.current.to}::date`;
}

export const LINE_LIST_HEADER = [
  "pseudonymous_id", "country", "site", "category", "age_band", "enrolment_month", "status", "exit_reason", "language", "last_contact_month",
];

/** The de-identified line list SQL: no name, phone, date of birth, reference or free text. The
 * first column is the keyed hash of the client id (pseudonymSql), computed in PostgreSQL: the
 * statement needs the key in its transaction's settings (pseudonymSettings). */
export function lineListSql(actor: Actor, f: ResolvedFilters, today: string): Prisma.Sql {
  // Written into the statement (yearsSql takes SQL text): the server's own day, checked here.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error("lineListSql: today must be YYYY-MM-DD");
  return Prisma.sql`
    SELECT ${Prisma.raw(pseudonymSql("l.id"))}, l.country, l.site, l.category, ${Prisma.raw(ageBandOfYearsSql("l.years"))}, l.month, l.status, l.reason, l.language, l.contact
    FROM (
      SELECT c.id::text AS id, co.name AS country, s.name AS site, c.category::text AS category, ${Prisma.raw(yearsSql("c.date_of_birth", `'${today}'::date`))} AS years,
             to_char(c.enrolment_date, 'YYYY-MM') AS month, c.status::text AS status, c.status_reason_code AS reason, c.preferred_language AS language,
             to_char(c.last_reached_at AT TIME ZONE s.time_zone, 'YYYY-MM') AS contact
      ${lineListFrom(actor, f)}
      OFFSET 0
    ) l`;
}

export async function lineListFile(dbs: Dbs, actor: Actor, req: ExportRequest, key: string): Promise<Response> {
  assertCan(actor, "reports.view");
  const table: ExportTable = {
    sheetName: "Line list",
    header: LINE_LIST_HEADER,
    rows: { db: dbs.read, query: lineListSql(actor, req.filters, req.today), settings: pseudonymSettings(key) },
  };
  return fileResponse(req.format, await fileName(dbs, actor, "line-list", req), table, audited(dbs, actor, "line-list", req));
}

export const identifiedReasonSchema = z.string().trim().min(10, "tooShort|10").max(300, "tooLong|300");

export const IDENTIFIED_HEADER = [
  "reference", "first_name", "last_name", "date_of_birth", "sex", "phones", "country", "site", "category",
  "enrolment_date", "status", "exit_reason", "language", "last_contact_date",
];

export function identifiedListSql(actor: Actor, f: ResolvedFilters): Prisma.Sql {
  return Prisma.sql`
    SELECT c.ref, c.first_name, c.last_name, c.date_of_birth::text, c.sex::text,
           (SELECT string_agg(p.number, ' ' ORDER BY p.is_primary DESC, p.id) FROM client_phones p WHERE p.client_id = c.id AND p.status <> 'RETIRED'),
           co.name, s.name, c.category::text, c.enrolment_date::text, c.status::text, c.status_reason_code, c.preferred_language,
           ((c.last_reached_at AT TIME ZONE s.time_zone)::date)::text
    ${lineListFrom(actor, f)}`;
}

/**
 * The identified line list: only with the administrator's grant (exports.identified) and a typed
 * reason. Refused otherwise with nothing written but a denied-access log line. The file's first
 * line says who exported it, when and why; the audit row keeps the reason, filters and row count.
 */
export async function identifiedLineListFile(dbs: Dbs, actor: Actor, req: ExportRequest, reasonInput: unknown, now: Date): Promise<Response> {
  // Not found: the route wrapper records the refusal as it does every other (lib/audit.ts
  // recordDenial: the log line and the access.denied row), and nothing else is written.
  if (!can(actor, "exports.identified")) throw new AppError("NOT_FOUND", "NOT_FOUND");
  const reason = identifiedReasonSchema.safeParse(reasonInput);
  if (!reason.success) {
    log("warn", "access.denied", { route: "exports.identified", actor: actor.userId, code: "VALIDATION" });
    throw new AppError("VALIDATION", "VALIDATION", { reason: [reason.error.issues[0]?.message ?? "invalid"] });
  }
  const table: ExportTable = {
    sheetName: "Identified list",
    preamble: [`Identified line list exported by ${actor.name} (user ${actor.userId}) at ${now.toISOString()}. Reason: ${reason.data}. Confidential.`],
    header: IDENTIFIED_HEADER,
    rows: { db: dbs.read, query: identifiedListSql(actor, req.filters) },
  };
  return fileResponse(
    req.format,
    await fileName(dbs, actor, "line-list-identified", req),
    table,
    audited(dbs, actor, "line-list-identified", req, { reason: reason.data }),
  );
}
