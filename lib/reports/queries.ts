// Reads of the reports pages and files: scoped by the acting user (a programme manager her country
// or the programme, an administrator everything, a supervisor her sites). Callers pass dbRead (the
// replica when there is one).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, countryScope, siteScope, type Actor } from "@/lib/authz";
import { enrolmentLines, type EnrolmentLine } from "@/lib/reports/enrolment-rules";
import { enrolmentCountsSql } from "@/lib/reports/enrolment-sql";
import { emptyFigures, FIGURE_KEYS, type CoverageFigures } from "@/lib/coverage/definitions";
import { runCoverage } from "@/lib/coverage/sql";
import { viralLoadFiguresSql } from "@/lib/reports/outcome-sql";
import type { ResolvedFilters } from "@/lib/reports/schemas";
import { callClientFiguresSql } from "@/lib/reports/call-sql";
import { callClientRows, type CallClientFigures, type ReportRow } from "@/lib/reports/call-rules";
import { programmeFiguresSql } from "@/lib/reports/programme-sql";
import { programmeRows, type ProgrammeFigures, type ProgrammeRow } from "@/lib/reports/programme-rules";
import { rolledUp } from "@/lib/reports/rollup";
import { reminderAttendanceFiguresSql } from "@/lib/reports/programme-reminder-sql";
import { reminderRows, type ReminderAttendance } from "@/lib/reports/programme-reminder-rules";
import { messageFiguresSql } from "@/lib/reports/message-sql";
import { messageRows } from "@/lib/reports/message-rules";
import type { MessageFigures } from "@/lib/coverage/message-definitions";

export type ReportScope = {
  countries: { id: string; name: string }[];
  sites: { id: string; name: string; countryId: string }[];
  /** The country's name for a country manager, null for the programme or a supervisor. */
  scopeName: string | null;
};

