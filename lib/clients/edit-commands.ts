// Editing a client after enrolment (supervisors for their sites, administrators): names, facility
// number, language, consents and phones. Like the profile's commands, each is scoped by clientScope
// (out of scope -> NOT_FOUND, audited as access.denied), carries the client's version (stale ->
// CONFLICT, nothing written; lib/clients/lifecycle.ts bumpClient) and writes its audit row in the
// same transaction. The audit holds coded values old -> new (language, consents, phone flags,
// phone status) and only the names of identifying fields (names, numbers, facility number).
//
// A phone is never deleted: a corrected number retires the old row (the calls made to it stay
// linked to the number actually dialled) and adds a new one; a retired phone is never called
// again (every phone pick asks for status OK). A change that leaves her a working number settles
// her open "phone update" escalation (lib/escalations/phone-update.ts).
import { command, type Tx } from "@/lib/action";
import { clientScope, type Actor } from "@/lib/authz";
import type { AuditEntry } from "@/lib/audit";
import { AppError, conflict, fieldError, isUniqueViolation, notFound } from "@/lib/errors";
import { bumpClient } from "@/lib/clients/lifecycle";
import { loadProgrammeSettings } from "@/lib/settings/commands";
import { minutesOf } from "@/lib/minutes";
import { normalizePhone } from "@/lib/phones";
import { resolvePhoneUpdates } from "@/lib/escalations/phone-update";
import { cancelOpenTasks } from "@/lib/calls/tasks";
import { localDay } from "@/lib/site-clock";
import {
  MAX_PHONES_IN_USE,
  detailChanges,
  nextPrimary,
  phoneFlagChanges,
  retireRefusal,
  settlesPhoneUpdate,
  type PhoneState,
} from "@/lib/clients/edit-rules";
import { addPhoneSchema, editDetailsSchema, retirePhoneSchema, updatePhoneSchema } from "@/lib/clients/edit-schemas";

/** The client in the actor's scope at the version the form read, with her phones. */
/** The client in the actor's scope at `version` (else NOT_FOUND / CONFLICT), with what the edit
 * commands read: every command that edits a client after enrolment starts here. */
export async function loadForEdit(tx: Tx, actor: Actor, clientId: string, version: number) {
  const client = await tx.client.findFirst({
    where: { AND: [clientScope(actor), { id: clientId }] },
    select: {
      id: true, version: true, siteId: true, firstName: true, lastName: true, facilityNumber: true, preferredLanguage: true,
      consentCalls: true, consentMessages: true,
      site: { select: { timeZone: true, country: { select: { code: true } } } },
      phones: {
        orderBy: [{ isPrimary: "desc" }, { id: "asc" }],
        select: { id: true, number: true, status: true, isPrimary: true, sharedPhone: true, mayIdentifyCaller: true, safeFromMinute: true, safeToMinute: true },
      },
    },
  });
  if (!client) throw notFound();
  if (client.version !== version) throw conflict();
  return client;
}

type Loaded = Awaited<ReturnType<typeof loadForEdit>>;
type PhoneInput = { number: string; sharedPhone: boolean; mayIdentifyCaller: boolean; safeFrom?: string; safeTo?: string };

function flagsOf(p: PhoneInput) {
  return {
    sharedPhone: p.sharedPhone,
    mayIdentifyCaller: p.mayIdentifyCaller,
    safeFromMinute: p.safeFrom ? minutesOf(p.safeFrom) : null,
    safeToMinute: p.safeTo ? minutesOf(p.safeTo) : null,
  };
}

/** E.164 with the site's country rules; refuses a number she already has in use. */
function checkNumber(client: Loaded, raw: string, exceptPhoneId?: string): string {
  const e164 = normalizePhone(raw, client.site.country.code);
  if (!e164) throw fieldError("phone.number", "invalidPhone");
  if (client.phones.some((p) => p.id !== exceptPhoneId && p.status !== "RETIRED" && p.number === e164)) throw fieldError("phone.number", "duplicatePhone");
  return e164;
}

/** One of her phones still in use (a retired one, or another client's, is not found). */
function phoneInUse(client: Loaded, phoneId: string) {
  const phone = client.phones.find((p) => p.id === phoneId && p.status !== "RETIRED");
  if (!phone) throw notFound();
  return phone;
}

