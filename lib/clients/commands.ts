// Enrolment of one client (issue 3): the facts are checked against the server's own records (site
// in scope and open, Mentor Mother rules, programme languages, phone numbers with the site's
// country rules), possible duplicates must be confirmed, then the client, her phones, infants,
// appointments and latest viral load are written with a fresh programme ref, and she is assigned
// automatically. One transaction: a refusal at any step leaves nothing behind.
import { z } from "zod";
import { command, type Tx } from "@/lib/action";
import { siteScope, type Actor } from "@/lib/authz";
import { AppError, fieldError, notFound, type FieldErrors } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { clientFactsSchema, type ClientFacts } from "@/lib/clients/schemas";
import { findDuplicateCandidates, possibleDuplicateAudit, type DuplicateCheck } from "@/lib/clients/duplicates";
import { raisePossibleDuplicates } from "@/lib/clients/duplicate-review";
import { autoAssign } from "@/lib/assignment/engine";
import { loadProgrammeSettings } from "@/lib/settings/commands";
import { readCountrySettings } from "@/lib/settings/schemas";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { minutesOf } from "@/lib/minutes";
import { normalizePhone } from "@/lib/phones";
import { parseWithKeys } from "@/lib/validation";

const confirmSchema = z.object({ confirmNotDuplicate: z.boolean().default(false) });

/**
 * The enrolment input: the client's facts plus the "not a duplicate" confirmation. The facts
 * schema is built at every parse, not once at start-up: "a date in the future" must be measured
 * from today, and a server runs for weeks.
 */
export const enrolClientSchema = z.unknown().transform((raw, ctx) => {
  const facts = parseWithKeys(clientFactsSchema(new Date()), raw);
  const extra = parseWithKeys(confirmSchema, raw);
  for (const issue of [...(facts.error?.issues ?? []), ...(extra.error?.issues ?? [])]) {
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  }
  if (!facts.success || !extra.success) return z.NEVER;
  return { ...facts.data, confirmNotDuplicate: extra.data.confirmNotDuplicate };
});

export type EnrolClientInput = z.infer<typeof enrolClientSchema>;

export type EnrolResult = {
  id: string;
  ref: string;
  /** Who holds her now; `languageMatch` false when nobody free at the site speaks her language. */
  mentor: { id: string; name: string; languageMatch: boolean } | null;
  /** Why nobody holds her (mentor null) */
  reason?: "no-mentor" | "all-full";
};

/** The site (in scope, open) and the phones in E.164; refuses with field errors otherwise. */
async function checkEnrolment(tx: Tx, actor: Actor, input: ClientFacts) {
  const site = await tx.site.findFirst({
    where: { AND: [siteScope(actor), { id: input.siteId }] },
    select: { id: true, code: true, timeZone: true, active: true, country: { select: { code: true, settings: true } } },
  });
  // Unknown and out-of-scope sites look the same: nothing confirms that a site exists.
  if (!site) throw notFound();
  // A Mentor Mother enrols only where her country allows it (her site is her whole scope).
  if (actor.role === "MENTOR_MOTHER" && !readCountrySettings(site.country.settings).mentorsMayEnrol) throw notFound();
  if (input.facilityNumber) {
    // Only those who see the whole site may set it: to anyone else "this number is taken" would
    // tell that a person of the site is enrolled.
    if (actor.role === "MENTOR_MOTHER") throw fieldError("facilityNumber", "invalidValue");
    if (await tx.client.count({ where: { siteId: site.id, facilityNumber: input.facilityNumber } })) throw fieldError("facilityNumber", "facilityNumberTaken");
  }

  const errors: FieldErrors = {};
  if (!site.active) errors.siteId = ["siteClosed"];
  const { languages } = await loadProgrammeSettings(tx);
  const language = languages.find((l) => l.code.toLowerCase() === input.preferredLanguage);
  if (!language) errors.preferredLanguage = ["unknownLanguage"];
  const phones = input.phones.map((p, i) => {
    const e164 = normalizePhone(p.number, site.country.code);
    if (!e164) errors[`phones.${i}.number`] = ["invalidPhone"];
    return e164 ?? "";
  });
  // "082 123 4567" and "+27821234567" are the same phone: only visible once normalised.
  if (!Object.keys(errors).some((k) => k.startsWith("phones")) && new Set(phones).size !== phones.length) {
    errors.phones = ["duplicatePhone"];
  }
  if (Object.keys(errors).length) throw new AppError("VALIDATION", "correctFields", errors);
  return { site, phones, language: language!.code };
}

