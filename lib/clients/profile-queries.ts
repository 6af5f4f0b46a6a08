// The client profile read. Scoped by clientScope: an unknown id, a malformed one and another
// Mentor Mother's or another site's client all answer NOT_FOUND, with nothing read beyond that.
// Every successful view writes one `client.viewed` audit row (ids only) before any data is returned.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, clientScope, type Actor } from "@/lib/authz";
import { notFound } from "@/lib/errors";
import { writeAudit } from "@/lib/audit";
import { isoDate } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { readCountrySettings } from "@/lib/settings/schemas";
import { isUuid } from "@/lib/validation";
import { callFindings } from "@/lib/calls/call-history";

/** Enough history for a phone screen; older rows stay in the database and in exports. */
export const PROFILE_APPOINTMENTS_SHOWN = 100;
export const PROFILE_CALLS_SHOWN = 50;

export async function getClientProfile(
  db: PrismaClient,
  actor: Actor,
  id: string,
  meta: { requestId?: string | null; ip?: string | null; now?: Date } = {},
) {
  assertCan(actor, "clients.view");
  if (!isUuid(id)) throw notFound();
  const client = await db.client.findFirst({
    where: { AND: [clientScope(actor), { id }] },
    select: {
      id: true, ref: true, facilityNumber: true, firstName: true, lastName: true, dateOfBirth: true, sex: true, category: true,
      enrolmentDate: true, enrolmentSource: true, consentCalls: true, consentMessages: true, preferredLanguage: true,
      artStartDate: true, expectedDeliveryDate: true, breastfeeding: true, breastfeedingEndDate: true,
      lastVlCopies: true, lastVlDate: true, status: true, statusDate: true, statusReason: true, version: true, interruptionSince: true,
      site: { select: { id: true, name: true, code: true, timeZone: true, country: { select: { settings: true } } } },
      mentor: { select: { id: true, name: true } },
      phones: {
        orderBy: [{ isPrimary: "desc" }, { number: "asc" }],
        select: { id: true, number: true, isPrimary: true, sharedPhone: true, mayIdentifyCaller: true, safeFromMinute: true, safeToMinute: true, status: true },
      },
      infants: { orderBy: { dateOfBirth: "asc" }, select: { id: true, firstName: true, dateOfBirth: true } },
      viralLoads: {
        orderBy: [{ sampleDate: "desc" }, { createdAt: "desc" }],
        select: { id: true, sampleDate: true, resultDate: true, copies: true, reasonCode: true },
      },
      appointments: {
        orderBy: [{ date: "desc" }, { createdAt: "desc" }],
        take: PROFILE_APPOINTMENTS_SHOWN,
        select: { id: true, date: true, kind: true, status: true, statusAt: true, infantId: true },
      },
      assignments: {
        orderBy: { startAt: "desc" },
        select: { id: true, startAt: true, endAt: true, reason: true, changedById: true, mentor: { select: { name: true } } },
      },
      attempts: {
        orderBy: { createdAt: "desc" },
        take: PROFILE_CALLS_SHOWN,
        select: { id: true, createdAt: true, disposition: true, callbackAt: true, correctsId: true, details: true, mentor: { select: { name: true } } },
      },
    },
  });
  if (!client) throw notFound();

  // assignments.changed_by_id has no relation in the schema: the staff names come in one query.
  const changerIds = [...new Set(client.assignments.map((a) => a.changedById).filter((v): v is string => !!v))];
  const changers = changerIds.length
    ? await db.user.findMany({ where: { id: { in: changerIds } }, select: { id: true, name: true } })
    : [];
  const changerName = new Map(changers.map((u) => [u.id, u.name]));

  // Fail closed: if the view cannot be recorded, nothing is shown.
  await writeAudit(db, { actorId: actor.userId, requestId: meta.requestId, ip: meta.ip }, {
    action: "client.viewed",
    entityType: "client",
    entityId: client.id,
  });

  const settings = readCountrySettings(client.site.country.settings);
  const today = localDay(client.site.timeZone, meta.now ?? new Date());
  const appointments = client.appointments.map((a) => ({ ...a, date: isoDate(a.date) }));
  const optionalDate = (d: Date | null) => (d ? isoDate(d) : null);

  return {
    id: client.id,
    ref: client.ref,
    facilityNumber: client.facilityNumber,
    firstName: client.firstName,
    lastName: client.lastName,
    dateOfBirth: isoDate(client.dateOfBirth),
    sex: client.sex,
    category: client.category,
    enrolmentDate: isoDate(client.enrolmentDate),
    enrolmentSource: client.enrolmentSource,
    consentCalls: client.consentCalls,
    consentMessages: client.consentMessages,
    preferredLanguage: client.preferredLanguage,
    artStartDate: optionalDate(client.artStartDate),
    expectedDeliveryDate: optionalDate(client.expectedDeliveryDate),
    breastfeeding: client.breastfeeding,
    breastfeedingEndDate: optionalDate(client.breastfeedingEndDate),
    lastVlCopies: client.lastVlCopies,
    lastVlDate: optionalDate(client.lastVlDate),
    status: client.status,
    statusDate: optionalDate(client.statusDate),
    statusReason: client.statusReason,
    /** Interruption in treatment since (lib/clients/interruption.ts), or null */
    interruptionSince: optionalDate(client.interruptionSince),
    version: client.version,
    site: { id: client.site.id, name: client.site.name, code: client.site.code, timeZone: client.site.timeZone },
    /** The site's calendar date now: ages, "upcoming" and the forms' defaults use it. */
    today,
    thresholds: { vlSuppressedBelow: settings.vlSuppressedBelow, vlHighAbove: settings.vlHighAbove },
    mentor: client.mentor,
    phones: client.phones,
    infants: client.infants.map((i) => ({ ...i, dateOfBirth: isoDate(i.dateOfBirth) })),
    viralLoads: client.viralLoads.map((v) => ({ ...v, sampleDate: isoDate(v.sampleDate), resultDate: isoDate(v.resultDate) })),
    /** Today's and later appointments, soonest first. */
    upcomingAppointments: appointments.filter((a) => a.date >= today).reverse(),
    /** Earlier appointments, most recent first. */
    pastAppointments: appointments.filter((a) => a.date < today),
    assignments: client.assignments.map((a) => ({
      id: a.id,
      mentorName: a.mentor.name,
      startAt: a.startAt,
      endAt: a.endAt,
      reason: a.reason,
      changedByName: a.changedById ? (changerName.get(a.changedById) ?? null) : null,
    })),
    calls: client.attempts.map((c) => ({
      id: c.id,
      at: c.createdAt,
      disposition: c.disposition,
      callbackAt: c.callbackAt,
      isCorrection: !!c.correctsId,
      mentorName: c.mentor.name,
      /** What the call recorded: the client is in the viewer's scope (clientScope above), and so
       * are her calls. */
      findings: callFindings(c.details),
    })),
  };
}

export type ClientProfile = Awaited<ReturnType<typeof getClientProfile>>;
