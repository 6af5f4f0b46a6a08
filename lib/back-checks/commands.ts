// The supervisor records a back-check call (issue 11): confirmed, not confirmed or could not reach,
// with a note. A back-check is a call like any other: it is refused when the client takes no more
// calls (opt-out, exit, no consent), when she has no working phone, outside the phone's safe hours
// (the queue's rule, lib/calls/queue-rules.ts inSafeWindow) and when the number's calls for today
// are used up (the outcome recording's per-phone limit, lib/calls/record.ts, counting these calls
// too). Scope: the client's site among the supervisor's sites now (404 otherwise). Audited with
// ids and the result only: the note stays on the row.
import { command, type Tx } from "@/lib/action";
import { clientScope, type Actor } from "@/lib/authz";
import { AppError, conflict, notFound } from "@/lib/errors";
import { localDay, minuteOfDay, dayStart } from "@/lib/site-clock";
import { inSafeWindow } from "@/lib/calls/queue-rules";
import { canCallPhone } from "@/lib/calls/state-machine";
import { callsToPhoneSince, lockPhoneNumber } from "@/lib/calls/record";
import { readCountrySettings } from "@/lib/settings/schemas";
import { recordBackCheckSchema } from "@/lib/back-checks/schemas";
import type { BackCheckBlock, BackCheckResult } from "@/lib/back-checks/rules";

export type RecordBackCheckResult = { backCheckId: string; status: BackCheckResult; version: number };

export type BackCheckPhone = {
  id: string;
  number: string;
  sharedPhone: boolean;
  safeFromMinute: number | null;
  safeToMinute: number | null;
  mayIdentifyCaller: boolean;
};

export type LoadedBackCheck = {
  id: string;
  status: string;
  version: number;
  attemptId: string;
  mentorId: string;
  callDay: Date;
  client: { id: string; firstName: string; ref: string; sex: string; preferredLanguage: string; status: string; consentCalls: boolean; timeZone: string; settings: unknown };
  phone: BackCheckPhone | null;
};

/** The back-check if its client is in the actor's scope now (404 otherwise), with the number to
 * call: the one the checked call used while it works, else her primary working number. */
export async function loadBackCheck(tx: Pick<Tx, "backCheck" | "client" | "clientPhone">, actor: Actor, id: string): Promise<LoadedBackCheck> {
  const b = await tx.backCheck.findUnique({ where: { id } });
  if (!b) throw notFound();
  const c = await tx.client.findFirst({
    where: { id: b.clientId, ...clientScope(actor) },
    select: {
      id: true, firstName: true, ref: true, sex: true, preferredLanguage: true, status: true, consentCalls: true,
      site: { select: { timeZone: true, country: { select: { settings: true } } } },
    },
  });
  if (!c) throw notFound();
  const phones = await tx.clientPhone.findMany({
    where: { clientId: c.id, status: "OK" },
    orderBy: [{ isPrimary: "desc" }, { id: "asc" }],
    select: { id: true, number: true, sharedPhone: true, safeFromMinute: true, safeToMinute: true, mayIdentifyCaller: true },
  });
  const phone = phones.find((p) => p.id === b.phoneId) ?? phones[0] ?? null;
  const { site, ...client } = c;
  return {
    id: b.id, status: b.status, version: b.version, attemptId: b.attemptId, mentorId: b.mentorId, callDay: b.callDay,
    client: { ...client, timeZone: site.timeZone, settings: site.country.settings },
    phone,
  };
}

/** Why the back-check cannot be made at `now` (null = it can), given the number's calls today. */
export function blockOf(b: Pick<LoadedBackCheck, "client" | "phone">, now: Date, callsToday: number): BackCheckBlock | null {
  if (b.client.status !== "ACTIVE" || !b.client.consentCalls) return "optedOut";
  if (!b.phone) return "noPhone";
  if (!inSafeWindow(minuteOfDay(b.client.timeZone, now), b.phone.safeFromMinute, b.phone.safeToMinute)) return "outsideSafeHours";
  if (!canCallPhone(callsToday, readCountrySettings(b.client.settings))) return "phoneLimit";
  return null;
}

/** The number's calls today at the client's site (Mentor Mothers' calls and back-checks). */
export async function phoneCallsToday(tx: Pick<Tx, "$queryRaw">, b: Pick<LoadedBackCheck, "client" | "phone">, now: Date): Promise<number> {
  if (!b.phone) return 0;
  return callsToPhoneSince(tx, b.phone.number, dayStart(localDay(b.client.timeZone, now), b.client.timeZone));
}

/** The errors catalogue's key for each refusal (messages/<locale>/errors.json). */
const BLOCK_MESSAGE: Record<BackCheckBlock, string> = {
  optedOut: "backCheckOptedOut", noPhone: "backCheckNoPhone", outsideSafeHours: "backCheckOutsideSafeHours", phoneLimit: "phoneLimit",
};

export const recordBackCheckCommand = command({
  name: "backcheck.record",
  permission: "backchecks.manage",
  schema: recordBackCheckSchema,
  async run({ tx, actor, input, now }) {
    const b = await loadBackCheck(tx, actor, input.backCheckId);
    await tx.$executeRaw`SELECT 1 FROM back_checks WHERE id = ${b.id}::uuid FOR UPDATE`;
    if (b.status !== "DUE") throw conflict();
    if (b.phone) await lockPhoneNumber(tx, b.phone.number);
    const block = blockOf(b, now, await phoneCallsToday(tx, b, now));
    if (block) throw new AppError("VALIDATION", BLOCK_MESSAGE[block]);
    const { count } = await tx.backCheck.updateMany({
      where: { id: b.id, version: input.version, status: "DUE" },
      data: {
        status: input.result, note: input.note || null, phoneId: b.phone!.id, calledAt: now, recordedById: actor.userId,
        version: { increment: 1 },
      },
    });
    if (count === 0) throw conflict();
    return {
      data: { backCheckId: b.id, status: input.result, version: input.version + 1 } satisfies RecordBackCheckResult,
      audit: {
        action: "backcheck.recorded", entityType: "back_check", entityId: b.id,
        meta: { clientId: b.client.id, attemptId: b.attemptId, mentorId: b.mentorId, result: input.result, phoneId: b.phone!.id },
      },
    };
  },
});
