// Client search by name at programme scale (issue 14, bench B9). A name search matches every word
// of the query, in any order, against the client's name with accents, case and punctuation dropped
// - the normalisation the duplicate check compares names with (lib/clients/duplicates.ts) - through
// the trigram index on clients.search_name, a stored column PostgreSQL computes itself (migration
// 20261208050000_client_name_search holds client_search_name, the SQL twin of normaliseName).
import { Prisma } from "@/lib/generated/prisma/client";
import { normaliseName } from "@/lib/clients/duplicates";

/** A name query's words as the index holds them (at most four). */
export function nameSearchWords(q: string): string[] {
  return normaliseName(q).split(" ").filter(Boolean).slice(0, 4);
}

/** SQL: every word appears in the normalised name of the clients row `c` (none: nothing matches).
 * The words only hold letters and digits (normaliseName), so no LIKE wildcard can get in. */
export function nameMatchSql(words: string[], c = Prisma.raw("c")): Prisma.Sql {
  if (words.length === 0) return Prisma.sql`FALSE`;
  return Prisma.join(
    words.map((w) => Prisma.sql`${c}.search_name LIKE ${`%${w}%`}`),
    " AND ",
  );
}

/** A word the trigram index can look up (pg_trgm needs three characters). */
export function usesTrigrams(word: string): boolean {
  return [...word].length >= 3;
}
