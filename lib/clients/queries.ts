// Client register reads: the list (search, filters, keyset paging) and what the enrolment form
// offers. Every read puts clientScope/siteScope in its own `where` (lib/authz.ts).
import { z } from "zod";
import { withoutControlCharacters } from "@/lib/validation";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ClientCategory, ClientStatus } from "@/lib/generated/prisma/enums";
import { assertCan, can, clientScope, siteScope, userScope, type Actor } from "@/lib/authz";
import { CLIENT_CATEGORIES, CLIENT_STATUSES } from "@/lib/clients/schemas";
import { readCountrySettings } from "@/lib/settings/schemas";
import { getProgrammeSettings } from "@/lib/settings/queries";
import { localDay } from "@/lib/site-clock";
import { normalizePhone } from "@/lib/phones";
import { plainQuery } from "@/lib/prisma-client";
import { Prisma } from "@/lib/generated/prisma/client";
import { clientScopeSql } from "@/lib/scope-sql";
import { nameMatchSql, nameSearchWords, usesTrigrams } from "@/lib/clients/search";

export const CLIENTS_PAGE_SIZE = 25;
/** Above this many Mentor Mothers in scope, the filter asks for a site first. */
const MAX_MENTOR_OPTIONS = 200;

const uuid = z.uuid();

/** The list page's search parameters: anything unexpected is dropped, never an error. */
export const clientListParamsSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  site: uuid.optional().catch(undefined),
  mentor: uuid.optional().catch(undefined),
  category: z.enum(CLIENT_CATEGORIES).optional().catch(undefined),
  status: z.enum(CLIENT_STATUSES).optional().catch(undefined),
  language: z.string().trim().toLowerCase().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/).optional().catch(undefined),
  after: uuid.optional().catch(undefined),
});
export type ClientListParams = z.infer<typeof clientListParamsSchema>;

export type ClientListFilter = {
  q?: string;
  siteId?: string;
  mentorId?: string;
  category?: ClientCategory;
  status?: ClientStatus;
  language?: string;
  /** Id of the last client of the previous page */
  after?: string;
  take?: number;
};

const PHONE_LIKE = /^\+?[\d\s().\-/]+$/;

/**
 * What a search box entry with a digit in it matches (SQL over the clients row `c`): a client ref
 * or a phone number, both looked up by index (clients.ref, client_phones.number). A name (no
 * digit) is matched through the trigram index (lib/clients/search.ts).
 */
async function refOrPhoneSql(db: PrismaClient, q: string): Promise<Prisma.Sql> {
  const digits = q.replace(/\D/g, "");
  const phoneLike = PHONE_LIKE.test(q) && digits.length >= 6;
  const numbers = new Set<string>();
  if (phoneLike) {
    // "+27 82 123 4567", "0027821234567" and "082 123 4567" (read with each country's rules)
    numbers.add(`+${digits.replace(/^00/, "")}`);
  }
  if (phoneLike && !q.trimStart().startsWith("+")) {
    // A national form needs a country's rules (an international one is read the same by all).
    // Every programme country's rules: they only make candidate numbers; the statement's scope
    // decides which clients she sees.
    const countries = await plainQuery<{ code: string }>(db, Prisma.sql`SELECT code FROM countries ORDER BY code`);
    for (const { code } of countries) {
      const e164 = normalizePhone(q, code);
      if (e164) numbers.add(e164);
    }
  }
  const refs = [...new Set([q, q.toUpperCase()])];
  // One list of ids from both indexes (an OR of the two would read every client).
  return numbers.size
    ? Prisma.sql`c.id IN (SELECT r.id FROM clients r WHERE r.ref = ANY(${refs}::text[])
                          UNION ALL SELECT p.client_id FROM client_phones p WHERE p.number = ANY(${[...numbers]}::text[]))`
    : Prisma.sql`c.ref = ANY(${refs}::text[])`;
}

type SearchRow = {
  id: string; ref: string; first_name: string; last_name: string; category: ClientCategory; status: ClientStatus; preferred_language: string;
  site_id: string; site_name: string; site_code: string; mentor_id: string | null; mentor_name: string | null;
};

