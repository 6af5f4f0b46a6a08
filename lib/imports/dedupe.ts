// Duplicates in an import (issue 3): the site's facility number, or the same phone number as a
// client already registered, or the same date of birth and a similar name (lib/clients/duplicates.ts
// decides "similar": accents, case and word order do not count); and the same within the file.
// Such rows are skipped and reported, never imported twice.
//
// Set-based over the staged rows (lib/imports/stage.ts), so it stays three statements for 50,000
// rows against a million clients: the file's phone numbers against client_phones (one index probe
// per number), the staged (site, facility number) pairs against their unique index, and one pass
// over the register pairing each row with the clients born the same day who share a word of the
// name (both sides through client_search_name, the normalisation the name search indexes); the
// similarity of the whole name is then decided in JavaScript for those few pairs, by the same
// function as the enrolment form's check. Rows of the file are compared with each other by the
// same rules in JavaScript (no database needed). (A client whose every name word is spelt
// differently is not found this way; the enrolment form's one-by-one check compares every name
// born that day. And twins with one surname look like one person: they are listed as skipped, for
// enrolment by hand.)
//
// Scope (issue 13): only a registered client the importer may see makes a row a duplicate, and is
// reported by its ref. A match outside her scope reveals nothing to her: the row is imported, and
// the pair is recorded as a possible cross-site duplicate for someone who may see both
// (possibleDuplicateAudit, as the enrolment does).
import type pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";
import { isSimilarName, normaliseName } from "@/lib/clients/duplicates";
import type { RowIssue } from "@/lib/imports/errors";
import { clientScopeSql } from "@/lib/scope-sql";
import { pgArray } from "@/lib/imports/pg-array";
import { CLIENTS, stageTable, type StageTable, type StagedClient } from "@/lib/imports/stage";

export type DuplicateSearch = {
  /** Staged rows to import (file order) */
  unique: StagedClient[];
  /** Skipped rows, with what they duplicate, by row */
  duplicates: RowIssue[];
  /** New client id -> registered clients outside the importer's scope that may be the same person */
  outOfScope: Map<string, string[]>;
};

async function query<T>(client: pg.ClientBase, q: Prisma.Sql): Promise<T[]> {
  return (await client.query(q.text, q.values)).rows as T[];
}

/**
 * Finds the duplicates among the staged rows (see the file comment) and removes them from the
 * staging tables, so what is left there is what the import writes.
 */
