// Writes the staged rows of an import (lib/imports/stage.ts, duplicates already removed by
// dedupe.ts) in the caller's transaction on the import's own connection, set-based whatever the
// number of rows: one INSERT ... SELECT from the staging table each for the clients, their
// assignments and their audit rows, one COPY each for phones, infants, appointments and viral
// loads, all in id order (the ids are time-ordered, so the primary keys grow at their right edge). The automatic assignment is
// decided before the clients are written, by the same rule as enrolment (lib/assignment/rules.ts
// assignMany: her site, her language first, lowest caseload relative to the cap, never above it),
// so each client row is inserted with its Mentor Mother and the assignment history row (reason
// "import") goes in with it. Any failure aborts the caller's whole transaction: an import is
// written completely or not at all.
import type pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import { isUniqueViolation } from "@/lib/errors";
import { assignMany, type MentorCandidate, type Pick } from "@/lib/assignment/rules";
import { localDay } from "@/lib/site-clock";
import { readCountrySettings } from "@/lib/settings/schemas";
import { pgArray } from "@/lib/imports/pg-array";
import { CLIENTS, PICKS, copyDetails, stageTable, writtenColumns, type StagedClient } from "@/lib/imports/stage";

export type UnassignedReason = "no-mentor" | "all-full";

export type WriteReport = {
  created: number;
  assigned: number;
  /** Assigned to a Mentor Mother who does not speak the client's language (nobody free who does) */
  languageMismatch: number;
  unassigned: number;
  unassignedReasons: Record<UnassignedReason, number>;
  /** Per site, for the report: how many could not be placed and why */
  unassignedBySite: { siteId: string; siteCode: string; count: number; reason: UnassignedReason }[];
};

export type WriteStage = "assignment" | "clients" | "details";

async function query<T>(client: pg.ClientBase, q: Prisma.Sql): Promise<T[]> {
  return (await client.query(q.text, q.values)).rows as T[];
}

// Same ref shape as enrolment (lib/clients/commands.ts): "<site code>-NNNNNN".
const REF_DIGITS = 6;
const refPrefix = (siteCode: string) => `${siteCode.slice(0, 32 - REF_DIGITS - 1)}-`;
const refPattern = (prefix: string) => `^${prefix.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}[0-9]{${REF_DIGITS}}$`;

/**
 * Serialises assignment decisions per site with the same advisory locks as
 * lib/assignment/engine.ts lockSites (same keys, same sorted order), in one statement.
 */
async function lockAssignmentSites(client: pg.ClientBase, siteIds: string[]): Promise<void> {
  const keys = [...new Set(siteIds)].sort().map((id) => `assignment:${id}`);
  await client.query(`SELECT count(pg_advisory_xact_lock(hashtext(k))) FROM (SELECT unnest($1::text[]) AS k ORDER BY 1) AS x`, [pgArray(keys)]);
}

/**
 * Candidate Mentor Mothers of many sites in one query: what lib/assignment/engine.ts
 * candidatesForSite returns for one site (active, not on leave on the site's day, caseload of
 * active clients, her cap or her country's), without two round trips per site - an import
 * spread over a thousand sites would otherwise spend seconds here.
 */
async function candidatesForSites(
  client: pg.ClientBase,
  sites: { id: string; day: string; countryCap: number }[],
): Promise<Map<string, MentorCandidate[]>> {
  const rows = await query<{ siteId: string; id: string; languages: string[]; caseload: string; cap: number | null }>(client, Prisma.sql`
    SELECT d.site_id::text AS "siteId", u.id::text AS id, mp.languages, mp.caseload_cap AS cap,
           (SELECT count(*) FROM clients c WHERE c.mentor_id = u.id AND c.status = 'ACTIVE') AS caseload
    FROM unnest(${pgArray(sites.map((s) => s.id))}::uuid[], ${pgArray(sites.map((s) => s.day))}::date[]) AS d(site_id, day)
    JOIN user_sites us ON us.site_id = d.site_id
    JOIN users u ON u.id = us.user_id
    JOIN mentor_profiles mp ON mp.user_id = u.id
    WHERE u.role = 'MENTOR_MOTHER' AND u.active
      AND NOT EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = u.id AND d.day BETWEEN l.start_date AND l.end_date)
    ORDER BY 1, 2`);
  const capOf = new Map(sites.map((s) => [s.id, s.countryCap]));
  const out = new Map<string, MentorCandidate[]>(sites.map((s) => [s.id, []]));
  for (const r of rows) {
    out.get(r.siteId)!.push({ id: r.id, languages: r.languages, caseload: Number(r.caseload), cap: r.cap ?? capOf.get(r.siteId)! });
  }
  return out;
}

