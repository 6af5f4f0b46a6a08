// Automatic assignment against the database: loads each site's candidate Mentor Mothers once,
// places the clients with the pure rule (lib/assignment/rules.ts), then writes the assignment
// history rows and clients.mentor_id in two set-based statements, however many clients there are.
import type { Tx } from "@/lib/action";
import { readCountrySettings } from "@/lib/settings/schemas";
import { assignMany, type MentorCandidate, type Pick } from "@/lib/assignment/rules";

export type AssignReason = "enrolment" | "import" | "deactivation" | "manual" | "balance" | "seed";

/** Active Mentor Mothers of a site, not on leave on `day` (YYYY-MM-DD), with caseload and cap. */
export async function candidatesForSite(tx: Tx, siteId: string, day: string, excludeMentorIds: string[] = []): Promise<MentorCandidate[]> {
  const site = await tx.site.findUniqueOrThrow({ where: { id: siteId }, select: { country: { select: { settings: true } } } });
  const countryCap = readCountrySettings(site.country.settings).caseloadCap;
  const rows = await tx.$queryRaw<{ id: string; languages: string[]; caseload: bigint; cap: number | null }[]>`
    SELECT u.id, mp.languages, mp.caseload_cap AS cap,
           (SELECT count(*) FROM clients c WHERE c.mentor_id = u.id AND c.status = 'ACTIVE') AS caseload
    FROM users u
    JOIN user_sites us ON us.user_id = u.id AND us.site_id = ${siteId}::uuid
    JOIN mentor_profiles mp ON mp.user_id = u.id
    WHERE u.role = 'MENTOR_MOTHER' AND u.active
      AND NOT EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = u.id AND ${day}::date BETWEEN l.start_date AND l.end_date)`;
  return rows
    .filter((r) => !excludeMentorIds.includes(r.id))
    .map((r) => ({ id: r.id, languages: r.languages, caseload: Number(r.caseload), cap: r.cap ?? countryCap }));
}

/**
 * Assigns `clients` (all of one site) automatically. Closes any open assignment of those clients
 * first. Returns the pick per client; clients nobody can take stay unassigned (mentor_id null)
 * and the caller explains why ("no-mentor" / "all-full").
 */
export async function autoAssign(
  tx: Tx,
  opts: { siteId: string; day: string; clients: { id: string; language: string }[]; reason: AssignReason; changedById: string | null; excludeMentorIds?: string[] },
): Promise<Map<string, Pick>> {
  const candidates = await candidatesForSite(tx, opts.siteId, opts.day, opts.excludeMentorIds);
  const picks = assignMany(opts.clients, candidates);
  const placed = [...picks].filter(([, p]) => p.mentorId) as [string, { mentorId: string }][];
  await writeAssignments(tx, placed.map(([clientId, p]) => ({ clientId, mentorId: p.mentorId })), opts.reason, opts.changedById);
  return picks;
}

/** Records new holders for clients: ends open assignments, opens new ones, mirrors clients.mentor_id. */
export async function writeAssignments(
  tx: Tx,
  moves: { clientId: string; mentorId: string }[],
  reason: AssignReason,
  changedById: string | null,
  note?: string,
): Promise<void> {
  if (moves.length === 0) return;
  const clientIds = moves.map((m) => m.clientId);
  const mentorIds = moves.map((m) => m.mentorId);
  await tx.$executeRaw`
    UPDATE assignments SET end_at = now()
    WHERE end_at IS NULL AND client_id = ANY(${clientIds}::uuid[])`;
  await tx.$executeRaw`
    INSERT INTO assignments (client_id, mentor_id, reason, note, changed_by_id)
    SELECT c, m, ${reason}, ${note ?? null}, ${changedById}::uuid
    FROM unnest(${clientIds}::uuid[], ${mentorIds}::uuid[]) AS t(c, m)`;
  await tx.$executeRaw`
    UPDATE clients SET mentor_id = t.m, version = version + 1, updated_at = now()
    FROM unnest(${clientIds}::uuid[], ${mentorIds}::uuid[]) AS t(c, m)
    WHERE clients.id = t.c`;
}