const REF_DIGITS = 6;

/**
 * Inserts the client under the next free ref of her site ("ZA-SOW-000501"). Race-safe without
 * locks: the unique index on ref decides, and ON CONFLICT DO NOTHING (skipDuplicates) lets a loser
 * try the next number instead of aborting the transaction.
 */
async function insertWithRef(tx: Tx, siteCode: string, data: Omit<Prisma.ClientCreateManyInput, "ref">) {
  // clients.ref is VARCHAR(32): a long site code is shortened to leave room for "-NNNNNN".
  const prefix = `${siteCode.slice(0, 32 - REF_DIGITS - 1)}-`;
  const pattern = `^${prefix.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}[0-9]{${REF_DIGITS}}$`;
  // The range keeps this on the ref index (newest first, one row); the pattern skips other shapes.
  const [last] = await tx.$queryRaw<{ ref: string }[]>`
    SELECT ref FROM clients
    WHERE ref >= ${prefix + "0".repeat(REF_DIGITS)} AND ref <= ${prefix + "9".repeat(REF_DIGITS)} AND ref ~ ${pattern}
    ORDER BY ref DESC LIMIT 1`;
  let n = last ? Number(last.ref.slice(prefix.length)) + 1 : 1;
  for (let attempt = 0; attempt < 20; attempt++, n++) {
    const ref = `${prefix}${String(n).padStart(REF_DIGITS, "0")}`;
    const rows = await tx.client.createManyAndReturn({ data: [{ ...data, ref }], skipDuplicates: true, select: { id: true } });
    if (rows[0]) return { id: rows[0].id, ref };
  }
  // Twenty enrolments at one site in the same instant: ask the user to submit again.
  throw new AppError("CONFLICT", "CONFLICT");
}

const optionalDate = (s: string | undefined) => (s ? dateOnly(s) : null);