/**
 * Inserts the staged clients under the next free refs of their sites (numbered in file order),
 * each with her Mentor Mother, in id order. Race-safe like enrolment: the unique index on ref
 * decides: when the first try meets a ref a concurrent enrolment took, it is undone to its
 * savepoint and the retries (ON CONFLICT DO NOTHING) let the rows that lost their number try again
 * with the next ones, instead of aborting. Returns how many were inserted.
 */
async function insertClients(client: pg.ClientBase, expected: number, sites: { id: string; code: string }[]): Promise<number> {
  const prefixes = sites.map((s) => refPrefix(s.code));
  let inserted = 0;
  for (let attempt = 0; inserted < expected && attempt < 6; attempt++) {
    // On a retry, only the rows not written yet (an index probe each; the first try needs none).
    const pending = attempt === 0 ? Prisma.empty : Prisma.sql`WHERE NOT EXISTS (SELECT 1 FROM clients x WHERE x.id = s.id)`;
    // The first try is a plain INSERT under a savepoint: ON CONFLICT's speculative insertion cost
    // about 0.5 s per 50,000 rows (bench B6, decision 048) and a collision with a concurrent
    // enrolment's ref is rare. When one happens, the try is undone and the retries skip the taken refs.
    const first = attempt === 0;
    const onConflict = first ? Prisma.empty : Prisma.sql`ON CONFLICT DO NOTHING`;
    // `last` is MATERIALIZED: inlined, its ref lookup ran twice per ROW instead of once per site.
    if (first) await client.query("SAVEPOINT import_clients");
    let rows: { n: string }[];
    try {
      rows = await query<{ n: string }>(client, Prisma.sql`
      WITH last AS MATERIALIZED (
        SELECT p.site_id, p.prefix,
          coalesce((SELECT substr(c.ref, length(p.prefix) + 1)::int FROM clients c
                    WHERE c.ref >= p.lo AND c.ref <= p.hi AND c.ref ~ p.pat ORDER BY c.ref DESC LIMIT 1), 0) AS n
        FROM unnest(${pgArray(sites.map((s) => s.id))}::uuid[], ${pgArray(prefixes)}::text[],
                    ${pgArray(prefixes.map((p) => p + "0".repeat(REF_DIGITS)))}::text[], ${pgArray(prefixes.map((p) => p + "9".repeat(REF_DIGITS)))}::text[],
                    ${pgArray(prefixes.map(refPattern))}::text[]) AS p(site_id, prefix, lo, hi, pat)
      ), numbered AS (
        SELECT s.*, l.prefix || lpad((l.n + s.rn)::text, greatest(${REF_DIGITS}, length((l.n + s.rn)::text)), '0') AS ref
        FROM (SELECT s.*, row_number() OVER (PARTITION BY s.site_id ORDER BY s.ord) AS rn FROM ${Prisma.raw(CLIENTS.name)} s ${pending}) s
        JOIN last l ON l.site_id = s.site_id
      ), ins AS (
        INSERT INTO clients (${Prisma.raw(writtenColumns(CLIENTS))}, ref, mentor_id, enrolment_source, updated_at)
        SELECT ${Prisma.raw(writtenColumns(CLIENTS, "s"))}, s.ref, p.mentor_id, 'import', now()
        FROM numbered s LEFT JOIN ${Prisma.raw(PICKS.name)} p ON p.id = s.id
        ORDER BY s.id
        ${onConflict}
        RETURNING 1
      )
      SELECT count(*) AS n FROM ins`);
    } catch (err) {
      if (!first || !isUniqueViolation(err)) throw err;
      await client.query("ROLLBACK TO SAVEPOINT import_clients");
      continue;
    }
    if (first) await client.query("RELEASE SAVEPOINT import_clients");
    inserted += Number(rows[0]!.n);
  }
  if (inserted < expected) throw new Error("client refs kept colliding with concurrent enrolments");
  return inserted;
}

