// Possible double enrolment (issue 3): the same phone number, or the same date of birth with a
// similar name. The name comparison is pure (unit-tested); the candidate query looks programme-wide,
// because a client enrolled at another site is still the same person, but it only tells the actor
// about the matches she may see. Being a client means living with HIV: an out-of-scope match is
// not even hinted at (no "there is one"); its id goes to the server's own record instead
// (`outOfScope`: the enrolment writes it to the audit trail for someone who may see both).
import type { Tx } from "@/lib/action";
import type { AuditEntry } from "@/lib/audit";
import { clientScope, type Actor } from "@/lib/authz";
import { dateOnly, isoDate } from "@/lib/dates";

/** Names this close (0..1) with the same date of birth count as a possible duplicate. */
export const NAME_SIMILARITY_THRESHOLD = 0.8;

export type PersonName = { firstName: string; lastName: string };

/** Lower case, accents and apostrophes dropped, every other non-letter a single space. */
export function normaliseName(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function tokensOf(name: PersonName): string[] {
  return normaliseName(`${name.firstName} ${name.lastName}`).split(" ").filter(Boolean);
}

/** Bigrams of each word padded with spaces (as pg_trgm pads), so word order does not matter. */
function bigrams(tokens: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tokens) {
    const padded = ` ${t} `;
    for (let i = 0; i < padded.length - 1; i++) {
      const g = padded.slice(i, i + 2);
      out.set(g, (out.get(g) ?? 0) + 1);
    }
  }
  return out;
}

/** Sørensen-Dice coefficient of two bigram multisets. */
function dice(a: Map<string, number>, b: Map<string, number>): number {
  let sizeA = 0;
  let sizeB = 0;
  let common = 0;
  for (const n of a.values()) sizeA += n;
  for (const n of b.values()) sizeB += n;
  for (const [g, n] of a) common += Math.min(n, b.get(g) ?? 0);
  return sizeA + sizeB === 0 ? 0 : (2 * common) / (sizeA + sizeB);
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * How alike two people's names are, 0..1. Order-free (first and last name swapped, or written in
 * one field, give the same answer), accent- and case-blind. The higher of two measures: bigram
 * Dice catches extra or missing middle names; the edit distance of the sorted words catches a
 * typing slip in short names, where one wrong letter removes half the bigrams.
 */
export function nameSimilarity(a: PersonName, b: PersonName): number {
  const ta = tokensOf(a);
  const tb = tokensOf(b);
  if (ta.length === 0 || tb.length === 0) return 0;
  const sa = [...ta].sort().join(" ");
  const sb = [...tb].sort().join(" ");
  if (sa === sb) return 1;
  const byBigrams = dice(bigrams(ta), bigrams(tb));
  const byEdits = 1 - levenshtein(sa, sb) / Math.max(sa.length, sb.length);
  return Math.max(byBigrams, byEdits);
}

export function isSimilarName(a: PersonName, b: PersonName): boolean {
  return nameSimilarity(a, b) >= NAME_SIMILARITY_THRESHOLD;
}

// -------------------------------------------------------------------------------------------------
// The candidate query.

export type DuplicateReason = "phone" | "nameAndBirth";

export type DuplicateMatch = {
  id: string;
  ref: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  siteName: string;
  reasons: DuplicateReason[];
};

/** What the actor is told: the matches she may see, nothing else. */
export type DuplicateCheck = { matches: DuplicateMatch[] };
/** Server side only: also the ids of matches outside her scope (never sent to her). */
export type DuplicateFinding = DuplicateCheck & { outOfScope: string[] };

export type DuplicateProbe = PersonName & {
  dateOfBirth: string;
  /** E.164 numbers, already normalised with the site's country rules */
  phones: string[];
  /** Leave this client out (an edit of an existing record) */
  excludeClientId?: string;
};

const MAX_SHOWN = 10;

/**
 * Clients that may be the same person as `probe`, programme-wide. Both lookups use an index
 * (client_phones.number, clients.date_of_birth) so the check stays fast at a million clients.
 */
export async function findDuplicateCandidates(tx: Tx, actor: Actor, probe: DuplicateProbe): Promise<DuplicateFinding> {
  const [byPhone, sameBirth] = await Promise.all([
    probe.phones.length
      ? tx.clientPhone.findMany({ where: { number: { in: probe.phones } }, select: { clientId: true }, take: 50 })
      : Promise.resolve([]),
    tx.client.findMany({
      where: { dateOfBirth: dateOnly(probe.dateOfBirth) },
      select: { id: true, firstName: true, lastName: true },
      // People born on one day across the whole programme: dozens at a million clients.
      take: 2000,
    }),
  ]);
  const reasons = new Map<string, Set<DuplicateReason>>();
  const add = (id: string, r: DuplicateReason) => {
    if (id === probe.excludeClientId) return;
    (reasons.get(id) ?? reasons.set(id, new Set()).get(id)!).add(r);
  };
  for (const p of byPhone) add(p.clientId, "phone");
  for (const c of sameBirth) if (isSimilarName(probe, c)) add(c.id, "nameAndBirth");
  if (reasons.size === 0) return { matches: [], outOfScope: [] };

  const ids = [...reasons.keys()];
  const visible = await tx.client.findMany({
    where: { AND: [clientScope(actor), { id: { in: ids } }] },
    select: { id: true, ref: true, firstName: true, lastName: true, dateOfBirth: true, site: { select: { name: true } } },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    take: MAX_SHOWN,
  });
  const inScope = new Set(
    visible.length < MAX_SHOWN
      ? visible.map((c) => c.id)
      : (await tx.client.findMany({ where: { AND: [clientScope(actor), { id: { in: ids } }] }, select: { id: true } })).map((c) => c.id),
  );
  return {
    matches: visible.map((c) => ({
      id: c.id,
      ref: c.ref,
      firstName: c.firstName,
      lastName: c.lastName,
      dateOfBirth: isoDate(c.dateOfBirth),
      siteName: c.site.name,
      reasons: [...reasons.get(c.id)!].sort(),
    })),
    outOfScope: ids.filter((id) => !inScope.has(id)),
  };
}

/**
 * The record of a possible cross-site duplicate (issue 13): a client just written (enrolled or
 * imported) may be the same person as clients the writer may not see. Ids only, for someone who
 * may see both records; the writer is never told. Every path that writes a client raises it here.
 */
export function possibleDuplicateAudit(clientId: string, otherClientIds: readonly string[]): AuditEntry {
  return { action: "client.possible_duplicate", entityType: "client", entityId: clientId, meta: { otherClientIds: otherClientIds.slice(0, 20) } };
}
