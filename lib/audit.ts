// Audit rows: who did what to which record, when. Append-only (a database trigger refuses changes).
// `meta` carries field names, counts and codes - never names, phone numbers or health values.
import type { Prisma } from "@/lib/generated/prisma/client";

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
