// Audit rows: who did what to which record, when. Append-only (a database trigger refuses changes).
// `meta` carries field names, counts and codes - never names, phone numbers or health values.
// One statement writes them (lib/audit.sql), on a Prisma client or transaction (writeAudit) or on
// the raw path's connection (writeAuditSql, lib/sql.ts).
import { insertAuditEvents } from "@/lib/audit.queries";
import { log } from "@/lib/log";
import { prismaSql, runSql, type SqlConnection } from "@/lib/sql";

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | null;
  meta?: Record<string, unknown>;
};

export type AuditContext = { actorId: string | null; requestId?: string | null; ip?: string | null };

type AuditWriter = Parameters<typeof prismaSql>[0];

/** Writes the entries on `sql` (one INSERT for all of them). */
export async function writeAuditSql(sql: SqlConnection, ctx: AuditContext, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const rows = list.map((e) => ({ action: e.action, entity_type: e.entityType, entity_id: e.entityId ?? null, meta: e.meta ?? {} }));
  await runSql(
    insertAuditEvents,
    { actorId: ctx.actorId, requestId: ctx.requestId ?? null, ip: ctx.ip ?? null, entries: JSON.stringify(rows) },
    sql,
  );
}

/** Writes the entries with a Prisma client or inside its interactive transaction. */
export async function writeAudit(db: AuditWriter, ctx: AuditContext, entries: AuditEntry | AuditEntry[]): Promise<void> {
  await writeAuditSql(prismaSql(db), ctx, entries);
}

/**
 * A refused request (wrong role, out of scope, unknown id - all the same 404): one log line, and
 * for a signed-in user an audit row `access.denied` naming the page, route or action and the id
 * she asked for (security.md: every denied access is logged). Never fails the refusal itself.
 */
export async function recordDenial(
  db: AuditWriter,
  ctx: AuditContext,
  denial: { where: string; code: string; entityId?: string | null },
): Promise<void> {
  // The id asked for goes in meta, not entity_id: the record's own trail (entity_type, entity_id)
  // lists what was done to it; a refusal did nothing to it and may name an id that does not exist.
  const requested = denial.entityId ? denial.entityId.slice(0, 64) : null;
  log("warn", "access.denied", { where: denial.where, actor: ctx.actorId, code: denial.code, ...(ctx.requestId ? { requestId: ctx.requestId } : {}) });
  if (!ctx.actorId) return;
  try {
    await writeAudit(db, ctx, {
      action: "access.denied",
      entityType: "access",
      meta: { where: denial.where.slice(0, 100), code: denial.code, ...(requested ? { requestedId: requested } : {}) },
    });
  } catch {
    // The answer is a refusal either way; the log line above has it.
  }
}
