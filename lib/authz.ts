// Who may do what, and which rows each actor may see. Pure: no database, no Next.js.
// Every query and command builds its `where` from these scopes (architecture.md, convention 2).
import type { Role } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors";

export type Actor = {
  userId: string;
  sessionId: string;
  name: string;
  role: Role;
  /** Sites the user belongs to (Mentor Mothers and supervisors) */
  siteIds: string[];
  /** Programme managers: their country, or null for programme-wide. */
  countryId: string | null;
  locale: string;
  /** Signed in with a one-time password (npm run admin:create): may only change it. */
  mustChangePassword?: boolean;
  /** An administrator granted identified data (users.identified_access_granted_at): identified
   * client records for a programme manager, identified line lists for anyone. */
  identifiedAccess?: boolean;
};

export const ROLES = ["MENTOR_MOTHER", "SUPERVISOR", "PROGRAMME_MANAGER", "ADMIN", "DATA_CLERK"] as const satisfies readonly Role[];

const PERMISSIONS = {
  "admin.countries": ["ADMIN"],
  "admin.sites": ["ADMIN"],
  "admin.users": ["ADMIN"],
  /** A one-time password for someone: administrators (anyone), supervisors (their sites' Mentor
   * Mothers, see passwordResetScope). */
  "users.resetPassword": ["ADMIN", "SUPERVISOR"],
  "admin.settings": ["ADMIN"],
  "users.view": ["ADMIN", "PROGRAMME_MANAGER", "SUPERVISOR"],
  "sites.view": ["ADMIN", "PROGRAMME_MANAGER", "SUPERVISOR", "MENTOR_MOTHER"],
  "queue.work": ["MENTOR_MOTHER"],
  /** "Generate today's lists now": administrators (any site), supervisors (their sites). */
  "calls.generate": ["ADMIN", "SUPERVISOR"],
  "supervision.view": ["SUPERVISOR"],
  /** Call coverage: supervisors (their sites), programme managers (figures only), administrators. */
  "coverage.view": ["SUPERVISOR", "PROGRAMME_MANAGER", "ADMIN"],
  /** Escalations and clients nobody reached: identified lists, resolved by the supervisor. */
  "escalations.manage": ["SUPERVISOR", "ADMIN"],
  /** Back-check calls (lib/back-checks): the supervisor of the site calls the client back and
   * records the answer. Which calls were not confirmed is hers alone (coverage shows the share). */
  "backchecks.manage": ["SUPERVISOR"],
  "reports.view": ["PROGRAMME_MANAGER", "ADMIN", "SUPERVISOR"],
  /** A country's monthly DHIS2 data: download or push (programme managers their country). */
  "dhis2.send": ["PROGRAMME_MANAGER", "ADMIN"],
  "account.self": ["ADMIN", "PROGRAMME_MANAGER", "SUPERVISOR", "MENTOR_MOTHER", "DATA_CLERK"],
  /** Attendance, appointments and results in bulk from the facility (files, the visit list, FHIR). */
  "facility.update": ["ADMIN", "SUPERVISOR", "DATA_CLERK"],
  /** Which sites pull from a FHIR server, and how. */
  "facility.feeds": ["ADMIN"],
  /** The audit trail (who viewed, changed or exported what): administrators, supervisors (their sites). */
  "audit.view": ["ADMIN", "SUPERVISOR"],
  "clients.view": ["ADMIN", "PROGRAMME_MANAGER", "SUPERVISOR", "MENTOR_MOTHER"],
  /** Mentor Mothers only where their country's settings allow it (checked by the command). */
  "clients.enrol": ["ADMIN", "SUPERVISOR", "MENTOR_MOTHER"],
  "clients.edit": ["ADMIN", "SUPERVISOR"],
  "clients.import": ["ADMIN", "SUPERVISOR"],
  /** Possible cross-site duplicates: only someone who sees every site may compare and link them. */
  "clients.duplicates": ["ADMIN"],
  "clients.assign": ["ADMIN", "SUPERVISOR"],
  /** Propose a transfer of a client of her site to another site; accept or decline one proposed
   * to her site (lib/clients/transfers.ts). */
  "clients.transfer": ["ADMIN", "SUPERVISOR"],
  /** The identified line list (names, phones): only with the grant, see GRANTED below. */
  "exports.identified": ["ADMIN", "PROGRAMME_MANAGER", "SUPERVISOR"],
  /** Call scripts and other texts per language (lib/content): edit, preview, approve. */
  "content.edit": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Permissions that these roles hold only once an administrator granted identified data
 * (domain.md "Confidentiality": programme managers see figures and de-identified lists). */
const GRANTED: Partial<Record<Permission, readonly Role[]>> = {
  "clients.view": ["PROGRAMME_MANAGER"],
  "exports.identified": ["ADMIN", "PROGRAMME_MANAGER", "SUPERVISOR"],
};

export function can(actor: Pick<Actor, "role" | "mustChangePassword" | "identifiedAccess"> | null | undefined, permission: Permission): boolean {
  if (!actor) return false;
  // Until the one-time password is replaced, nothing but replacing it (every page, action and
  // route checks a permission, so this one line closes them all).
  if (actor.mustChangePassword && permission !== "account.self") return false;
  if (!(PERMISSIONS[permission] as readonly Role[]).includes(actor.role)) return false;
  return !GRANTED[permission]?.includes(actor.role) || actor.identifiedAccess === true;
}

/** Deny by default, and say "not found": a refused request never confirms that anything exists. */
export function assertCan(actor: Actor | null | undefined, permission: Permission): asserts actor is Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", "UNAUTHENTICATED");
  if (!can(actor, permission)) throw new AppError("NOT_FOUND", "NOT_FOUND");
}

