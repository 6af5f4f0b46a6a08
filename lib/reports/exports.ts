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
import { cursorRows } from "@/lib/exports/cursor";
import { exportFileName, fileResponse, type ExportFormat, type ExportTable } from "@/lib/exports/files";
import { pseudonymousId } from "@/lib/exports/pseudonym";
import { ageBandOfYearsSql, yearsSql } from "@/lib/reports/enrolment-rules";
import { scopedClientsSql } from "@/lib/reports/enrolment-sql";
import { enrolmentReport, reportScope, scopeLabel, type ReportScope } from "@/lib/reports/queries";
import type { ResolvedFilters } from "@/lib/reports/schemas";

export type ExportKind = "enrolment-report" | "line-list" | "line-list-identified";

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

/** The enrolment report's figures as a table (small: one line per dimension value). */
export async function enrolmentReportFile(dbs: Dbs, actor: Actor, req: ExportRequest): Promise<Response> {
  assertCan(actor, "reports.view");
  const [lines, scope] = await Promise.all([enrolmentReport(dbs.read, actor, req.filters), reportScope(dbs.read, actor)]);
  const names = new Map<string, string>([...scope.countries.map((c) => [c.id, c.name] as const), ...scope.sites.map((s) => [s.id, s.name] as const)]);
  const { current, previous } = req.filters;
  const table: ExportTable = {
    sheetName: "Enrolment",
    preamble: [`Enrolment report ${current.from} to ${current.to}; previous period ${previous.from} to ${previous.to}. Programme figures from the eServices register.`],
    header: ["dimension", "value", "new_enrolments", "new_enrolments_previous", "active_at_end", "active_at_end_previous", "exits", "exits_previous"],
    rows: lines.map((l) => [
      l.dimension,
      l.key === null ? "all" : (names.get(l.key) ?? l.key),
      l.new, l.newPrevious, l.active, l.activePrevious, l.exits, l.exitsPrevious,
    ]),
  };
  return fileResponse(req.format, await fileName(dbs, actor, "enrolment-report", req, scope), table, audited(dbs, actor, "enrolment-report", req));
}

/** The clients a line list holds: those in scope and filters enrolled by the period's last day. */
function lineListFrom(actor: Actor, f: ResolvedFilters): Prisma.Sql {
  return Prisma.sql`${scopedClientsSql(actor, f, Prisma.sql`JOIN countries co ON co.id = s.country_id`)} AND c.enrolment_date <= ${f.current.to}::date`;
}

export const LINE_LIST_HEADER = [
  "pseudonymous_id", "country", "site", "category", "age_band", "enrolment_month", "status", "exit_reason", "language", "last_contact_month",
];

/** The de-identified line list SQL: no name, phone, date of birth, reference or free text. The
 * first column (the client id) is replaced by the keyed hash before it leaves the server. */
export function lineListSql(actor: Actor, f: ResolvedFilters, today: string): Prisma.Sql {
  // Written into the statement (yearsSql takes SQL text): the server's own day, checked here.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error("lineListSql: today must be YYYY-MM-DD");
  return Prisma.sql`
    SELECT l.id, l.country, l.site, l.category, ${Prisma.raw(ageBandOfYearsSql("l.years"))}, l.month, l.status, l.reason, l.language, l.contact
    FROM (
      SELECT c.id::text AS id, co.name AS country, s.name AS site, c.category::text AS category, ${Prisma.raw(yearsSql("c.date_of_birth", `'${today}'::date`))} AS years,
             to_char(c.enrolment_date, 'YYYY-MM') AS month, c.status::text AS status, c.status_reason_code AS reason, c.preferred_language AS language,
             to_char(c.last_reached_at AT TIME ZONE s.time_zone, 'YYYY-MM') AS contact
      ${lineListFrom(actor, f)}
      OFFSET 0
    ) l`;
}

async function* pseudonymised(rows: AsyncIterable<unknown[]>, key: string): AsyncGenerator<(string | null)[]> {
  for await (const r of rows) yield [pseudonymousId(key, r[0] as string), ...(r.slice(1) as (string | null)[])];
}

export async function lineListFile(dbs: Dbs, actor: Actor, req: ExportRequest, key: string): Promise<Response> {
  assertCan(actor, "reports.view");
  const table: ExportTable = {
    sheetName: "Line list",
    header: LINE_LIST_HEADER,
    rows: pseudonymised(cursorRows(dbs.read, lineListSql(actor, req.filters, req.today)), key),
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
    rows: cursorRows(dbs.read, identifiedListSql(actor, req.filters)) as AsyncIterable<(string | null)[]>,
  };
  return fileResponse(
    req.format,
    await fileName(dbs, actor, "line-list-identified", req),
    table,
    audited(dbs, actor, "line-list-identified", req, { reason: reason.data }),
  );
}
