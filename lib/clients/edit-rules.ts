// Editing a client after enrolment, and transfers between sites: the pure rules (no database).
// What an edit changed and how its audit row says it (coded values old -> new; identifying values
// - names, numbers, the facility number - by field name only, security.md), which phones may be
// retired, which phone becomes primary, and which transfer decisions are still open.
import { hhmmOf } from "@/lib/minutes";

/** At most this many phones in use (retired ones are history and do not count), as at enrolment. */
export const MAX_PHONES_IN_USE = 3;

export type DetailValues = {
  firstName: string;
  lastName: string;
  facilityNumber: string | null;
  preferredLanguage: string;
  consentCalls: boolean;
};

/** Fields whose values identify her: the audit names them, never copies them. */
const IDENTIFYING_DETAILS = ["firstName", "lastName", "facilityNumber"] as const;
// Consent to messages is not a detail: the message-consent form derives it from the phones.
const CODED_DETAILS = ["preferredLanguage", "consentCalls"] as const;

export type Change = { from: string | boolean | null; to: string | boolean | null };

/** What an edit of her details changes: `fields` lists every changed field; `changes` holds the
 * old -> new values of the coded ones (language, consents). Empty `fields`: nothing to write. */
export function detailChanges(before: DetailValues, after: DetailValues): { fields: string[]; changes: Record<string, Change> } {
  const fields: string[] = [];
  const changes: Record<string, Change> = {};
  for (const k of IDENTIFYING_DETAILS) if ((before[k] ?? null) !== (after[k] ?? null)) fields.push(k);
  for (const k of CODED_DETAILS) {
    if (before[k] !== after[k]) {
      fields.push(k);
      changes[k] = { from: before[k], to: after[k] };
    }
  }
  return { fields, changes };
}

export type PhoneFlags = {
  sharedPhone: boolean;
  mayIdentifyCaller: boolean;
  safeFromMinute: number | null;
  safeToMinute: number | null;
};

const safeHours = (p: PhoneFlags) => (p.safeFromMinute === null || p.safeToMinute === null ? null : `${hhmmOf(p.safeFromMinute)}-${hhmmOf(p.safeToMinute)}`);

/** The confidentiality flags of a phone that change, old -> new (none of them identifies her). */
export function phoneFlagChanges(before: PhoneFlags, after: PhoneFlags): Record<string, Change> {
  const out: Record<string, Change> = {};
  if (before.sharedPhone !== after.sharedPhone) out.sharedPhone = { from: before.sharedPhone, to: after.sharedPhone };
  if (before.mayIdentifyCaller !== after.mayIdentifyCaller) out.mayIdentifyCaller = { from: before.mayIdentifyCaller, to: after.mayIdentifyCaller };
  if (safeHours(before) !== safeHours(after)) out.safeHours = { from: safeHours(before), to: safeHours(after) };
  return out;
}

export type PhoneState = { id: string; status: "OK" | "WRONG_NUMBER" | "NOT_IN_SERVICE" | "RETIRED"; isPrimary: boolean };

/** Why a phone may not be retired: it is the last one in use (correct it instead). */
export function retireRefusal(phones: readonly PhoneState[], phoneId: string): "lastPhone" | null {
  const inUse = phones.filter((p) => p.status !== "RETIRED");
  return inUse.length <= 1 && inUse.some((p) => p.id === phoneId) ? "lastPhone" : null;
}

/**
 * Which phone is primary once `leaving` (retired) is gone: the current primary when it stays,
 * otherwise the first working phone, otherwise the first still in use; null when none is left.
 */
export function nextPrimary(phones: readonly PhoneState[], leaving: string): string | null {
  const left = phones.filter((p) => p.id !== leaving && p.status !== "RETIRED");
  return (left.find((p) => p.isPrimary) ?? left.find((p) => p.status === "OK") ?? left[0])?.id ?? null;
}

/** A phone change that gives her a working number again settles a "phone update" escalation:
 * a number added or corrected, a flagged number confirmed working, or a flagged number retired
 * while another working one remains. */
export function settlesPhoneUpdate(change: "added" | "corrected" | "confirmed" | "retired" | "flags", phonesAfter: readonly PhoneState[], retiredStatus?: PhoneState["status"]): boolean {
  const working = phonesAfter.some((p) => p.status === "OK");
  if (!working) return false;
  if (change === "added" || change === "corrected" || change === "confirmed") return true;
  return change === "retired" && (retiredStatus === "WRONG_NUMBER" || retiredStatus === "NOT_IN_SERVICE");
}

// ------------------------------------------------------------------------------------------------
// Transfers.

export const TRANSFER_STATUSES = ["PROPOSED", "ACCEPTED", "DECLINED", "CANCELLED"] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** Only a proposal still open may be accepted, declined or withdrawn. */
export function transferOpen(status: string): boolean {
  return status === "PROPOSED";
}

/** Why a client may not be proposed for a transfer to `toSiteId`, or null when she may. */
export function transferRefusal(client: { status: string; siteId: string }, toSiteId: string): "transferNotActive" | "sameSite" | null {
  if (client.status !== "ACTIVE") return "transferNotActive";
  if (client.siteId === toSiteId) return "sameSite";
  return null;
}