export const enrolClientCommand = command({
  name: "clients.enrol",
  permission: "clients.enrol",
  schema: enrolClientSchema,
  async run({ tx, actor, input, now }) {
    const { site, phones, language } = await checkEnrolment(tx, actor, input);

    const duplicates = await findDuplicateCandidates(tx, actor, {
      firstName: input.firstName,
      lastName: input.lastName,
      dateOfBirth: input.dateOfBirth,
      phones,
    });
    // Only a match she may see can stop her: one outside her scope is not hers to know about.
    const possibleDuplicate = duplicates.matches.length > 0;
    // The form asks first (findPossibleDuplicatesCommand); this re-check stops a direct call.
    if (possibleDuplicate && !input.confirmNotDuplicate) {
      throw new AppError("VALIDATION", "possibleDuplicate", { _form: ["possibleDuplicate"] });
    }

    const vl = input.viralLoad;
    const { id, ref } = await insertWithRef(tx, site.code, {
      siteId: site.id,
      firstName: input.firstName,
      lastName: input.lastName,
      dateOfBirth: dateOnly(input.dateOfBirth),
      facilityNumber: input.facilityNumber ?? null,
      sex: input.sex,
      category: input.category,
      enrolmentDate: dateOnly(input.enrolmentDate),
      enrolmentSource: "manual",
      consentCalls: input.consentCalls,
      // Derived only: a message consent on any number is consent to messages (the client-level
      // summary); nothing else sets it (the profile's message-consent form derives it the same way).
      consentMessages: input.phones.some((p) => p.consentSms || p.consentWhatsapp),
      messageLanguage: input.messageLanguage ?? null,
      preferredLanguage: language,
      artStartDate: optionalDate(input.artStartDate),
      expectedDeliveryDate: optionalDate(input.expectedDeliveryDate),
      breastfeeding: input.breastfeeding,
      lastVlCopies: vl?.copies ?? null,
      lastVlDate: vl ? dateOnly(vl.sampleDate) : null,
    });

    await tx.clientPhone.createMany({
      data: input.phones.map((p, i) => ({
        clientId: id,
        number: phones[i]!,
        isPrimary: i === 0,
        sharedPhone: p.sharedPhone,
        mayIdentifyCaller: p.mayIdentifyCaller,
        consentSms: p.consentSms,
        consentWhatsapp: p.consentWhatsapp,
        safeFromMinute: p.safeFrom ? minutesOf(p.safeFrom) : null,
        safeToMinute: p.safeTo ? minutesOf(p.safeTo) : null,
      })),
    });
    if (input.infants.length) {
      await tx.infant.createMany({
        data: input.infants.map((inf) => ({ clientId: id, firstName: inf.firstName ?? null, dateOfBirth: dateOnly(inf.dateOfBirth) })),
      });
    }
    if (input.appointments.length) {
      await tx.appointment.createMany({ data: input.appointments.map((a) => ({ clientId: id, date: dateOnly(a.date), kind: a.kind })) });
    }
    if (vl) {
      // An unknown result date is taken as the sample date: the follow-up calls it drives come
      // due earlier rather than later.
      await tx.viralLoadResult.create({
        data: { clientId: id, copies: vl.copies, sampleDate: dateOnly(vl.sampleDate), resultDate: dateOnly(vl.resultDate ?? vl.sampleDate) },
      });
    }

    // "Today" for the leave check is the site's date, never the server's.
    const picks = await autoAssign(tx, {
      siteId: site.id,
      day: localDay(site.timeZone, now),
      clients: [{ id, language }],
      reason: "enrolment",
      changedById: actor.userId,
    });
    const pick = picks.get(id) ?? { mentorId: null, reason: "no-mentor" as const };
    let result: EnrolResult;
    if (pick.mentorId !== null) {
      const mentor = await tx.user.findUniqueOrThrow({ where: { id: pick.mentorId }, select: { id: true, name: true } });
      result = { id, ref, mentor: { ...mentor, languageMatch: pick.languageMatch } };
    } else {
      result = { id, ref, mentor: null, reason: pick.reason };
    }

    // A match she may not see is raised for the administrators' review (pairs, never twice).
    await raisePossibleDuplicates(tx, id, duplicates.outOfScope, actor.userId);

    return {
      data: result,
      audit: [{
        action: "client.enrolled",
        entityType: "client",
        entityId: id,
        meta: {
          siteId: site.id,
          category: input.category,
          assigned: Boolean(pick.mentorId),
          mentorId: pick.mentorId,
          ...(pick.mentorId ? {} : { unassignedReason: result.reason }),
          duplicateOverride: possibleDuplicate,
          phones: phones.length,
          infants: input.infants.length,
          appointments: input.appointments.length,
        },
      },
      // A possible cross-site duplicate the enroller may not see: recorded (ids only) for someone
      // who may see both records.
      ...(duplicates.outOfScope.length
        ? [possibleDuplicateAudit(id, duplicates.outOfScope)]
        : [])],
    };
  },
});

/** Duplicate checks one user may run in an hour: the enrol form asks once or twice per client. */
export const DUPLICATE_CHECKS_PER_HOUR = 120;

/**
 * The form's question before it enrols: who already in the programme (that she may see) may be
 * this person? Same checks as the enrolment (so a bad phone number is reported here already).
 * Every check is audited (ids and counts only) and throttled per user: a lookup of "is this
 * person a client" must leave a trace and cannot be run in bulk.
 */
export const findPossibleDuplicatesCommand = command({
  name: "clients.findDuplicates",
  permission: "clients.enrol",
  schema: enrolClientSchema,
  async run({ tx, actor, input, now }) {
    const recent = await tx.auditEvent.count({
      where: { actorId: actor.userId, action: "clients.duplicate_check", at: { gte: new Date(now.getTime() - 3_600_000) } },
    });
    if (recent >= DUPLICATE_CHECKS_PER_HOUR) {
      const refusal = { action: "clients.duplicate_check.rate_limited", entityType: "client" };
      return { data: { matches: [] } as DuplicateCheck, audit: refusal, refuse: new AppError("RATE_LIMITED", "RATE_LIMITED") };
    }
    const { phones } = await checkEnrolment(tx, actor, input);
    const { matches, outOfScope } = await findDuplicateCandidates(tx, actor, {
      firstName: input.firstName,
      lastName: input.lastName,
      dateOfBirth: input.dateOfBirth,
      phones,
    });
    const data: DuplicateCheck = { matches };
    return {
      data,
      audit: {
        action: "clients.duplicate_check",
        entityType: "client",
        meta: { siteId: input.siteId, shown: matches.map((m) => m.id), outOfScope: outOfScope.length },
      },
    };
  },
});
