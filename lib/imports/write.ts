// Writes validated import rows in the caller's transaction, set-based: one INSERT ... SELECT FROM
// unnest(...) per table whatever the number of rows (clients, assignments, phones, infants,
// appointments, viral loads, audit rows). The automatic assignment is decided before the clients
// are written, by the same rule as enrolment (lib/assignment/rules.ts assignMany: her site, her
// language first, lowest caseload relative to the cap, never above it), so each client row is
// inserted with its Mentor Mother and the assignment history row (reason "import") goes in with
// it, instead of updating 50,000 fresh rows afterwards. Any failure aborts the caller's whole
// transaction: an import is written completely or not at all.
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/action";
import { assignMany, type MentorCandidate, type Pick } from "@/lib/assignment/rules";
import { localDay } from "@/lib/site-clock";
import { readCountrySettings } from "@/lib/settings/schemas";
import { pgArray } from "@/lib/imports/pg-array";
import type { PreparedRow } from "@/lib/imports/rows";

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

// Same ref shape as enrolment (lib/clients/commands.ts): "<site code>-NNNNNN".
const REF_DIGITS = 6;
const refPrefix = (siteCode: string) => `${siteCode.slice(0, 32 - REF_DIGITS - 1)}-`;
const refPattern = (prefix: string) => `^${prefix.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}[0-9]{${REF_DIGITS}}$`;

/** The highest ref number in use per site (0 when none), one index probe per site in one query. */
async function lastRefNumbers(tx: Tx, sites: { id: string; prefix: string }[]): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ id: string; last: string | null }[]>`
    SELECT s.id::text AS id,
      (SELECT c.ref FROM clients c
       WHERE c.ref >= s.lo AND c.ref <= s.hi AND c.ref ~ s.pat
       ORDER BY c.ref DESC LIMIT 1) AS last
    FROM unnest(${pgArray(sites.map((s) => s.id))}::uuid[], ${pgArray(sites.map((s) => s.prefix + "0".repeat(REF_DIGITS)))}::text[],
                ${pgArray(sites.map((s) => s.prefix + "9".repeat(REF_DIGITS)))}::text[], ${pgArray(sites.map((s) => refPattern(s.prefix)))}::text[])
      AS s(id, lo, hi, pat)`;
  const prefixOf = new Map(sites.map((s) => [s.id, s.prefix]));
  return new Map(rows.map((r) => [r.id, r.last ? Number(r.last.slice(prefixOf.get(r.id)!.length)) : 0]));
}

/**
 * Serialises assignment decisions per site with the same advisory locks as
 * lib/assignment/engine.ts lockSites (same keys, same sorted order), in one statement.
 */
