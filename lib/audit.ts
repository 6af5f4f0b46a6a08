// Audit rows: who did what to which record, when. Append-only (a database trigger refuses changes).
// `meta` carries field names, counts and codes - never names, phone numbers or health values.
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | null;
  meta?: Record<string, unknown>;
};

export type AuditContext = { actorId: string | null; requestId?: string | null; ip?: string | null };

type AuditWriter = { auditEvent: { createMany(args: { data: Prisma.AuditEventCreateManyInput[] }): Promise<unknown> } };

export async function writeAudit(db: AuditWriter, ctx: AuditContext, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db.auditEvent.createMany({
    data: list.map((e) => ({
      actorId: ctx.actorId,
      requestId: ctx.requestId ?? null,
      ip: ctx.ip ?? null,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      meta: (e.meta ?? {}) as Prisma.InputJsonValue,
    })),
  });
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
