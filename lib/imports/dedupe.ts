// Duplicates in an import (issue 3): the site's facility number or the same phone number as a
// client already registered, or the same date of birth and a similar name (lib/clients/duplicates.ts decides "similar"); and the same
// within the file. Such rows are skipped and reported, never imported twice.
//
// Set-based, so it stays two queries for 50,000 rows against a million clients: one index probe
// per phone number, and one pass over the register that finds clients born on the same day who
// share at least one name field (case-blind) with a row; the similarity of the whole name is then
// decided in JavaScript for those few pairs. Rows of the file are compared with each other by the
// same two rules. (A client whose first AND last names are both spelt differently is not found
// this way; the enrolment form's one-by-one check compares every name born that day. And twins
// with one surname look like one person: they are listed as skipped, for enrolment by hand.)
import type { Tx } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { isSimilarName } from "@/lib/clients/duplicates";
import type { RowIssue } from "@/lib/imports/errors";
import { pgArray } from "@/lib/imports/pg-array";
import type { PreparedRow } from "@/lib/imports/rows";

type Db = Pick<Tx, "$queryRaw">;

/** Whether the actor may see clients of this site (only administrators and supervisors import). */
function seesSite(actor: Actor, siteId: string): boolean {
  return actor.role === "ADMIN" || actor.siteIds.includes(siteId);
}

type Existing = { id: string; ref: string; siteId: string; firstName: string; lastName: string };

/**
 * Splits `rows` (in file order) into the rows to import and the duplicates to skip, each reported
 * on the column that matched: a registered client's ref when the actor may see that client, else
 * only that one exists (never a name or a ref from outside her scope).
 */
