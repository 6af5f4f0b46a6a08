// What the client edit page reads: her editable details, her phones (retired ones as history), an
// open transfer proposal and whether a "phone update" escalation is open. Scoped by clientScope
// (out of scope -> NOT_FOUND); the view is audited like the profile's (ids only).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, clientScope, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";
import { writeAudit } from "@/lib/audit";
import { isUuid } from "@/lib/validation";

export async function getClientForEdit(
  db: PrismaClient,
  actor: Actor,
  id: string,
  meta: { requestId?: string | null; ip?: string | null } = {},
) {
  assertCan(actor, "clients.edit");
  if (!isUuid(id)) throw notFound();
  const client = await db.client.findFirst({
    where: { AND: [clientScope(actor), { id }] },
    select: {
      id: true, ref: true, version: true, status: true, sex: true, firstName: true, lastName: true, facilityNumber: true,
      preferredLanguage: true, consentCalls: true, consentMessages: true, siteId: true,
      site: { select: { name: true, code: true } },
      phones: {
        orderBy: [{ isPrimary: "desc" }, { id: "asc" }],
        select: {
          id: true, number: true, status: true, isPrimary: true, sharedPhone: true, mayIdentifyCaller: true,
          safeFromMinute: true, safeToMinute: true, retiredAt: true,
        },
      },
      transfers: {
        where: { status: "PROPOSED" },
        select: { id: true, version: true, proposedAt: true, toSite: { select: { name: true } } },
      },
      escalations: { where: { cause: "PHONE_UPDATE", status: { in: ["OPEN", "REFERRED"] } }, select: { id: true } },
    },
  });
  if (!client) throw notFound();
  await writeAudit(db, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip }, {
    action: "client.viewed", entityType: "client", entityId: client.id, meta: { page: "edit" },
  });
  const { transfers, escalations, phones, ...rest } = client;
  return {
    ...rest,
    phones: phones.filter((p) => p.status !== "RETIRED"),
    retiredPhones: phones.filter((p) => p.status === "RETIRED"),
    openTransfer: transfers[0] ?? null,
    phoneUpdateOpen: escalations.length > 0,
  };
}

export type ClientForEdit = Awaited<ReturnType<typeof getClientForEdit>>;
