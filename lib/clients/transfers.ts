// Transfers between sites of the programme: the sending supervisor (her client, clientScope) or an
// administrator proposes one to another active site; a supervisor of the receiving site (siteScope
// of the receiving site) or an administrator accepts or declines it; the sender may withdraw it.
// Accepting moves the client through the lifecycle owner (lib/clients/lifecycle.ts transferClient):
// she keeps her history, her open tasks at the old site are cancelled by the task owner, and a
// Mentor Mother of the new site takes her. Every step is audited (ids and codes only).
//
// A proposal is a deliberate disclosure to the receiving site: its supervisor sees the client's
// first name, programme ref and category in the list of proposals to her site (and that read is
// audited), nothing more until she accepts.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { command, type Tx } from "@/lib/action";
import { assertCan, clientScope, siteScope, type Actor } from "@/lib/authz";
import type { AuditEntry } from "@/lib/audit";
import { writeAudit } from "@/lib/audit";
import { AppError, conflict, fieldError, isUniqueViolation, notFound } from "@/lib/errors";
import { clientScopeSql } from "@/lib/scope-sql";
import { localDay } from "@/lib/site-clock";
import { transferClient } from "@/lib/clients/lifecycle";
import { transferOpen, transferRefusal } from "@/lib/clients/edit-rules";
import { decideTransferSchema, proposeTransferSchema } from "@/lib/clients/edit-schemas";

export const proposeTransferCommand = command({
  name: "clients.proposeTransfer",
  permission: "clients.transfer",
  schema: proposeTransferSchema,
  async run({ tx, actor, input, now }) {
    const client = await tx.client.findFirst({
      where: { AND: [clientScope(actor), { id: input.clientId }] },
      select: { id: true, version: true, status: true, siteId: true },
    });
    if (!client) throw notFound();
    if (client.version !== input.version) throw conflict();
    const site = await tx.site.findFirst({ where: { id: input.toSiteId, active: true }, select: { id: true } });
    if (!site) throw fieldError("toSiteId", "invalidValue");
    const refusal = transferRefusal(client, site.id);
    if (refusal) throw fieldError(refusal === "sameSite" ? "toSiteId" : "_form", refusal);
    let transfer: { id: string; version: number };
    try {
      // A savepoint-free insert: ON CONFLICT on the partial unique index (one proposal open per client).
      const rows = await tx.$queryRaw<{ id: string; version: number }[]>`
        INSERT INTO client_transfers (client_id, from_site_id, to_site_id, proposed_by_id, proposed_at)
        VALUES (${client.id}::uuid, ${client.siteId}::uuid, ${site.id}::uuid, ${actor.userId}::uuid, ${now})
        ON CONFLICT (client_id) WHERE status = 'PROPOSED' DO NOTHING
        RETURNING id::text AS id, version`;
      if (!rows[0]) throw new AppError("VALIDATION", "transferPending", { _form: ["transferPending"] });
      transfer = rows[0];
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError("VALIDATION", "transferPending", { _form: ["transferPending"] });
      throw e;
    }
    return {
      data: { transferId: transfer.id, version: transfer.version },
      audit: {
        action: "client.transfer_proposed", entityType: "client", entityId: client.id,
        meta: { transferId: transfer.id, fromSiteId: client.siteId, toSiteId: site.id },
      },
    };
  },
});

export type TransferDecision = { transferId: string; status: "ACCEPTED" | "DECLINED" | "CANCELLED"; reassigned?: boolean; toMentorId?: string | null };

/** The open proposal the actor may decide (receiving side) or withdraw (sending side), locked. */
async function loadTransfer(tx: Tx, actor: Actor, transferId: string, decision: "accept" | "decline" | "cancel") {
  const side = decision === "cancel" ? { client: clientScope(actor) } : { toSite: siteScope(actor) };
  const t = await tx.clientTransfer.findFirst({
    where: { AND: [{ id: transferId }, side] },
    select: {
      id: true, status: true, version: true, clientId: true, fromSiteId: true, toSiteId: true,
      fromSite: { select: { timeZone: true } }, toSite: { select: { timeZone: true, active: true } },
    },
  });
  if (!t) throw notFound();
  await tx.$executeRaw`SELECT 1 FROM client_transfers WHERE id = ${transferId}::uuid FOR UPDATE`;
  return t;
}

