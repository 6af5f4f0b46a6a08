// The audit viewer (issue 13): who viewed, changed or exported what, newest first, by client, by
// user and by date range, in the actor's scope (auditScopeSql: administrators every row,
// supervisors their sites'). A client or user filter outside her scope is NOT_FOUND, like the
// record itself. Reading the trail is itself audited (`audit.viewed`, the filters as ids and days).
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { command } from "@/lib/action";
import { assertCan, clientScope, userScope, type Actor } from "@/lib/authz";
import { writeAudit } from "@/lib/audit";
import { AppError, notFound } from "@/lib/errors";
import { auditScopeSql } from "@/lib/scope-sql";
import { auditLookupSchema, type AuditFilter } from "@/lib/audit-trail/schemas";

export const AUDIT_PAGE_SIZE = 50;

export type AuditRow = {
  id: string;
  at: Date;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** The client's programme reference, for a row about a client */
  clientRef: string | null;
  meta: Record<string, unknown>;
};

export type AuditPage = {
  rows: AuditRow[];
  next: string | null;
  client: { id: string; ref: string } | null;
  user: { id: string; name: string } | null;
};

type Row = {
  id: bigint; at: Date; actor_name: string | null; actor_role: string | null; action: string;
  entity_type: string; entity_id: string | null; client_ref: string | null; meta: unknown;
};

export async function listAuditEvents(
  db: PrismaClient,
  actor: Actor,
  filter: AuditFilter,
  meta: { requestId?: string | null; ip?: string | null } = {},
): Promise<AuditPage> {
  assertCan(actor, "audit.view");
  const [client, user] = await Promise.all([
    filter.client ? db.client.findFirst({ where: { AND: [clientScope(actor), { id: filter.client }] }, select: { id: true, ref: true } }) : null,
    filter.user ? db.user.findFirst({ where: { AND: [userScope(actor), { id: filter.user }] }, select: { id: true, name: true } }) : null,
  ]);
  if ((filter.client && !client) || (filter.user && !user)) throw notFound();
  const from = filter.from ? new Date(`${filter.from}T00:00:00.000Z`) : null;
  const to = filter.to ? new Date(Date.parse(`${filter.to}T00:00:00.000Z`) + 86_400_000) : null;
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT a.id, a.at, u.name AS actor_name, u.role::text AS actor_role, a.action, a.entity_type, a.entity_id, c.ref AS client_ref, a.meta
    FROM audit_events a
    LEFT JOIN users u ON u.id = a.actor_id
    LEFT JOIN clients c ON a.entity_type = 'client' AND a.entity_id ~ '^[0-9a-f-]{36}$' AND c.id = a.entity_id::uuid
    WHERE ${auditScopeSql(actor)}
      ${client ? Prisma.sql`AND a.entity_type = 'client' AND a.entity_id = ${client.id}` : Prisma.empty}
      ${user ? Prisma.sql`AND a.actor_id = ${user.id}::uuid` : Prisma.empty}
      ${from ? Prisma.sql`AND a.at >= ${from}` : Prisma.empty}
      ${to ? Prisma.sql`AND a.at < ${to}` : Prisma.empty}
      ${filter.before ? Prisma.sql`AND a.id < ${BigInt(filter.before)}` : Prisma.empty}
    ORDER BY a.id DESC
    LIMIT ${AUDIT_PAGE_SIZE + 1}`);
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  // Fail closed: nothing is shown unless the viewing is on record.
  await writeAudit(db, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip }, {
    action: "audit.viewed",
    entityType: client ? "client" : user ? "user" : "audit",
    entityId: client?.id ?? user?.id ?? null,
    meta: { client: filter.client ?? null, user: filter.user ?? null, from: filter.from ?? null, to: filter.to ?? null, rows: page.length },
  });
  return {
    rows: page.map((r) => ({
      id: String(r.id), at: r.at, actorName: r.actor_name, actorRole: r.actor_role, action: r.action,
      entityType: r.entity_type, entityId: r.entity_id, clientRef: r.client_ref, meta: (r.meta ?? {}) as Record<string, unknown>,
    })),
    next: rows.length > AUDIT_PAGE_SIZE ? String(page[page.length - 1]!.id) : null,
    client,
    user,
  };
}

/**
 * The lookup form's POST: a client reference and/or a username typed on the page become ids for
 * the filter (never the typed text in the address). Out of scope and unknown look the same.
 * Audited like every other lookup of a client.
 */
export const lookupAuditSubjectCommand = command({
  name: "audit.lookup",
  permission: "audit.view",
  schema: auditLookupSchema,
  async run({ tx, actor, input }) {
    const [client, user] = await Promise.all([
      input.clientRef ? tx.client.findFirst({ where: { AND: [clientScope(actor), { ref: input.clientRef }] }, select: { id: true } }) : null,
      input.username ? tx.user.findFirst({ where: { AND: [userScope(actor), { username: input.username }] }, select: { id: true } }) : null,
    ]);
    if ((input.clientRef && !client) || (input.username && !user)) {
      const fieldErrors: Record<string, string[]> = {};
      if (input.clientRef && !client) fieldErrors.clientRef = ["notFound"];
      if (input.username && !user) fieldErrors.username = ["notFound"];
      return {
        data: { client: null, user: null },
        audit: { action: "audit.lookup", entityType: "audit", meta: { found: false } },
        refuse: new AppError("VALIDATION", "correctFields", fieldErrors),
      };
    }
    return {
      data: { client: client?.id ?? null, user: user?.id ?? null },
      audit: { action: "audit.lookup", entityType: client ? "client" : "user", entityId: client?.id ?? user?.id ?? null, meta: { found: true } },
    };
  },
});