async function makePrimary(tx: Tx, clientId: string, phoneId: string): Promise<void> {
  await tx.clientPhone.updateMany({ where: { clientId, id: { not: phoneId }, isPrimary: true }, data: { isPrimary: false } });
  await tx.clientPhone.update({ where: { id: phoneId }, data: { isPrimary: true } });
}

async function phonesAfter(tx: Tx, clientId: string): Promise<PhoneState[]> {
  return tx.clientPhone.findMany({ where: { clientId }, select: { id: true, status: true, isPrimary: true } });
}

/** Her open phone-update escalations close when the change gave her a working number. */
async function settle(tx: Tx, actor: Actor, clientId: string, change: Parameters<typeof settlesPhoneUpdate>[0], now: Date, phoneId: string, retiredStatus?: PhoneState["status"]) {
  if (!settlesPhoneUpdate(change, await phonesAfter(tx, clientId), retiredStatus)) return { ids: [] as string[], audit: [] as AuditEntry[] };
  return resolvePhoneUpdates(tx, clientId, actor.userId, now, phoneId);
}

export const editDetailsCommand = command({
  name: "clients.editDetails",
  permission: "clients.edit",
  schema: editDetailsSchema,
  async run({ tx, actor, input, now }) {
    const client = await loadForEdit(tx, actor, input.clientId, input.version);
    const { languages } = await loadProgrammeSettings(tx);
    const language = languages.find((l) => l.code.toLowerCase() === input.preferredLanguage);
    if (!language) throw fieldError("preferredLanguage", "unknownLanguage");
    const after = {
      firstName: input.firstName,
      lastName: input.lastName,
      facilityNumber: input.facilityNumber ?? null,
      preferredLanguage: language.code,
      consentCalls: input.consentCalls,
    };
    const { fields, changes } = detailChanges(client, after);
    if (fields.length === 0) return { data: { version: input.version, fields, tasksCancelled: 0 }, audit: [] };
    if (fields.includes("facilityNumber") && after.facilityNumber) {
      // The supervisor sees the whole site: "taken" tells her nothing outside her scope.
      const taken = await tx.client.count({ where: { siteId: client.siteId, facilityNumber: after.facilityNumber, id: { not: client.id } } });
      if (taken) throw fieldError("facilityNumber", "facilityNumberTaken");
    }
    try {
      await bumpClient(tx, client.id, input.version, after);
    } catch (e) {
      if (isUniqueViolation(e)) throw fieldError("facilityNumber", "facilityNumberTaken");
      throw e;
    }
    // Consent to calls withdrawn is honoured at once, as an opt-out is: her open calls from today
    // on are cancelled by the task owner (generation already skips a client without consent).
    const tasksCancelled = changes.consentCalls?.to === false
      ? await cancelOpenTasks(tx, { clientIds: [client.id], fromDay: localDay(client.site.timeZone, now) })
      : 0;
    return {
      data: { version: input.version + 1, fields, tasksCancelled },
      audit: { action: "client.updated", entityType: "client", entityId: client.id, meta: { fields, changes, source: "edit", ...(tasksCancelled ? { tasksCancelled } : {}) } },
    };
  },
});

export const addPhoneCommand = command({
  name: "clients.addPhone",
  permission: "clients.edit",
  schema: addPhoneSchema,
  async run({ tx, actor, input, now }) {
    const client = await loadForEdit(tx, actor, input.clientId, input.version);
    if (client.phones.filter((p) => p.status !== "RETIRED").length >= MAX_PHONES_IN_USE) throw new AppError("VALIDATION", "tooManyPhones", { _form: ["tooManyPhones"] });
    const number = checkNumber(client, input.phone.number);
    await bumpClient(tx, client.id, input.version);
    const primary = input.primary || !client.phones.some((p) => p.isPrimary && p.status !== "RETIRED");
    const phone = await tx.clientPhone.create({ data: { clientId: client.id, number, isPrimary: false, ...flagsOf(input.phone) }, select: { id: true } });
    if (primary) await makePrimary(tx, client.id, phone.id);
    const settled = await settle(tx, actor, client.id, "added", now, phone.id);
    return {
      data: { version: input.version + 1, phoneId: phone.id, escalationsResolved: settled.ids },
      audit: [
        { action: "client.phone_added", entityType: "client", entityId: client.id, meta: { phoneId: phone.id, primary, fields: ["number"], flags: phoneFlagChanges(NO_FLAGS, flagsOf(input.phone)) } },
        ...settled.audit,
      ],
    };
  },
});

