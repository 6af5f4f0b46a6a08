// The back-check reads (issue 11): the supervisor's list (due, then recently recorded - which calls
// were not confirmed is hers alone: backchecks.manage), one back-check to call, the count due for
// her home, and the share confirmed per Mentor Mother that coverage shows beside the call figures
// (figures only, for every coverage reader). Scope: the client scope (a supervisor's sites now).
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/authz";
import { writeAudit } from "@/lib/audit";
import { isoDate } from "@/lib/dates";
import { clientScopeSql } from "@/lib/scope-sql";
import { blockOf, loadBackCheck, phoneCallsToday, type BackCheckPhone } from "@/lib/back-checks/commands";
import { emptyShare, type BackCheckBlock, type BackCheckShare, type BackCheckStatus } from "@/lib/back-checks/rules";
import type { SiteRange } from "@/lib/coverage/sql";

type Db = PrismaClient;

export type BackCheckRow = {
  id: string;
  status: BackCheckStatus;
  week: string;
  callDay: string;
  client: { id: string; firstName: string; ref: string };
  mentor: { id: string; name: string };
  note: string | null;
  calledAt: string | null;
};

const LIMIT = 300;

/** Due back-checks in scope (oldest week first), then those recorded in the last 8 weeks (newest first). */
export async function backCheckList(db: Db, actor: Actor, now: Date): Promise<{ due: BackCheckRow[]; recorded: BackCheckRow[]; truncated: boolean }> {
  assertCan(actor, "backchecks.manage");
  const rows = await db.$queryRaw<
    { id: string; status: BackCheckStatus; week: Date; call_day: Date; client_id: string; first_name: string; ref: string; mentor_id: string; mentor_name: string;
      note: string | null; called_at: Date | null }[]
  >`
    SELECT b.id::text, b.status, b.week, b.call_day, c.id::text AS client_id, c.first_name, c.ref, b.mentor_id::text, u.name AS mentor_name, b.note, b.called_at
    FROM back_checks b
    JOIN clients c ON c.id = b.client_id
    JOIN users u ON u.id = b.mentor_id
    WHERE ${clientScopeSql(actor, Prisma.raw("c"))}
      AND (b.status = 'DUE' OR b.week >= (${now}::timestamptz)::date - 56)
    ORDER BY (b.status = 'DUE') DESC, CASE WHEN b.status = 'DUE' THEN b.week END ASC, b.called_at DESC NULLS LAST, b.id
    LIMIT ${LIMIT + 1}`;
  const list = rows.slice(0, LIMIT).map((r) => ({
    id: r.id, status: r.status, week: isoDate(r.week), callDay: isoDate(r.call_day),
    client: { id: r.client_id, firstName: r.first_name, ref: r.ref },
    mentor: { id: r.mentor_id, name: r.mentor_name },
    note: r.note, calledAt: r.called_at?.toISOString() ?? null,
  }));
  return { due: list.filter((r) => r.status === "DUE"), recorded: list.filter((r) => r.status !== "DUE"), truncated: rows.length > LIMIT };
}

/** How many back-checks wait for the supervisor (her home). */
export async function dueBackCheckCount(db: Db, actor: Actor): Promise<number> {
  assertCan(actor, "backchecks.manage");
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM back_checks b JOIN clients c ON c.id = b.client_id
    WHERE b.status = 'DUE' AND ${clientScopeSql(actor, Prisma.raw("c"))}`;
  return row?.n ?? 0;
}

export type BackCheckView = {
  id: string;
  version: number;
  status: BackCheckStatus;
  callDay: string;
  mentorName: string;
  client: { id: string; firstName: string; ref: string; sex: string; language: string };
  phone: BackCheckPhone | null;
  /** Why it cannot be called now; null = it can. */
  block: BackCheckBlock | null;
};

/** One back-check to call (404 out of scope). The view of the client's first name and number is audited. */
export async function backCheckView(db: Db, actor: Actor, id: string, now: Date, meta: { requestId?: string | null } = {}): Promise<BackCheckView> {
  assertCan(actor, "backchecks.manage");
  const b = await loadBackCheck(db, actor, id);
  const [callsToday, mentor] = await Promise.all([
    phoneCallsToday(db, b, now),
    db.$queryRaw<{ name: string }[]>`SELECT name FROM users WHERE id = ${b.mentorId}::uuid`,
  ]);
  await writeAudit(db, { actorId: actor.userId, requestId: meta.requestId }, { action: "backcheck.viewed", entityType: "back_check", entityId: b.id, meta: { clientId: b.client.id } });
  return {
    id: b.id, version: b.version, status: b.status as BackCheckStatus, callDay: isoDate(b.callDay), mentorName: mentor[0]?.name ?? "",
    client: { id: b.client.id, firstName: b.client.firstName, ref: b.client.ref, sex: b.client.sex, language: b.client.preferredLanguage },
    phone: b.phone,
    block: b.status === "DUE" ? blockOf(b, now, callsToday) : null,
  };
}

/**
 * The back-checks of each Mentor Mother's calls made in her site's period (by the day of the call
 * checked), by result: what coverage shows as "back-checks confirmed". A separate statement beside
 * the coverage one (lib/coverage/sql.ts), over the same sites and periods; figures only.
 */
export async function backCheckShares(db: Pick<PrismaClient, "$queryRaw">, sites: readonly SiteRange[]): Promise<Map<string, BackCheckShare>> {
  const out = new Map<string, BackCheckShare>();
  if (sites.length === 0) return out;
  const rows = await db.$queryRaw<{ mentor_id: string; confirmed: number; not_confirmed: number; could_not_reach: number; due: number }[]>`
    WITH rng AS (
      SELECT * FROM unnest(${sites.map((s) => s.siteId)}::uuid[], ${sites.map((s) => s.from)}::date[], ${sites.map((s) => s.to)}::date[]) AS r(site_id, d_from, d_to)
    ),
    mm AS (
      SELECT DISTINCT ON (us.user_id) us.user_id AS mentor_id, r.d_from, r.d_to
      FROM rng r JOIN user_sites us ON us.site_id = r.site_id JOIN users u ON u.id = us.user_id AND u.role = 'MENTOR_MOTHER'
      ORDER BY us.user_id, r.site_id
    )
    SELECT b.mentor_id::text,
           count(*) FILTER (WHERE b.status = 'CONFIRMED')::int AS confirmed,
           count(*) FILTER (WHERE b.status = 'NOT_CONFIRMED')::int AS not_confirmed,
           count(*) FILTER (WHERE b.status = 'COULD_NOT_REACH')::int AS could_not_reach,
           count(*) FILTER (WHERE b.status = 'DUE')::int AS due
    FROM mm JOIN back_checks b ON b.mentor_id = mm.mentor_id AND b.call_day BETWEEN mm.d_from AND mm.d_to
    GROUP BY b.mentor_id`;
  for (const r of rows) out.set(r.mentor_id, { ...emptyShare(), confirmed: r.confirmed, notConfirmed: r.not_confirmed, couldNotReach: r.could_not_reach, due: r.due });
  return out;
}