/** A search page in one statement: the matches in scope, in name order, with site and Mentor Mother. */
async function searchPage(db: PrismaClient, actor: Actor, q: string, filter: ClientListFilter, cursor: { id: string; lastName: string; firstName: string } | null, take: number) {
  const isName = !/\d/.test(q);
  const words = isName ? nameSearchWords(q) : [];
  const conditions = [
    clientScopeSql(actor),
    isName ? nameMatchSql(words) : await refOrPhoneSql(db, q),
    filter.siteId ? Prisma.sql`c.site_id = ${filter.siteId}::uuid` : null,
    filter.mentorId ? Prisma.sql`c.mentor_id = ${filter.mentorId}::uuid` : null,
    filter.category ? Prisma.sql`c.category::text = ${filter.category}` : null,
    filter.status ? Prisma.sql`c.status::text = ${filter.status}` : null,
    filter.language ? Prisma.sql`c.preferred_language = ${filter.language}` : null,
    cursor ? Prisma.sql`(c.last_name, c.first_name, c.id) > (${cursor.lastName}, ${cursor.firstName}, ${cursor.id}::uuid)` : null,
  ].filter((x): x is Prisma.Sql => x !== null);
  const where = Prisma.join(conditions, " AND ");
  // Matches first, then their order: walking the name index in order and filtering would read
  // most of a million rows when the matches sort late (all the clients of one surname do). A name
  // word under three letters has no trigram to look up: then the index walk is the better plan
  // (such a word matches often, and the first page comes early).
  const columns = Prisma.sql`c.id, c.ref, c.first_name, c.last_name, c.category::text AS category, c.status::text AS status, c.preferred_language,
           s.id AS site_id, s.name AS site_name, s.code AS site_code, u.id AS mentor_id, u.name AS mentor_name`;
  // A ref or phone matches a few rows found by index: the page in one plain statement, the shape a
  // hand-written query has - the CTE form below cost more to plan than a 1 ms search takes to run
  // (B9, decision 047).
  const rows = !isName
    ? await plainQuery<SearchRow>(db, Prisma.sql`
        SELECT ${columns}
        FROM clients c
        JOIN sites s ON s.id = c.site_id
        LEFT JOIN users u ON u.id = c.mentor_id
        WHERE ${where}
        ORDER BY c.last_name, c.first_name, c.id
        LIMIT ${take + 1}`)
    : await plainQuery<SearchRow>(db, Prisma.sql`
        WITH m AS MATERIALIZED (SELECT c.id, c.last_name, c.first_name FROM clients c WHERE ${where}),
             page AS (${
               !words.every(usesTrigrams)
                 ? Prisma.sql`SELECT c.id, c.last_name, c.first_name FROM clients c WHERE ${where} ORDER BY c.last_name, c.first_name, c.id LIMIT ${take + 1}`
                 : Prisma.sql`SELECT m.id, m.last_name, m.first_name FROM m ORDER BY m.last_name, m.first_name, m.id LIMIT ${take + 1}`
             })
        SELECT ${columns}
        FROM page
        JOIN clients c ON c.id = page.id
        JOIN sites s ON s.id = c.site_id
        LEFT JOIN users u ON u.id = c.mentor_id
        ORDER BY page.last_name, page.first_name, page.id`);
  return rows.map((r) => ({
    id: r.id,
    ref: r.ref,
    firstName: r.first_name,
    lastName: r.last_name,
    category: r.category,
    status: r.status,
    preferredLanguage: r.preferred_language,
    site: { id: r.site_id, name: r.site_name, code: r.site_code },
    mentor: r.mentor_id ? { id: r.mentor_id, name: r.mentor_name ?? "" } : null,
  }));
}

const listSelect = {
  id: true,
  ref: true,
  firstName: true,
  lastName: true,
  category: true,
  status: true,
  preferredLanguage: true,
  site: { select: { id: true, name: true, code: true } },
  mentor: { select: { id: true, name: true } },
} as const;

/**
 * Keyset-paged clients in the actor's scope, ordered by (last name, first name, id). No total
 * count: counting a million rows on every page costs more than the page. The cursor is the last
 * client's id (a name in the URL would put personal data in logs and browser history).
 */