export async function findDuplicates(db: Db, actor: Actor, rows: readonly PreparedRow[]): Promise<{ unique: PreparedRow[]; duplicates: RowIssue[] }> {
  const dupOf = new Map<number, RowIssue>(); // index in rows -> issue
  const mark = (i: number, issue: Omit<RowIssue, "row">) => {
    if (!dupOf.has(i)) dupOf.set(i, { row: rows[i]!.row, ...issue });
  };
  const existingIssue = (e: { ref: string; siteId: string }) =>
    seesSite(actor, e.siteId) ? { key: "duplicateClient", params: { ref: e.ref } } : { key: "duplicateClientHidden" };
  if (rows.length === 0) return { unique: [], duplicates: [] };

  // Rows by phone number, and by (date of birth, lower-case name field): both checks use them.
  const rowsByPhone = new Map<string, { i: number; column: string }[]>();
  const rowsByName = new Map<string, number[]>();
  rows.forEach((r, i) => {
    for (const p of r.phones) (rowsByPhone.get(p.number) ?? rowsByPhone.set(p.number, []).get(p.number)!).push({ i, column: `phone_${p.slot}` });
    for (const t of new Set([r.firstName.toLowerCase(), r.lastName.toLowerCase()])) {
      const key = pairKey(r.dateOfBirth, t);
      (rowsByName.get(key) ?? rowsByName.set(key, []).get(key)!).push(i);
    }
  });
  // Rows by (site, facility number): the number is the facility's own and unique within a site.
  const rowsByFacilityNumber = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (!r.facilityNumber) return;
    const key = pairKey(r.siteId, r.facilityNumber);
    (rowsByFacilityNumber.get(key) ?? rowsByFacilityNumber.set(key, []).get(key)!).push(i);
  });
  const facilityKeys = [...rowsByFacilityNumber.keys()].map((k) => k.split(SEP) as [string, string]);
  const keys = [...rowsByName.keys()].map((k) => k.split(SEP) as [string, string]);
  const dobs = keys.map((k) => k[0]).sort();

  // The lookups run at once, on their own connections.
  const [byPhone, byName, byFacilityNumber] = await Promise.all([
    // IN (SELECT unnest ...) plans as one index probe of client_phones per number (a join to the
    // unnest was planned as a hash of all 1.2 million phones: 3-4 times slower).
    db.$queryRaw<{ number: string; ref: string; siteId: string }[]>`
      SELECT DISTINCT ON (p.number) p.number, c.ref, c.site_id::text AS "siteId"
      FROM client_phones p JOIN clients c ON c.id = p.client_id
      WHERE p.number IN (SELECT unnest(${pgArray([...rowsByPhone.keys()])}::text[]))
      ORDER BY p.number, c.created_at`,
    // The (date, name) pairs of the file go into hashed sub-plans, so the register is read once,
    // without sorting it, however many rows the file has.
    db.$queryRaw<(Existing & { dob: string })[]>`
      SELECT c.id::text AS id, c.ref, c.site_id::text AS "siteId", c.first_name AS "firstName", c.last_name AS "lastName",
             c.date_of_birth::text AS dob
      FROM clients c
      WHERE c.date_of_birth BETWEEN ${dobs[0]}::date AND ${dobs[dobs.length - 1]}::date
        AND ((c.date_of_birth, lower(c.first_name)) IN (SELECT * FROM unnest(${pgArray(keys.map((k) => k[0]))}::date[], ${pgArray(keys.map((k) => k[1]))}::text[]))
          OR (c.date_of_birth, lower(c.last_name)) IN (SELECT * FROM unnest(${pgArray(keys.map((k) => k[0]))}::date[], ${pgArray(keys.map((k) => k[1]))}::text[])))
      ORDER BY c.ref`,
    facilityKeys.length
      ? db.$queryRaw<{ ref: string; siteId: string; facilityNumber: string }[]>`
          SELECT c.ref, c.site_id::text AS "siteId", c.facility_number AS "facilityNumber"
          FROM clients c
          WHERE (c.site_id, c.facility_number) IN (SELECT * FROM unnest(${pgArray(facilityKeys.map((k) => k[0]))}::uuid[], ${pgArray(facilityKeys.map((k) => k[1]))}::text[]))`
      : Promise.resolve([]),
  ]);

  // 0. The site's facility number already given to a registered client.
  for (const e of byFacilityNumber) for (const i of rowsByFacilityNumber.get(pairKey(e.siteId, e.facilityNumber)) ?? []) mark(i, { column: "facility_number", ...existingIssue(e) });
  // 1. Phone numbers already registered.
  for (const e of byPhone) for (const { i, column } of rowsByPhone.get(e.number) ?? []) mark(i, { column, ...existingIssue(e) });
  // 2. Same date of birth and a name field in common (either way round, case-blind), and a
  // similar whole name.
  for (const c of byName) {
    const near = new Set([...(rowsByName.get(pairKey(c.dob, c.firstName.toLowerCase())) ?? []), ...(rowsByName.get(pairKey(c.dob, c.lastName.toLowerCase())) ?? [])]);
    for (const i of near) if (isSimilarName(rows[i]!, c)) mark(i, { column: "first_name", ...existingIssue(c) });
  }

  // 3. Within the file, by the same two rules: a later row repeating an earlier row's phone, or
  // born the same day with a name field in common and a similar name.
  const seenFacilityNumbers = new Map<string, number>();
  const seenPhones = new Map<string, number>();
  const seenNames = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (dupOf.has(i)) return;
    const facilityKey = r.facilityNumber ? pairKey(r.siteId, r.facilityNumber) : null;
    const sameNumber = facilityKey ? seenFacilityNumbers.get(facilityKey) : undefined;
    if (sameNumber !== undefined) return mark(i, { column: "facility_number", key: "duplicateRow", params: { n: rows[sameNumber]!.row } });
    for (const p of r.phones) {
      const earlier = seenPhones.get(p.number);
      if (earlier !== undefined) return mark(i, { column: `phone_${p.slot}`, key: "duplicateRow", params: { n: rows[earlier]!.row } });
    }
    const tokens = [...new Set([r.firstName.toLowerCase(), r.lastName.toLowerCase()])].map((t) => pairKey(r.dateOfBirth, t));
    for (const key of tokens) {
      const twin = seenNames.get(key)?.find((j) => isSimilarName(rows[j]!, r));
      if (twin !== undefined) return mark(i, { column: "first_name", key: "duplicateRow", params: { n: rows[twin]!.row } });
    }
    if (facilityKey) seenFacilityNumbers.set(facilityKey, i);
    for (const p of r.phones) seenPhones.set(p.number, i);
    for (const key of tokens) (seenNames.get(key) ?? seenNames.set(key, []).get(key)!).push(i);
  });

  return {
    unique: rows.filter((_, i) => !dupOf.has(i)),
    duplicates: [...dupOf.values()].sort((a, b) => a.row - b.row),
  };
}

const SEP = "\u0000";
const pairKey = (a: string, b: string) => `${a}${SEP}${b}`;