/** Where a signed-in user is sent: the password change while her password is a one-time one,
 * otherwise her role's home. */
export function landingPath(actor: Pick<Actor, "role" | "mustChangePassword">): string {
  return actor.mustChangePassword ? CHANGE_PASSWORD_PATH : homePath(actor.role);
}

export const CHANGE_PASSWORD_PATH = "/change-password";

/** The page each role lands on after signing in. */
export function homePath(role: Role): string {
  switch (role) {
    case "MENTOR_MOTHER":
      return "/queue";
    case "SUPERVISOR":
      return "/supervision";
    case "PROGRAMME_MANAGER":
      return "/reports";
    case "ADMIN":
      return "/admin";
    case "DATA_CLERK":
      return "/facility";
  }
}

// Scopes are plain objects shaped like Prisma `where` inputs, so this file stays free of I/O.
type Where = Record<string, unknown>;
const NOTHING: Where = { id: { in: [] } };

export function siteScope(actor: Actor): Where {
  switch (actor.role) {
    case "ADMIN":
      return {};
    case "PROGRAMME_MANAGER":
      return actor.countryId ? { countryId: actor.countryId } : {};
    case "SUPERVISOR":
    case "DATA_CLERK":
    case "MENTOR_MOTHER":
      return actor.siteIds.length ? { id: { in: actor.siteIds } } : NOTHING;
  }
}

export function countryScope(actor: Actor): Where {
  switch (actor.role) {
    case "ADMIN":
      return {};
    case "PROGRAMME_MANAGER":
      return actor.countryId ? { id: actor.countryId } : {};
    case "SUPERVISOR":
    case "DATA_CLERK":
    case "MENTOR_MOTHER":
      return actor.siteIds.length ? { sites: { some: { id: { in: actor.siteIds } } } } : NOTHING;
  }
}

export function userScope(actor: Actor): Where {
  switch (actor.role) {
    case "ADMIN":
      return {};
    case "PROGRAMME_MANAGER":
      return actor.countryId
        ? { OR: [{ countryId: actor.countryId }, { sites: { some: { site: { countryId: actor.countryId } } } }] }
        : {};
    case "SUPERVISOR":
      return { OR: [{ id: actor.userId }, { sites: { some: { siteId: { in: actor.siteIds } } } }] };
    case "MENTOR_MOTHER":
    case "DATA_CLERK":
      return { id: actor.userId };
  }
}

/** Whose password the actor may reset: an administrator anyone's, a supervisor only the Mentor
 * Mothers of her own sites (never another supervisor's, nor her own: that is the account page). */
export function passwordResetScope(actor: Actor): Where {
  switch (actor.role) {
    case "ADMIN":
      return {};
    case "SUPERVISOR":
      return actor.siteIds.length ? { role: "MENTOR_MOTHER", sites: { some: { siteId: { in: actor.siteIds } } } } : NOTHING;
    case "PROGRAMME_MANAGER":
    case "MENTOR_MOTHER":
    case "DATA_CLERK":
      return NOTHING;
  }
}

export function clientScope(actor: Actor): Where {
  switch (actor.role) {
    case "ADMIN":
      return {};
    case "PROGRAMME_MANAGER":
      return actor.countryId ? { site: { countryId: actor.countryId } } : {};
    case "SUPERVISOR":
    case "DATA_CLERK":
      // A data clerk matches the facility's rows to the clients of her sites (she does not browse
      // their records: no clients.view).
      return actor.siteIds.length ? { siteId: { in: actor.siteIds } } : NOTHING;
    case "MENTOR_MOTHER":
      return { mentorId: actor.userId };
  }
}

/** Leave that covers `today` (YYYY-MM-DD), as a relation filter on a user. */
function onLeave(today: string): Where {
  const day = new Date(`${today}T00:00:00.000Z`);
  return { leaves: { some: { startDate: { lte: day }, endDate: { gte: day } } } };
}

/** A Mentor Mother's cover that is valid now: today's task (her site-local `today`) of a client
 * at her site whose holder is on leave today, handed to her or still held by the one on leave. */
function coverTaskWhere(actor: Actor, today: string): Where {
  return {
    taskDate: new Date(`${today}T00:00:00.000Z`),
    client: { siteId: { in: actor.siteIds }, mentor: onLeave(today) },
    OR: [{ mentorId: actor.userId }, { mentor: onLeave(today) }],
  };
}

/**
 * Call tasks the actor may open (security.md: access through a task follows the client's CURRENT
 * assignment or a cover valid now, never who once held the task). A Mentor Mother: every task of a
 * client she holds now, and her cover (coverTaskWhere) on her site-local `today` (null: no cover).
 * Others: the tasks of the clients in their scope. SQL twin: taskScopeSql (lib/scope-sql.ts).
 */
export function taskScope(actor: Actor, today: string | null): Where {
  if (actor.role !== "MENTOR_MOTHER") return { client: clientScope(actor) };
  const own: Where = { client: { mentorId: actor.userId } };
  return today && actor.siteIds.length ? { OR: [own, coverTaskWhere(actor, today)] } : own;
}

/** Call attempts the actor may read: those of the clients in her scope, and for a Mentor Mother
 * also the calls of a client she covers today (she needs the last notes to make the call). SQL
 * twin: attemptScopeSql (lib/scope-sql.ts). */
export function attemptScope(actor: Actor, today: string | null): Where {
  if (actor.role !== "MENTOR_MOTHER") return { client: clientScope(actor) };
  const own: Where = { client: { mentorId: actor.userId } };
  return today && actor.siteIds.length ? { OR: [own, { client: { tasks: { some: coverTaskWhere(actor, today) } } }] } : own;
}

