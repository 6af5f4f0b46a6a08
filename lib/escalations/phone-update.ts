// A "phone update" escalation (wrong number / not in service) is resolved through the client edit
// (lib/clients/edit-commands.ts): once she has a working number again, her open PHONE_UPDATE
// escalations close with resolution "phone_updated", and generation may phone her again (while one
// is open, lib/escalations/rules.ts blockedReasons keeps every reason off the lists).
import type { Tx } from "@/lib/action";
import type { AuditEntry } from "@/lib/audit";

export async function resolvePhoneUpdates(tx: Tx, clientId: string, actorId: string, now: Date, phoneId: string): Promise<{ ids: string[]; audit: AuditEntry[] }> {
  const open = await tx.$queryRaw<{ id: string }[]>`
    UPDATE escalations SET status = 'CLOSED', resolution = 'phone_updated', resolved_at = ${now}, resolved_by_id = ${actorId}::uuid,
           version = version + 1
    WHERE client_id = ${clientId}::uuid AND cause = 'PHONE_UPDATE' AND status IN ('OPEN', 'REFERRED')
    RETURNING id::text AS id`;
  return {
    ids: open.map((e) => e.id),
    audit: open.map((e) => ({
      action: "escalation.phone_updated",
      entityType: "escalation",
      entityId: e.id,
      meta: { clientId, cause: "PHONE_UPDATE", phoneId },
    })),
  };
}
