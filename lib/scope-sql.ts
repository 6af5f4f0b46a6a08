// The SQL twins of the row scopes in lib/authz.ts, for set-based statements (the queue, the
// coverage figures, exports) that cannot take a Prisma `where`. Each must select exactly the rows
// its twin does: tests/integration/scopes.test.ts checks them against each other per role.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";

/** Leave of user `userCol` covering the date `day` (SQL expressions). */
function onLeaveSql(userCol: Prisma.Sql, day: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = ${userCol} AND ${day} BETWEEN l.start_date AND l.end_date)`;
}

/** clientScope over the clients row `c` (joined to its site `s` where the scope needs the country). */
export function clientScopeSql(actor: Actor, c = Prisma.raw("c")): Prisma.Sql {
  switch (actor.role) {
    case "ADMIN":
      return Prisma.sql`TRUE`;
    case "PROGRAMME_MANAGER":
      return actor.countryId
        ? Prisma.sql`EXISTS (SELECT 1 FROM sites sx WHERE sx.id = ${c}.site_id AND sx.country_id = ${actor.countryId}::uuid)`
        : Prisma.sql`TRUE`;
    case "SUPERVISOR":
    case "DATA_CLERK":
      return Prisma.sql`${c}.site_id = ANY(${actor.siteIds}::uuid[])`;
    case "MENTOR_MOTHER":
      return Prisma.sql`${c}.mentor_id = ${actor.userId}::uuid`;
  }
}

function coverTaskSql(actor: Actor, today: string, t: Prisma.Sql, c: Prisma.Sql): Prisma.Sql {
  const day = Prisma.sql`${today}::date`;
  return Prisma.sql`(${t}.task_date = ${day} AND ${c}.site_id = ANY(${actor.siteIds}::uuid[])
    AND ${onLeaveSql(Prisma.sql`${c}.mentor_id`, day)}
    AND (${t}.mentor_id = ${actor.userId}::uuid OR ${onLeaveSql(Prisma.sql`${t}.mentor_id`, day)}))`;
}

/** taskScope over the call_tasks row `t` and its client `c`. */
export function taskScopeSql(actor: Actor, today: string | null, t = Prisma.raw("t"), c = Prisma.raw("c")): Prisma.Sql {
  if (actor.role !== "MENTOR_MOTHER") return clientScopeSql(actor, c);
  const own = Prisma.sql`${c}.mentor_id = ${actor.userId}::uuid`;
  return today && actor.siteIds.length ? Prisma.sql`(${own} OR ${coverTaskSql(actor, today, t, c)})` : own;
}

/** attemptScope over the call_attempts row `a` and its client `c`. */
export function attemptScopeSql(actor: Actor, today: string | null, c = Prisma.raw("c")): Prisma.Sql {
  if (actor.role !== "MENTOR_MOTHER") return clientScopeSql(actor, c);
  const own = Prisma.sql`${c}.mentor_id = ${actor.userId}::uuid`;
  if (!today || actor.siteIds.length === 0) return own;
  const tt = Prisma.raw("tcov");
  return Prisma.sql`(${own} OR EXISTS (SELECT 1 FROM call_tasks tcov WHERE tcov.client_id = ${c}.id AND ${coverTaskSql(actor, today, tt, c)}))`;
}

/**
 * Audit rows the actor may read (the audit viewer, lib/audit-trail/queries.ts): an administrator
 * every row; a supervisor the rows about a client of her sites, and the other rows (sign-ins,
 * exports, user changes, refusals, lookups) written by a user of her sites. Nobody else any.
 */
export function auditScopeSql(actor: Actor, a = Prisma.raw("a")): Prisma.Sql {
  switch (actor.role) {
    case "ADMIN":
      return Prisma.sql`TRUE`;
    case "SUPERVISOR":
      return Prisma.sql`(CASE WHEN ${a}.entity_type = 'client' AND ${a}.entity_id ~ '^[0-9a-f-]{36}$'
        THEN EXISTS (SELECT 1 FROM clients cx WHERE cx.id = ${a}.entity_id::uuid AND cx.site_id = ANY(${actor.siteIds}::uuid[]))
        ELSE EXISTS (SELECT 1 FROM user_sites ux WHERE ux.user_id = ${a}.actor_id AND ux.site_id = ANY(${actor.siteIds}::uuid[])) END)`;
    case "PROGRAMME_MANAGER":
    case "DATA_CLERK":
    case "MENTOR_MOTHER":
      return Prisma.sql`FALSE`;
  }
}