const NO_FLAGS = { sharedPhone: false, mayIdentifyCaller: false, safeFromMinute: null, safeToMinute: null };

export const updatePhoneCommand = command({
  name: "clients.updatePhone",
  permission: "clients.edit",
  schema: updatePhoneSchema,
  async run({ tx, actor, input, now }) {
    const client = await loadForEdit(tx, actor, input.clientId, input.version);
    const old = phoneInUse(client, input.phoneId);
    const number = checkNumber(client, input.phone.number, old.id);
    const flags = flagsOf(input.phone);
    const flagChanges = phoneFlagChanges(old, flags);
    const corrected = number !== old.number;
    const confirmed = !corrected && input.confirmWorking && old.status !== "OK";
    const primaryChange = input.primary && !old.isPrimary;
    if (!corrected && !confirmed && !primaryChange && Object.keys(flagChanges).length === 0) {
      return { data: { version: input.version, phoneId: old.id, escalationsResolved: [] as string[] }, audit: [] };
    }
    await bumpClient(tx, client.id, input.version);
    let phoneId = old.id;
    if (corrected) {
      // The old number keeps its calls (and its flag): retired, never deleted.
      await tx.clientPhone.update({ where: { id: old.id }, data: { status: "RETIRED", retiredAt: now, isPrimary: false } });
      phoneId = (await tx.clientPhone.create({ data: { clientId: client.id, number, isPrimary: false, ...flags }, select: { id: true } })).id;
      if (old.isPrimary || input.primary) await makePrimary(tx, client.id, phoneId);
    } else {
      await tx.clientPhone.update({ where: { id: old.id }, data: { ...flags, ...(confirmed ? { status: "OK" } : {}) } });
      if (primaryChange) await makePrimary(tx, client.id, old.id);
    }
    const settled = corrected || confirmed ? await settle(tx, actor, client.id, corrected ? "corrected" : "confirmed", now, phoneId) : { ids: [], audit: [] };
    const meta = {
      phoneId: old.id,
      ...(corrected ? { newPhoneId: phoneId, fields: ["number"] } : {}),
      ...(corrected || confirmed ? { status: { from: old.status, to: corrected ? "RETIRED" : "OK" } } : {}),
      ...(primaryChange ? { primary: { from: false, to: true } } : {}),
      flags: flagChanges,
    };
    return {
      data: { version: input.version + 1, phoneId, escalationsResolved: settled.ids },
      audit: [{ action: corrected ? "client.phone_corrected" : "client.phone_updated", entityType: "client", entityId: client.id, meta }, ...settled.audit],
    };
  },
});

export const retirePhoneCommand = command({
  name: "clients.retirePhone",
  permission: "clients.edit",
  schema: retirePhoneSchema,
  async run({ tx, actor, input, now }) {
    const client = await loadForEdit(tx, actor, input.clientId, input.version);
    const phone = phoneInUse(client, input.phoneId);
    const refusal = retireRefusal(client.phones, phone.id);
    if (refusal) throw new AppError("VALIDATION", refusal, { _form: [refusal] });
    await bumpClient(tx, client.id, input.version);
    const primary = phone.isPrimary ? nextPrimary(client.phones, phone.id) : null;
    await tx.clientPhone.update({ where: { id: phone.id }, data: { status: "RETIRED", retiredAt: now, isPrimary: false } });
    if (primary) await makePrimary(tx, client.id, primary);
    const settled = await settle(tx, actor, client.id, "retired", now, phone.id, phone.status);
    return {
      data: { version: input.version + 1, escalationsResolved: settled.ids },
      audit: [
        { action: "client.phone_retired", entityType: "client", entityId: client.id, meta: { phoneId: phone.id, status: { from: phone.status, to: "RETIRED" }, ...(primary ? { newPrimaryId: primary } : {}) } },
        ...settled.audit,
      ],
    };
  },
});
