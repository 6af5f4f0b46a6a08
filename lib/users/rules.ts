// Pure rules for staff accounts: no Prisma, no Next.js. Unit-tested at their edges.
import type { Role } from "@/lib/generated/prisma/enums";

type AdminFacts = { role: Role; active: boolean };

/** True when a change would leave the programme with no active administrator: nobody could then
 * manage accounts. `activeAdminCount` is the number of active administrators before the change. */
export function wouldRemoveLastAdmin(activeAdminCount: number, before: AdminFacts, after: AdminFacts): boolean {
  const countedBefore = before.role === "ADMIN" && before.active;
  const countedAfter = after.role === "ADMIN" && after.active;
  return countedBefore && !countedAfter && activeAdminCount <= 1;
}

/** Which roles keep which attachments: anything else the form sends is ignored, not stored. */
export function attachmentsFor(role: Role, input: { siteIds: string[]; countryId: string | null }) {
  return {
    siteIds: role === "MENTOR_MOTHER" || role === "SUPERVISOR" || role === "DATA_CLERK" ? [...new Set(input.siteIds)] : [],
    countryId: role === "PROGRAMME_MANAGER" ? input.countryId : null,
  };
}

const sameSet = <T>(a: readonly T[], b: readonly T[]) => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
};

export type UserSnapshot = {
  name: string;
  username: string;
  phone: string | null;
  role: Role;
  countryId: string | null;
  locale: string;
  siteIds: string[];
  /** null when she has no Mentor Mother profile */
  mentor: { languages: string[]; dailyCapacity: number; caseloadCap: number | null; workingDays: number[] } | null;
};

/** Names of the fields that differ: what the audit row records (never the values themselves). */
export function changedFields(before: UserSnapshot, after: UserSnapshot): string[] {
  const out: string[] = [];
  for (const k of ["name", "username", "phone", "role", "countryId", "locale"] as const) {
    if (before[k] !== after[k]) out.push(k);
  }
  if (!sameSet(before.siteIds, after.siteIds)) out.push("sites");
  if (after.mentor) {
    const b = before.mentor;
    if (!b || !sameSet(b.languages, after.mentor.languages)) out.push("languages");
    if (!b || b.dailyCapacity !== after.mentor.dailyCapacity) out.push("dailyCapacity");
    if (!b || b.caseloadCap !== after.mentor.caseloadCap) out.push("caseloadCap");
    if (!b || !sameSet(b.workingDays, after.mentor.workingDays)) out.push("workingDays");
  }
  return out;
}

/** Roles for which an administrator can grant identified data (lib/authz.ts GRANTED). */
export const IDENTIFIED_ACCESS_ROLES: readonly Role[] = ["ADMIN", "PROGRAMME_MANAGER", "SUPERVISOR"];