async function lockAssignmentSites(tx: Tx, siteIds: string[]): Promise<void> {
  const keys = [...new Set(siteIds)].sort().map((id) => `assignment:${id}`);
  await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(hashtext(k))) FROM (SELECT unnest(${pgArray(keys)}::text[]) AS k ORDER BY 1) AS x`;
}

/**
 * Candidate Mentor Mothers of many sites in one query: what lib/assignment/engine.ts
 * candidatesForSite returns for one site (active, not on leave on the site's day, caseload of
 * active clients, her cap or her country's), without two round trips per site - an import
 * spread over a thousand sites would otherwise spend seconds here.
 */
async function candidatesForSites(
  tx: Tx,
  sites: { id: string; day: string; countryCap: number }[],
): Promise<Map<string, MentorCandidate[]>> {
  const rows = await tx.$queryRaw<{ siteId: string; id: string; languages: string[]; caseload: bigint; cap: number | null }[]>`
    SELECT d.site_id::text AS "siteId", u.id::text AS id, mp.languages, mp.caseload_cap AS cap,
           (SELECT count(*) FROM clients c WHERE c.mentor_id = u.id AND c.status = 'ACTIVE') AS caseload
    FROM unnest(${pgArray(sites.map((s) => s.id))}::uuid[], ${pgArray(sites.map((s) => s.day))}::date[]) AS d(site_id, day)
    JOIN user_sites us ON us.site_id = d.site_id
    JOIN users u ON u.id = us.user_id
    JOIN mentor_profiles mp ON mp.user_id = u.id
    WHERE u.role = 'MENTOR_MOTHER' AND u.active
      AND NOT EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = u.id AND d.day BETWEEN l.start_date AND l.end_date)
    ORDER BY 1, 2`;
  const capOf = new Map(sites.map((s) => [s.id, s.countryCap]));
  const out = new Map<string, MentorCandidate[]>(sites.map((s) => [s.id, []]));
  for (const r of rows) {
    out.get(r.siteId)!.push({ id: r.id, languages: r.languages, caseload: Number(r.caseload), cap: r.cap ?? capOf.get(r.siteId)! });
  }
  return out;
}

type Planned = { row: PreparedRow; id: string; pick: Pick };
type Inserted = Planned & { ref: string };

/**
 * Inserts the clients under the next free refs of their sites, each with her Mentor Mother.
 * Race-safe like enrolment: the unique index on ref decides and ON CONFLICT DO NOTHING lets rows
 * that lost a number to a concurrent enrolment try again with the next ones, instead of aborting.
 */
async function insertClients(tx: Tx, planned: Planned[], sites: Map<string, { code: string }>): Promise<Inserted[]> {
  const out: Inserted[] = [];
  let pending = planned;
  for (let attempt = 0; pending.length && attempt < 5; attempt++) {
    const siteIds = [...new Set(pending.map((p) => p.row.siteId))];
    const prefixes = new Map(siteIds.map((id) => [id, refPrefix(sites.get(id)!.code)]));
    const last = await lastRefNumbers(tx, siteIds.map((id) => ({ id, prefix: prefixes.get(id)! })));
    const batch: Inserted[] = pending.map((p) => {
      const n = last.get(p.row.siteId)! + 1;
      last.set(p.row.siteId, n);
      return { ...p, ref: `${prefixes.get(p.row.siteId)}${String(n).padStart(REF_DIGITS, "0")}` };
    });
    const col = <T>(f: (r: PreparedRow) => T) => batch.map((b) => f(b.row));
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO clients (id, ref, site_id, facility_number, first_name, last_name, date_of_birth, sex, category, enrolment_date, enrolment_source,
        consent_calls, consent_messages, preferred_language, art_start_date, expected_delivery_date, breastfeeding,
        last_vl_copies, last_vl_date, mentor_id, updated_at)
      SELECT id, ref, site_id, fnum, fn, ln, dob, sex::"ClientSex", cat::"ClientCategory", enrol, 'import', cc, cm, lang, art, edd, bf, vlc, vld, mentor, now()
      FROM unnest(${pgArray(batch.map((b) => b.id))}::uuid[], ${pgArray(batch.map((b) => b.ref))}::text[], ${pgArray(col((r) => r.siteId))}::uuid[],
        ${pgArray(col((r) => r.facilityNumber))}::text[],
        ${pgArray(col((r) => r.firstName))}::text[], ${pgArray(col((r) => r.lastName))}::text[], ${pgArray(col((r) => r.dateOfBirth))}::date[],
        ${pgArray(col((r) => r.sex))}::text[], ${pgArray(col((r) => r.category))}::text[], ${pgArray(col((r) => r.enrolmentDate))}::date[], ${pgArray(col((r) => r.consentCalls))}::bool[],
        ${pgArray(col((r) => r.consentMessages))}::bool[], ${pgArray(col((r) => r.preferredLanguage))}::text[], ${pgArray(col((r) => r.artStartDate))}::date[],
        ${pgArray(col((r) => r.expectedDeliveryDate))}::date[], ${pgArray(col((r) => r.breastfeeding))}::bool[],
        ${pgArray(col((r) => r.viralLoad?.copies ?? null))}::int[], ${pgArray(col((r) => r.viralLoad?.sampleDate ?? null))}::date[],
        ${pgArray(batch.map((b) => b.pick.mentorId))}::uuid[])
        AS t(id, ref, site_id, fnum, fn, ln, dob, sex, cat, enrol, cc, cm, lang, art, edd, bf, vlc, vld, mentor)
      ON CONFLICT DO NOTHING
      RETURNING id::text AS id`;
    const ok = new Set(inserted.map((r) => r.id));
    out.push(...batch.filter((b) => ok.has(b.id)));
    pending = batch.filter((b) => !ok.has(b.id)).map(({ ref: _ref, ...p }) => p);
  }
  if (pending.length) throw new Error("client refs kept colliding with concurrent enrolments");
  return out;
}

/** Phones, infants, appointments and viral-load results of the inserted clients: one statement each. */
async function insertDetails(tx: Tx, clients: Inserted[]): Promise<void> {
  const phones = clients.flatMap((c) => c.row.phones.map((p, i) => ({ clientId: c.id, primary: i === 0, ...p })));
  await tx.$executeRaw`
    INSERT INTO client_phones (client_id, number, is_primary, shared_phone, may_identify_caller, safe_from_minute, safe_to_minute)
    SELECT * FROM unnest(${pgArray(phones.map((p) => p.clientId))}::uuid[], ${pgArray(phones.map((p) => p.number))}::text[],
      ${pgArray(phones.map((p) => p.primary))}::bool[], ${pgArray(phones.map((p) => p.shared))}::bool[], ${pgArray(phones.map((p) => p.mayIdentify))}::bool[],
      ${pgArray(phones.map((p) => p.safeFrom))}::int[], ${pgArray(phones.map((p) => p.safeTo))}::int[])`;

  const infants = clients.flatMap((c) => c.row.infants.map((i) => ({ clientId: c.id, ...i })));
  if (infants.length) {
    await tx.$executeRaw`
      INSERT INTO infants (client_id, first_name, date_of_birth)
      SELECT * FROM unnest(${pgArray(infants.map((i) => i.clientId))}::uuid[], ${pgArray(infants.map((i) => i.firstName))}::text[],
        ${pgArray(infants.map((i) => i.dateOfBirth))}::date[])`;
  }

  const appts = clients.filter((c) => c.row.appointment);
  if (appts.length) {
    await tx.$executeRaw`
      INSERT INTO appointments (client_id, date, kind, updated_at)
      SELECT c, d, k::"AppointmentKind", now()
      FROM unnest(${pgArray(appts.map((c) => c.id))}::uuid[], ${pgArray(appts.map((c) => c.row.appointment!.date))}::date[],
        ${pgArray(appts.map((c) => c.row.appointment!.kind))}::text[]) AS t(c, d, k)`;
  }

  const vls = clients.filter((c) => c.row.viralLoad);
  if (vls.length) {
    // An unknown result date is taken as the sample date, as enrolment does.
    await tx.$executeRaw`
      INSERT INTO viral_load_results (client_id, sample_date, result_date, copies)
      SELECT * FROM unnest(${pgArray(vls.map((c) => c.id))}::uuid[], ${pgArray(vls.map((c) => c.row.viralLoad!.sampleDate))}::date[],
        ${pgArray(vls.map((c) => c.row.viralLoad!.resultDate ?? c.row.viralLoad!.sampleDate))}::date[],
        ${pgArray(vls.map((c) => c.row.viralLoad!.copies))}::int[])`;
  }
}