/** The countries and sites the actor may filter on (and whose names label the figures). */
export async function reportScope(db: PrismaClient, actor: Actor): Promise<ReportScope> {
  assertCan(actor, "reports.view");
  const [countries, sites] = await Promise.all([
    db.country.findMany({ where: countryScope(actor), orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.site.findMany({ where: siteScope(actor), orderBy: { name: "asc" }, select: { id: true, name: true, countryId: true } }),
  ]);
  const scopeName = actor.role === "PROGRAMME_MANAGER" && actor.countryId ? (countries.find((c) => c.id === actor.countryId)?.name ?? null) : null;
  return { countries, sites, scopeName };
}

export async function enrolmentReport(db: PrismaClient, actor: Actor, f: ResolvedFilters): Promise<EnrolmentLine[]> {
  assertCan(actor, "reports.view");
  const q = { current: f.current, previous: f.previous, countryId: f.countryId, siteId: f.siteId, ageBands: f.ageBands };
  const last = f.current.to > f.previous.to ? f.current.to : f.previous.to;
  return enrolmentLines(await rolledUp(db, "enrolment", actor, q, last, () => enrolmentCountsSql(db, actor, q)));
}

/**
 * The call-centre figures of the period and the previous one: the supervision issue's coverage
 * definitions (lib/coverage, docs/coverage.md) summed over the sites in scope and the filters, each
 * site over the period's days. One coverage statement per period.
 */
export async function callReport(db: PrismaClient, actor: Actor, f: ResolvedFilters): Promise<{ current: CoverageFigures; previous: CoverageFigures }> {
  assertCan(actor, "reports.view");
  const sites = await db.site.findMany({
    where: { AND: [siteScope(actor), f.countryId ? { countryId: f.countryId } : {}, f.siteId ? { id: f.siteId } : {}] },
    select: { id: true },
  });
  const total = (p: { from: string; to: string }) => rolledUp(db, "calls", actor, { period: p, countryId: f.countryId, siteId: f.siteId }, p.to, async () => {
    const rows = await runCoverage(db, { sites: sites.map((s) => ({ siteId: s.id, from: p.from, to: p.to })), levels: ["total"] });
    // The total of nothing is one row of NULL sums: zeros.
    const out = emptyFigures();
    const got = rows[0]?.figures;
    if (got) for (const k of FIGURE_KEYS) out[k] = got[k] ?? 0;
    return out;
  });
  const [current, previous] = await Promise.all([total(f.current), total(f.previous)]);
  return { current, previous };
}

/** Viral-load coverage and suppression at the period's last day (lib/reports/outcome-rules.ts). */
export async function outcomeReport(db: PrismaClient, actor: Actor, f: ResolvedFilters) {
  assertCan(actor, "reports.view");
  const q = { end: f.current.to, countryId: f.countryId, siteId: f.siteId };
  return rolledUp(db, "outcomes", actor, q, q.end, () => viralLoadFiguresSql(db, actor, q));
}

/**
 * The client-level call figures of the period and the previous one (lib/reports/call-rules.ts):
 * clients due and reached at least once, days from a missed appointment to the first call and to
 * reaching her, tracing outcomes (DE24-DE29), opt-outs. One statement per period; `rows` is the
 * table (page and files) - one row per figure with the previous period's value.
 */
export async function callClientReport(db: PrismaClient, actor: Actor, f: ResolvedFilters): Promise<{ current: CallClientFigures; previous: CallClientFigures; rows: ReportRow[] }> {
  assertCan(actor, "reports.view");
  const q = (period: ResolvedFilters["current"]) => {
    const query = { period, countryId: f.countryId, siteId: f.siteId };
    return rolledUp(db, "callClients", actor, query, period.to, () => callClientFiguresSql(db, actor, query));
  };
  const [current, previous] = await Promise.all([q(f.current), q(f.previous)]);
  return { current, previous, rows: callClientRows(current, previous) };
}

/**
 * The programme figures besides viral load (lib/reports/programme-rules.ts): infant testing by 2
 * and 12 months, interruption in treatment by time on ART, returned to care after tracing, and
 * appointment attendance after a delivered reminder vs without one
 * (lib/reports/programme-reminder-rules.ts) - for the period and the previous one. Two statements
 * per period; `rows` is the table.
 */
export async function programmeReport(db: PrismaClient, actor: Actor, f: ResolvedFilters): Promise<{
  current: ProgrammeFigures; previous: ProgrammeFigures; reminders: { current: ReminderAttendance; previous: ReminderAttendance }; rows: (ProgrammeRow | ReportRow)[];
}> {
  assertCan(actor, "reports.view");
  const q = (period: ResolvedFilters["current"]) => ({ period, countryId: f.countryId, siteId: f.siteId });
  // A finished period's figures come from the roll-up (decision 044), attendance after a reminder
  // with them (a reminder's status event forgets them: migration 20261210050000).
  const figures = (period: ResolvedFilters["current"]) =>
    rolledUp(db, "programme", actor, q(period), period.to, async () => {
      const [programme, reminders] = await Promise.all([programmeFiguresSql(db, actor, q(period)), reminderAttendanceFiguresSql(db, actor, q(period))]);
      return { programme, reminders };
    });
  const [cur, prev] = await Promise.all([figures(f.current), figures(f.previous)]);
  return {
    current: cur.programme, previous: prev.programme, reminders: { current: cur.reminders, previous: prev.reminders },
    rows: [...programmeRows(cur.programme, prev.programme), ...reminderRows(cur.reminders, prev.reminders)],
  };
}

/**
 * The message figures of the period and the previous one (lib/reports/message-rules.ts, coverage's
 * counting definition): sent, delivered, failed, unknown, replies, opt-outs and the delivery rate,
 * summed over the sites in scope and the filters. One statement per period; `rows` is the table.
 */
export async function messageReport(db: PrismaClient, actor: Actor, f: ResolvedFilters): Promise<{ current: MessageFigures; previous: MessageFigures; rows: ReportRow[] }> {
  assertCan(actor, "reports.view");
  const sites = await db.site.findMany({
    where: { AND: [siteScope(actor), f.countryId ? { countryId: f.countryId } : {}, f.siteId ? { id: f.siteId } : {}] },
    select: { id: true },
  });
  const ids = sites.map((s) => s.id);
  const [current, previous] = await Promise.all([messageFiguresSql(db, ids, f.current), messageFiguresSql(db, ids, f.previous)]);
  return { current, previous, rows: messageRows(current, previous) };
}

/** A short, file-name-safe name of what a file covers: the site or country filtered on, else the
 * actor's own scope. */
export function scopeLabel(scope: ReportScope, actor: Actor, f: Pick<ResolvedFilters, "countryId" | "siteId">): string {
  const site = f.siteId && scope.sites.find((s) => s.id === f.siteId);
  const country = f.countryId && scope.countries.find((c) => c.id === f.countryId);
  const name = site ? site.name : country ? country.name : actor.role === "SUPERVISOR" ? "my-sites" : (scope.scopeName ?? "programme");
  return name.normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase().slice(0, 40) || "scope";
}

export type ExportLogRow = {
  id: string;
  at: Date;
  actorName: string | null;
  kind: string;
  format: string;
  rows: number | null;
  complete: boolean;
  filters: Record<string, string>;
  reason: string | null;
};

/** Every export (the audit rows export.*), newest first, for administrators; `before` pages on. */
export async function listExports(db: PrismaClient, actor: Actor, before?: bigint, take = 100): Promise<ExportLogRow[]> {
  assertCan(actor, "admin.users");
  const events = await db.auditEvent.findMany({
    where: { action: { startsWith: "export." }, ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take,
  });
  const ids = [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))];
  const users = new Map((await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return events.map((e) => {
    const m = (e.meta ?? {}) as Record<string, unknown>;
    return {
      id: String(e.id),
      at: e.at,
      actorName: e.actorId ? (users.get(e.actorId) ?? null) : null,
      kind: String(m.kind ?? e.action.slice("export.".length)),
      format: String(m.format ?? ""),
      rows: typeof m.rows === "number" ? m.rows : null,
      complete: m.complete !== false,
      filters: (m.filters ?? {}) as Record<string, string>,
      reason: typeof m.reason === "string" ? m.reason : null,
    };
  });
}