export async function findDuplicates(client: pg.ClientBase, actor: Actor, staged: readonly StagedClient[]): Promise<DuplicateSearch> {
  if (staged.length === 0) return { unique: [], duplicates: [], outOfScope: new Map() };
  const dupOf = new Map<number, RowIssue>(); // ord -> issue
  const mark = (ord: number, issue: Omit<RowIssue, "row">) => {
    if (!dupOf.has(ord)) dupOf.set(ord, { row: staged[ord]!.row.row, ...issue });
  };
  const existingIssue = (ref: string) => ({ key: "duplicateClient", params: { ref } });
  const hidden = new Map<number, Set<string>>(); // ord -> out-of-scope client ids
  const hide = (ord: number, id: string) => (hidden.get(ord) ?? hidden.set(ord, new Set()).get(ord)!).add(id);
  const inScope = Prisma.sql`(${clientScopeSql(actor)}) AS "inScope"`;
  const dobs = staged.map((s) => s.row.dateOfBirth).sort();

  // One connection (the staging tables are its own): the three joins one after the other.
  // The number is the facility's own, unique within a site, and the site is the importer's.
  const byFacilityNumber = await query<{ ord: number; ref: string }>(client, Prisma.sql`
      SELECT s.ord, c.ref
      FROM ${Prisma.raw(CLIENTS.name)} s JOIN clients c ON c.site_id = s.site_id AND c.facility_number = s.facility_number
      WHERE s.facility_number IS NOT NULL`);
  // IN (SELECT unnest ...) plans as one index probe of client_phones per number (a join to a
  // staging table of the numbers was planned as a hash of all 1.2 million phones: 4 times slower).
  const rowsByPhone = new Map<string, { ord: number; slot: number }[]>();
  for (const { ord, row } of staged) for (const p of row.phones) (rowsByPhone.get(p.number) ?? rowsByPhone.set(p.number, []).get(p.number)!).push({ ord, slot: p.slot });
  const byPhone = await query<{ number: string; id: string; ref: string; inScope: boolean }>(client, Prisma.sql`
    SELECT p.number, c.id::text AS id, c.ref, ${inScope}
    FROM client_phones p JOIN clients c ON c.id = p.client_id
    WHERE p.number IN (SELECT unnest(${pgArray([...rowsByPhone.keys()])}::text[]))
    ORDER BY p.number, c.created_at`);
  // Pairs (row, client) born the same day with a name word in common. The file's (date, word)
  // pairs go into hashed sub-plans, so the register is read once without sorting it (a join was
  // planned as a merge join sorting the million clients on disk); a name's first four words count.
  const rowsByWord = new Map<string, number[]>();
  const wordKeys = staged.map(({ ord, row }) => {
    const keys = nameWords(row).map((w) => pairKey(row.dateOfBirth, w));
    for (const k of keys) (rowsByWord.get(k) ?? rowsByWord.set(k, []).get(k)!).push(ord);
    return keys;
  });
  await stageTable(client, WORDS, [...rowsByWord.keys()].map((k) => k.split(SEP) as [string, string]));
  const wordIn = (n: number) => Prisma.sql`(c.date_of_birth, split_part(c.search_name, ' ', ${Prisma.raw(String(n))})) IN (SELECT dob, word FROM ${Prisma.raw(WORDS.name)})`;
  const byName = await query<{ id: string; ref: string; firstName: string; lastName: string; dob: string; searchName: string; inScope: boolean }>(client, Prisma.sql`
    SELECT c.id::text AS id, c.ref, c.first_name AS "firstName", c.last_name AS "lastName", c.date_of_birth::text AS dob, c.search_name AS "searchName", ${inScope}
    FROM clients c
    WHERE c.date_of_birth BETWEEN ${dobs[0]}::date AND ${dobs[dobs.length - 1]}::date
      AND (${wordIn(1)} OR ${wordIn(2)} OR ${wordIn(3)} OR ${wordIn(4)})`);
  // Sorted here, not in SQL: an ORDER BY made the planner walk the whole register by ref.
  byName.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));

  // 0. The site's facility number already given to a registered client.
  for (const e of byFacilityNumber) mark(e.ord, { column: "facility_number", ...existingIssue(e.ref) });
  // 1. Phone numbers already registered (the earliest client with the number she may see).
  for (const e of byPhone) {
    for (const { ord, slot } of rowsByPhone.get(e.number) ?? []) {
      if (e.inScope) mark(ord, { column: `phone_${slot}`, ...existingIssue(e.ref) });
      else hide(ord, e.id);
    }
  }
  // 2. Same date of birth, a name word in common, and a similar whole name.
  for (const c of byName) {
    const near = new Set(c.searchName.split(" ").flatMap((w) => rowsByWord.get(pairKey(c.dob, w)) ?? []));
    for (const ord of near) {
      if (!isSimilarName(staged[ord]!.row, c)) continue;
      if (c.inScope) mark(ord, { column: "first_name", ...existingIssue(c.ref) });
      else hide(ord, c.id);
    }
  }

  // 3. Within the file, by the same rules: a later row repeating an earlier row's facility number
  // or phone, or born the same day with a name word in common and a similar name.
  const seenFacilityNumbers = new Map<string, number>();
  const seenPhones = new Map<string, number>();
  const seenNames = new Map<string, number[]>();
  for (const { ord, row: r } of staged) {
    if (dupOf.has(ord)) continue;
    const facilityKey = r.facilityNumber ? pairKey(r.siteId, r.facilityNumber) : null;
    const sameNumber = facilityKey ? seenFacilityNumbers.get(facilityKey) : undefined;
    if (sameNumber !== undefined) {
      mark(ord, { column: "facility_number", key: "duplicateRow", params: { n: staged[sameNumber]!.row.row } });
      continue;
    }
    const phone = r.phones.find((p) => seenPhones.has(p.number));
    if (phone) {
      mark(ord, { column: `phone_${phone.slot}`, key: "duplicateRow", params: { n: staged[seenPhones.get(phone.number)!]!.row.row } });
      continue;
    }
    const keys = wordKeys[ord]!;
    const twin = keys.map((k) => seenNames.get(k)?.find((j) => isSimilarName(staged[j]!.row, r))).find((j) => j !== undefined);
    if (twin !== undefined) {
      mark(ord, { column: "first_name", key: "duplicateRow", params: { n: staged[twin]!.row.row } });
      continue;
    }
    if (facilityKey) seenFacilityNumbers.set(facilityKey, ord);
    for (const p of r.phones) seenPhones.set(p.number, ord);
    for (const k of keys) (seenNames.get(k) ?? seenNames.set(k, []).get(k)!).push(ord);
  }

  const unique = staged.filter((s) => !dupOf.has(s.ord));
  if (dupOf.size) {
    const ords = [...dupOf.keys()];
    await client.query(`DELETE FROM ${CLIENTS.name} WHERE ord = ANY($1::int[])`, [pgArray(ords)]);
  }
  const outOfScope = new Map<string, string[]>();
  for (const s of unique) {
    const others = hidden.get(s.ord);
    if (others) outOfScope.set(s.id, [...others]);
  }
  return { unique, duplicates: [...dupOf.values()].sort((a, b) => a.row - b.row), outOfScope };
}

/** The words of a name as the register's search_name holds them (client_search_name). */
function nameWords(r: { firstName: string; lastName: string }): string[] {
  return [...new Set(normaliseName(`${r.firstName} ${r.lastName}`).split(" ").filter(Boolean))];
}

/** The file's (date of birth, name word) pairs. */
const WORDS: StageTable<[string, string]> = {
  name: "import_words",
  target: "",
  columns: [
    { name: "dob", type: "date", of: (k) => k[0] },
    { name: "word", type: "text", of: (k) => k[1] },
  ],
};

const SEP = "\u0000";
const pairKey = (a: string, b: string) => `${a}${SEP}${b}`;