export const decideTransferCommand = command({
  name: "clients.decideTransfer",
  permission: "clients.transfer",
  schema: decideTransferSchema,
  async run({ tx, actor, input, now }): Promise<{ data: TransferDecision; audit: AuditEntry[] }> {
    const t = await loadTransfer(tx, actor, input.transferId, input.decision);
    if (t.version !== input.version || !transferOpen(t.status)) throw conflict();
    const status = input.decision === "accept" ? "ACCEPTED" : input.decision === "decline" ? "DECLINED" : "CANCELLED";
    const { count } = await tx.clientTransfer.updateMany({
      where: { id: t.id, version: input.version },
      data: { status, decidedById: actor.userId, decidedAt: now, version: { increment: 1 } },
    });
    if (count === 0) throw conflict();
    const audit: AuditEntry[] = [
      { action: `client.transfer_${status.toLowerCase()}`, entityType: "client", entityId: t.clientId, meta: { transferId: t.id, fromSiteId: t.fromSiteId, toSiteId: t.toSiteId } },
    ];
    if (status !== "ACCEPTED") return { data: { transferId: t.id, status }, audit };

    const client = await tx.client.findUniqueOrThrow({ where: { id: t.clientId }, select: { id: true, status: true, siteId: true, preferredLanguage: true } });
    // She left ACTIVE or moved since the proposal: nothing to accept any more.
    if (client.status !== "ACTIVE" || client.siteId !== t.fromSiteId || !t.toSite.active) {
      throw new AppError("VALIDATION", "transferStale", { _form: ["transferStale"] });
    }
    const moved = await transferClient(tx, { id: client.id, version: null, toSiteId: t.toSiteId, preferredLanguage: client.preferredLanguage }, {
      fromToday: localDay(t.fromSite.timeZone, now),
      toToday: localDay(t.toSite.timeZone, now),
      now,
      actorId: actor.userId,
    });
    audit.push({
      action: "client.transferred", entityType: "client", entityId: client.id,
      meta: {
        transferId: t.id, fromSiteId: t.fromSiteId, toSiteId: t.toSiteId, tasksCancelled: moved.tasksCancelled,
        assignmentEnded: moved.assignmentsEnded > 0, reassigned: moved.reassigned, toMentorId: moved.toMentorId,
        ...(moved.unassignedReason ? { unassignedReason: moved.unassignedReason } : {}),
      },
    });
    return { data: { transferId: t.id, status, reassigned: moved.reassigned, toMentorId: moved.toMentorId }, audit };
  },
});

// ------------------------------------------------------------------------------------------------
// Reads.

export type TransferRow = {
  id: string;
  version: number;
  clientId: string;
  firstName: string;
  ref: string;
  category: string;
  fromSite: string;
  toSite: string;
  proposedAt: Date;
  proposedBy: string;
};

const LIMIT = 200;

type Db = Pick<PrismaClient, "$queryRaw"> & Parameters<typeof writeAudit>[0];

/**
 * Open proposals for the actor: `incoming`, to her sites (all for an administrator), to accept or
 * decline; `outgoing`, of clients in her scope, to withdraw. The read of the incoming names is
 * audited (the clients are not yet in her scope).
 */
export async function pendingTransfers(db: Db, actor: Actor, meta: { requestId?: string | null; ip?: string | null } = {}): Promise<{ incoming: TransferRow[]; outgoing: TransferRow[] }> {
  assertCan(actor, "clients.transfer");
  const select = Prisma.sql`
    SELECT t.id::text, t.version, c.id::text AS "clientId", c.first_name AS "firstName", c.ref, c.category::text AS category,
           fs.name AS "fromSite", ts.name AS "toSite", t.proposed_at AS "proposedAt", u.name AS "proposedBy"
    FROM client_transfers t
    JOIN clients c ON c.id = t.client_id
    JOIN sites fs ON fs.id = t.from_site_id
    JOIN sites ts ON ts.id = t.to_site_id
    JOIN users u ON u.id = t.proposed_by_id`;
  const toMine = actor.role === "ADMIN" ? Prisma.sql`true` : Prisma.sql`t.to_site_id = ANY(${actor.siteIds}::uuid[])`;
  const [incoming, outgoing] = await Promise.all([
    db.$queryRaw<TransferRow[]>`${select} WHERE t.status = 'PROPOSED' AND ${toMine} ORDER BY t.proposed_at, t.id LIMIT ${LIMIT}`,
    db.$queryRaw<TransferRow[]>`${select} WHERE t.status = 'PROPOSED' AND ${clientScopeSql(actor, Prisma.raw("c"))} ORDER BY t.proposed_at, t.id LIMIT ${LIMIT}`,
  ]);
  if (incoming.length) {
    await writeAudit(db, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip }, {
      action: "client.transfers_viewed", entityType: "client_transfer", entityId: null,
      meta: { transferIds: incoming.map((r) => r.id) },
    });
  }
  return { incoming, outgoing };
}

/** How many proposals wait for the actor's decision (a count: no client data). */
export async function transfersWaitingFor(db: Pick<PrismaClient, "clientTransfer">, actor: Actor): Promise<number> {
  assertCan(actor, "clients.transfer");
  return db.clientTransfer.count({ where: { status: "PROPOSED", toSite: siteScope(actor) } });
}

/** Active sites a client of `fromSiteId` may be transferred to (names only: not client data). */
export async function transferSites(db: Pick<PrismaClient, "site">, fromSiteId: string) {
  return db.site.findMany({
    where: { active: true, id: { not: fromSiteId } },
    orderBy: [{ country: { name: "asc" } }, { name: "asc" }],
    select: { id: true, name: true, code: true, country: { select: { name: true } } },
  });
}
