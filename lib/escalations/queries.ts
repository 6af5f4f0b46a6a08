// The supervisor's lists: open escalations (OPEN and REFERRED, oldest first) and the clients
// nobody reached in N days (the country's notReachedDays). Identified lists: supervisors (their
// sites) and administrators only (escalations.manage), scoped by the client scope.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/authz";
import { clientScopeSql } from "@/lib/scope-sql";
import { localDay } from "@/lib/site-clock";
import { addDaysIso } from "@/lib/calls/calendar";
import { isoDate } from "@/lib/dates";
import { readCountrySettings } from "@/lib/settings/schemas";
import { NOT_REACHED_SQL } from "@/lib/coverage/sql";
import { escalationAgeDays, type EscalationCause, type EscalationStatus } from "@/lib/escalations/rules";
import type { Disposition } from "@/lib/calls/state-machine";

type Db = Pick<PrismaClient, "$queryRaw" | "user" | "site">;

export type EscalationRow = {
  id: string;
  version: number;
  cause: EscalationCause;
  status: EscalationStatus;
  openedDay: string;
  ageDays: number;
  client: { id: string; firstName: string; ref: string; sex: string };
  siteId: string;
  holder: { id: string; name: string } | null;
  /** Interruption in treatment since (lib/clients/interruption.ts), or null. */
  interruptionSince: string | null;
};

export type MentorChoice = { id: string; name: string; siteId: string };

const LIMIT = 500;

/** Open escalations in the actor's scope, oldest first, with the Mentor Mothers each may go back to. */
export async function openEscalations(db: Db, actor: Actor, now: Date): Promise<{ rows: EscalationRow[]; mentors: MentorChoice[]; truncated: boolean }> {
  assertCan(actor, "escalations.manage");
  const rows = await db.$queryRaw<
    { id: string; version: number; cause: EscalationCause; status: EscalationStatus; opened_day: Date; client_id: string; first_name: string; ref: string; sex: string;
      site_id: string; tz: string; mentor_id: string | null; mentor_name: string | null; interruption_since: Date | null }[]
  >`
    SELECT e.id::text, e.version, e.cause, e.status, e.opened_day, c.id::text AS client_id, c.first_name, c.ref, c.sex::text AS sex, c.site_id::text, s.time_zone AS tz,
           c.mentor_id::text, u.name AS mentor_name, c.interruption_since
    FROM escalations e
    JOIN clients c ON c.id = e.client_id
    JOIN sites s ON s.id = c.site_id
    LEFT JOIN users u ON u.id = c.mentor_id
    WHERE e.status IN ('OPEN', 'REFERRED') AND ${clientScopeSql(actor, Prisma.raw("c"))}
    ORDER BY e.opened_at, e.id
    LIMIT ${LIMIT + 1}`;
  const siteIds = [...new Set(rows.map((r) => r.site_id))];
  const mentors = siteIds.length
    ? await db.$queryRaw<MentorChoice[]>`
        SELECT u.id::text, u.name, us.site_id::text AS "siteId" FROM user_sites us JOIN users u ON u.id = us.user_id
        WHERE us.site_id = ANY(${siteIds}::uuid[]) AND u.role = 'MENTOR_MOTHER' AND u.active ORDER BY u.name, u.id`
    : [];
  return {
    truncated: rows.length > LIMIT,
    mentors,
    rows: rows.slice(0, LIMIT).map((r) => {
      const openedDay = isoDate(r.opened_day);
      return {
        id: r.id, version: r.version, cause: r.cause, status: r.status, openedDay,
        ageDays: escalationAgeDays(openedDay, localDay(r.tz, now)),
        client: { id: r.client_id, firstName: r.first_name, ref: r.ref, sex: r.sex },
        siteId: r.site_id,
        holder: r.mentor_id ? { id: r.mentor_id, name: r.mentor_name ?? "" } : null,
        interruptionSince: r.interruption_since ? isoDate(r.interruption_since) : null,
      };
    }),
  };
}

/** How many are open (the supervisor's home). */
export async function openEscalationCount(db: Db, actor: Actor): Promise<number> {
  assertCan(actor, "escalations.manage");
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM escalations e JOIN clients c ON c.id = e.client_id
    WHERE e.status IN ('OPEN', 'REFERRED') AND ${clientScopeSql(actor, Prisma.raw("c"))}`;
  return row?.n ?? 0;
}

export type NotReachedRow = {
  client: { id: string; firstName: string; ref: string };
  holder: { id: string; name: string };
  lastReachedAt: string | null;
  lastAttempt: { at: string; disposition: Disposition } | null;
};

/** Active clients in scope nobody reached in their country's notReachedDays (definitions.ts
 * notReachedFor), longest first (never reached first), with their last attempt. */
export async function clientsNotReached(db: Db, actor: Actor, now: Date): Promise<{ rows: NotReachedRow[]; days: number; truncated: boolean }> {
  assertCan(actor, "escalations.manage");
  const sites = await db.site.findMany({
    where: actor.role === "ADMIN" ? {} : { id: { in: actor.siteIds } },
    select: { id: true, timeZone: true, country: { select: { settings: true } } },
  });
  if (sites.length === 0) return { rows: [], days: 30, truncated: false };
  const days = sites.map((s) => readCountrySettings(s.country.settings).notReachedDays);
  const rows = await db.$queryRaw<
    { id: string; first_name: string; ref: string; mentor_id: string; mentor_name: string; last_reached_at: Date | null; at: Date | null; disposition: Disposition | null }[]
  >`
    SELECT c.id::text, c.first_name, c.ref, c.mentor_id::text, u.name AS mentor_name, c.last_reached_at, la.created_at AS at, la.disposition::text AS disposition
    FROM unnest(${sites.map((s) => s.id)}::uuid[], ${sites.map((s, i) => addDaysIso(localDay(s.timeZone, now), -days[i]!))}::date[], ${sites.map((s) => s.timeZone)}::text[])
      AS x(site_id, since, tz)
    JOIN clients c ON c.site_id = x.site_id AND c.status = 'ACTIVE' AND c.mentor_id IS NOT NULL
    JOIN users u ON u.id = c.mentor_id
    LEFT JOIN LATERAL (SELECT a.created_at, a.disposition FROM call_attempts a WHERE a.client_id = c.id AND a.corrects_id IS NULL
                       ORDER BY a.created_at DESC LIMIT 1) la ON true
    WHERE ${NOT_REACHED_SQL("c", Prisma.sql`x.since`, Prisma.sql`x.tz`)} AND ${clientScopeSql(actor, Prisma.raw("c"))}
    ORDER BY c.last_reached_at ASC NULLS FIRST, c.id
    LIMIT ${LIMIT + 1}`;
  return {
    days: Math.min(...days),
    truncated: rows.length > LIMIT,
    rows: rows.slice(0, LIMIT).map((r) => ({
      client: { id: r.id, firstName: r.first_name, ref: r.ref },
      holder: { id: r.mentor_id, name: r.mentor_name },
      lastReachedAt: r.last_reached_at?.toISOString() ?? null,
      lastAttempt: r.at && r.disposition ? { at: r.at.toISOString(), disposition: r.disposition } : null,
    })),
  };
}