/** Writes the staged rows (see the file comment). `now` decides each site's "today" for leave. */
export async function writeImport(
  client: pg.ClientBase,
  rows: readonly StagedClient[],
  opts: {
    changedById: string | null;
    /** Audit context for the per-client rows */
    audit: { actorId: string | null; requestId?: string | null; ip?: string | null; jobId: string | null };
    now?: Date;
    onStage?: (stage: WriteStage) => Promise<void> | void;
  },
): Promise<WriteReport> {
  const report: WriteReport = {
    created: 0, assigned: 0, languageMismatch: 0, unassigned: 0, unassignedReasons: { "no-mentor": 0, "all-full": 0 }, unassignedBySite: [],
  };
  if (rows.length === 0) return report;
  const now = opts.now ?? new Date();
  const siteIds = [...new Set(rows.map((r) => r.row.siteId))].sort();
  const siteRows = await query<{ id: string; code: string; timeZone: string; settings: unknown }>(client, Prisma.sql`
    SELECT s.id::text AS id, s.code, s.time_zone AS "timeZone", co.settings
    FROM sites s JOIN countries co ON co.id = s.country_id
    WHERE s.id = ANY(${pgArray(siteIds)}::uuid[])`);
  const sites = new Map(siteRows.map((s) => [s.id, s]));

  // Assignment first: under the same per-site locks as every other assignment, so two imports or
  // moves at once cannot both count the same free places.
  await opts.onStage?.("assignment");
  await lockAssignmentSites(client, siteIds);
  const candidates = await candidatesForSites(
    client,
    siteRows.map((s) => ({ id: s.id, day: localDay(s.timeZone, now), countryCap: readCountrySettings(s.settings).caseloadCap })),
  );
  const bySite = new Map<string, StagedClient[]>();
  for (const r of rows) (bySite.get(r.row.siteId) ?? bySite.set(r.row.siteId, []).get(r.row.siteId)!).push(r);
  const picks: { id: string; pick: Pick }[] = [];
  for (const [siteId, ofSite] of bySite) {
    const chosen = assignMany(ofSite.map((c) => ({ id: c.id, language: c.row.preferredLanguage })), candidates.get(siteId) ?? []);
    let unplaced = 0;
    let reason: UnassignedReason = "all-full";
    for (const c of ofSite) {
      const pick = chosen.get(c.id)!;
      picks.push({ id: c.id, pick });
      if (pick.mentorId === null) {
        unplaced++;
        reason = pick.reason;
        report.unassigned++;
        report.unassignedReasons[pick.reason]++;
      } else {
        report.assigned++;
        if (!pick.languageMatch) report.languageMismatch++;
      }
    }
    if (unplaced) report.unassignedBySite.push({ siteId, siteCode: sites.get(siteId)!.code, count: unplaced, reason });
  }
  await stageTable(client, PICKS, picks.map((p) => ({ id: p.id, mentorId: p.pick.mentorId })));

  await opts.onStage?.("clients");
  report.created = await insertClients(client, rows.length, siteRows);
  await query(client, Prisma.sql`
    INSERT INTO assignments (client_id, mentor_id, reason, changed_by_id)
    SELECT p.id, p.mentor_id, 'import', ${opts.changedById}::uuid FROM ${Prisma.raw(PICKS.name)} p WHERE p.mentor_id IS NOT NULL ORDER BY p.id`);

  await opts.onStage?.("details");
  await copyDetails(client, rows, now);
  // One audit row per client created ("which record"), besides the import's own row.
  await query(client, Prisma.sql`
    INSERT INTO audit_events (actor_id, action, entity_type, entity_id, request_id, ip, meta)
    SELECT ${opts.audit.actorId}::uuid, 'client.imported', 'client', s.id::text, ${opts.audit.requestId ?? null}, ${opts.audit.ip ?? null},
           ${JSON.stringify({ jobId: opts.audit.jobId })}::jsonb
    FROM ${Prisma.raw(CLIENTS.name)} s ORDER BY s.id`);
  return report;
}