/** Writes the rows (see the file comment). `now` decides each site's "today" for leave. */
export async function writeImport(
  tx: Tx,
  rows: PreparedRow[],
  opts: {
    changedById: string | null;
    /** Audit context for the per-client rows */
    audit: { actorId: string | null; requestId?: string | null; ip?: string | null; jobId: string | null };
    now?: Date;
    onStage?: (stage: WriteStage) => Promise<void> | void;
  },
): Promise<WriteReport & { clientIds: string[] }> {
  const report: WriteReport & { clientIds: string[] } = {
    created: 0, assigned: 0, languageMismatch: 0, unassigned: 0, unassignedReasons: { "no-mentor": 0, "all-full": 0 }, unassignedBySite: [], clientIds: [],
  };
  if (rows.length === 0) return report;
  const now = opts.now ?? new Date();
  const siteIds = [...new Set(rows.map((r) => r.siteId))].sort();
  const siteRows = await tx.site.findMany({
    where: { id: { in: siteIds } },
    select: { id: true, code: true, timeZone: true, country: { select: { settings: true } } },
  });
  const sites = new Map(siteRows.map((s) => [s.id, s]));

  // Assignment first: under the same per-site locks as every other assignment, so two imports or
  // moves at once cannot both count the same free places.
  await opts.onStage?.("assignment");
  await lockAssignmentSites(tx, siteIds);
  const candidates = await candidatesForSites(
    tx,
    siteRows.map((s) => ({ id: s.id, day: localDay(s.timeZone, now), countryCap: readCountrySettings(s.country.settings).caseloadCap })),
  );
  const bySite = new Map<string, PreparedRow[]>();
  for (const r of rows) (bySite.get(r.siteId) ?? bySite.set(r.siteId, []).get(r.siteId)!).push(r);
  const planned: Planned[] = [];
  for (const [siteId, ofSite] of bySite) {
    const withIds = ofSite.map((row) => ({ row, id: randomUUID() }));
    const picks = assignMany(withIds.map((c) => ({ id: c.id, language: c.row.preferredLanguage })), candidates.get(siteId) ?? []);
    let unplaced = 0;
    let reason: UnassignedReason = "all-full";
    for (const c of withIds) {
      const pick = picks.get(c.id)!;
      planned.push({ ...c, pick });
      if (pick.mentorId === null) {
        unplaced++;
        reason = pick.reason;
      }
    }
    if (unplaced) report.unassignedBySite.push({ siteId, siteCode: sites.get(siteId)!.code, count: unplaced, reason });
  }

  await opts.onStage?.("clients");
  const clients = await insertClients(tx, planned, sites);
  report.created = clients.length;
  report.clientIds = clients.map((c) => c.id);
  const placed = clients.filter((c) => c.pick.mentorId !== null);
  if (placed.length) {
    await tx.$executeRaw`
      INSERT INTO assignments (client_id, mentor_id, reason, changed_by_id)
      SELECT c, m, 'import', ${opts.changedById}::uuid
      FROM unnest(${pgArray(placed.map((c) => c.id))}::uuid[], ${pgArray(placed.map((c) => c.pick.mentorId))}::uuid[]) AS t(c, m)`;
  }
  for (const c of clients) {
    if (c.pick.mentorId !== null) {
      report.assigned++;
      if (!c.pick.languageMatch) report.languageMismatch++;
    } else {
      report.unassigned++;
      report.unassignedReasons[c.pick.reason]++;
    }
  }

  await opts.onStage?.("details");
  await insertDetails(tx, clients);
  // One audit row per client created ("which record"), besides the import's own row.
  await tx.$executeRaw`
    INSERT INTO audit_events (actor_id, action, entity_type, entity_id, request_id, ip, meta)
    SELECT ${opts.audit.actorId}::uuid, 'client.imported', 'client', id, ${opts.audit.requestId ?? null}, ${opts.audit.ip ?? null},
           ${JSON.stringify({ jobId: opts.audit.jobId })}::jsonb
    FROM unnest(${pgArray(report.clientIds)}::text[]) AS id`;
  return report;
}
