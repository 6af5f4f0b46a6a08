// Reads for the facility pages: the sites a user may send facility data for, the visit list of a
// day (who is expected at the clinic, for marking attendance on paper or in the facility's system
// and sending it back), and her recent uploads.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, siteScope, type Actor } from "@/lib/authz";
import { writeAudit } from "@/lib/audit";
import { notFound } from "@/lib/errors";
import { dateOnly, isoDate } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { addDaysIso } from "@/lib/calls/calendar";
import type { Cell } from "@/lib/facility/sheets";
import { VISIT_COLUMNS } from "@/lib/facility/rows";

export async function facilitySites(db: PrismaClient, actor: Actor, now: Date) {
  assertCan(actor, "facility.update");
  const sites = await db.site.findMany({
    where: { AND: [siteScope(actor), { active: true }] },
    orderBy: { name: "asc" },
    select: { id: true, name: true, code: true, timeZone: true },
  });
  return sites.map((s) => ({ ...s, tomorrow: addDaysIso(localDay(s.timeZone, now), 1) }));
}

/**
 * The visits expected at a site on `day` (default: tomorrow there): the open appointments of
 * its active clients, with the reference, the facility number and the first name a clerk needs to
 * find the person - nothing about her health beyond the kind of visit. The download is audited.
 */
export async function visitList(
  db: PrismaClient,
  actor: Actor,
  input: { siteId: string; day?: string },
  meta: { requestId?: string | null; ip?: string | null; now: Date },
): Promise<{ site: { code: string }; day: string; columns: readonly string[]; rows: Cell[][] }> {
  assertCan(actor, "facility.update");
  const site = await db.site.findFirst({ where: { AND: [siteScope(actor), { id: input.siteId }] }, select: { id: true, code: true, timeZone: true } });
  if (!site) throw notFound();
  const today = localDay(site.timeZone, meta.now);
  const day = input.day ?? addDaysIso(today, 1);
  // A day that has passed also lists the visits already marked missed, so they can be put right.
  const appointments = await db.appointment.findMany({
    where: { date: dateOnly(day), status: { in: day < today ? ["SCHEDULED", "MISSED"] : ["SCHEDULED"] }, client: { siteId: site.id, status: "ACTIVE" } },
    orderBy: [{ client: { ref: "asc" } }, { kind: "asc" }],
    select: { kind: true, date: true, client: { select: { ref: true, facilityNumber: true, firstName: true } } },
  });
  await writeAudit(db, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip }, {
    action: "facility.visit_list",
    entityType: "site",
    entityId: site.id,
    meta: { day, rows: appointments.length },
  });
  return {
    site: { code: site.code },
    day,
    columns: VISIT_COLUMNS,
    rows: appointments.map((a) => [a.client.ref, a.client.facilityNumber, a.client.firstName, isoDate(a.date), a.kind, ""]),
  };
}

export async function recentUploads(db: PrismaClient, actor: Actor, take = 10) {
  assertCan(actor, "facility.update");
  return db.facilityUpload.findMany({
    where: { createdById: actor.userId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, status: true, createdAt: true, rowsTotal: true, rowsApplied: true, message: true, result: true },
  });
}