export async function listClients(db: PrismaClient, actor: Actor, filter: ClientListFilter = {}) {
  assertCan(actor, "clients.view");
  const take = Math.min(Math.max(filter.take ?? CLIENTS_PAGE_SIZE, 1), 100);
  const scope = clientScope(actor);
  // A control character (a NUL byte) would make PostgreSQL fail the query: a search drops them.
  const q = filter.q ? withoutControlCharacters(filter.q).trim() : undefined;
  // Scoped too: an id from outside her scope is simply no cursor (first page).
  const cursor = filter.after
    ? await db.client.findFirst({ where: { AND: [scope, { id: filter.after }] }, select: { id: true, lastName: true, firstName: true } })
    : null;
  if (q) {
    const rows = await searchPage(db, actor, q, filter, cursor, take);
    const hasMore = rows.length > take;
    const items = hasMore ? rows.slice(0, take) : rows;
    return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
  }
  const rows = await db.client.findMany({
    where: {
      AND: [
        scope,
        filter.siteId ? { siteId: filter.siteId } : {},
        filter.mentorId ? { mentorId: filter.mentorId } : {},
        filter.category ? { category: filter.category } : {},
        filter.status ? { status: filter.status } : {},
        filter.language ? { preferredLanguage: filter.language } : {},
        cursor
          ? {
              // The redundant `gte` lets PostgreSQL start the (last_name, first_name) index scan at
              // the cursor; the OR alone would make it read every earlier row first.
              lastName: { gte: cursor.lastName },
              OR: [
                { lastName: { gt: cursor.lastName } },
                { lastName: cursor.lastName, firstName: { gt: cursor.firstName } },
                { lastName: cursor.lastName, firstName: cursor.firstName, id: { gt: cursor.id } },
              ],
            }
          : {},
      ],
    },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    take: take + 1,
    select: listSelect,
  });
  const hasMore = rows.length > take;
  const items = hasMore ? rows.slice(0, take) : rows;
  return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}

export type ClientListItem = Awaited<ReturnType<typeof listClients>>["items"][number];

/**
 * Mentor Mothers the actor may filter by (active, in her scope, at `siteId` when given), or null
 * when there are too many to list without choosing a site. A Mentor Mother sees only her own
 * clients, so she gets no choice.
 */
export async function listMentorOptions(db: PrismaClient, actor: Actor, siteId?: string): Promise<{ id: string; name: string }[] | null> {
  assertCan(actor, "clients.view");
  if (actor.role === "MENTOR_MOTHER") return [];
  const rows = await db.user.findMany({
    where: { AND: [userScope(actor), { role: "MENTOR_MOTHER", active: true }, siteId ? { sites: { some: { siteId } } } : {}] },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: MAX_MENTOR_OPTIONS + 1,
    select: { id: true, name: true },
  });
  return rows.length > MAX_MENTOR_OPTIONS ? null : rows;
}

/** Open sites where the actor may enrol: her scope, and for a Mentor Mother only where her
 * country's settings allow Mentor Mothers to enrol. */
async function enrolmentSites(db: PrismaClient, actor: Actor) {
  if (!can(actor, "clients.enrol")) return [];
  const sites = await db.site.findMany({
    where: { AND: [siteScope(actor), { active: true }] },
    orderBy: [{ country: { name: "asc" } }, { name: "asc" }],
    select: {
      id: true, name: true, code: true, timeZone: true,
      country: { select: { name: true, code: true, defaultLanguage: true, settings: true } },
    },
  });
  return actor.role === "MENTOR_MOTHER" ? sites.filter((s) => readCountrySettings(s.country.settings).mentorsMayEnrol) : sites;
}

/** Whether the "Enrol a client" button shows. */
export async function mayEnrol(db: PrismaClient, actor: Actor): Promise<boolean> {
  if (!can(actor, "clients.enrol")) return false;
  // Supervisors and admins: the permission is enough (a closed-only scope still shows the page,
  // which then explains that there is no open site).
  if (actor.role !== "MENTOR_MOTHER") return true;
  return (await enrolmentSites(db, actor)).length > 0;
}

/** What the enrolment form offers: open sites in scope (with each site's local today and the
 * country's default language) and the programme's languages. */
export async function getEnrolmentOptions(db: PrismaClient, actor: Actor) {
  assertCan(actor, "clients.enrol");
  const [sites, { settings }] = await Promise.all([enrolmentSites(db, actor), getProgrammeSettings(db, actor)]);
  const now = new Date();
  return {
    sites: sites.map((s) => ({
      id: s.id,
      name: s.name,
      code: s.code,
      countryName: s.country.name,
      countryCode: s.country.code,
      defaultLanguage: s.country.defaultLanguage,
      today: localDay(s.timeZone, now),
    })),
    languages: settings.languages,
  };
}

export type EnrolmentOptions = Awaited<ReturnType<typeof getEnrolmentOptions>>;
