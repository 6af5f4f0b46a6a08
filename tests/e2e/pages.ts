// Every page of the app, per role, for the accessibility scan (tests/e2e/a11y.spec.ts). A page
// with an id in its address names the list page its first link is taken from, so the scan needs
// no database access and always looks at a record the role may see.
// When the security suite's list of every page (tests/security/pages.ts, being written at the same
// time on the `security` branch) is on main, switch the scan to it and delete this file.
import { DEMO_USERS } from "../../prisma/demo-accounts";

export type PageSpec = {
  /** The address, or a pattern with one [id] when `from` says where to find the id. */
  path: string;
  /** The page whose first link matching `link` gives the real address. */
  from?: string;
  link?: RegExp;
  /** When `from` itself has an [id]: the spec that gives its real address first. */
  via?: PageSpec;
};

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const client: PageSpec = { path: "/clients/[id]", from: "/clients", link: new RegExp(`^/clients/${UUID}$`) };
const common: PageSpec[] = [{ path: "/account" }, { path: "/clients" }, client];

export type RolePages = { role: string; username: string | null; pages: PageSpec[] };

export const PAGES_BY_ROLE: RolePages[] = [
  { role: "anonymous", username: null, pages: [{ path: "/login" }, { path: "/no-such-page" }] },
  {
    role: "MENTOR_MOTHER",
    // mentor23 works at the every-day training site: her queue has calls on any day.
    username: DEMO_USERS.mentors[22]!,
    pages: [{ path: "/queue" }, { path: "/queue/[id]", from: "/queue", link: new RegExp(`^/queue/${UUID}$`) }, ...common],
  },
  {
    role: "SUPERVISOR",
    username: DEMO_USERS.supervisors[2]!,
    pages: [
      { path: "/supervision" },
      { path: "/supervision/coverage" },
      { path: "/supervision/coverage/mentors/[id]", from: "/supervision/coverage", link: new RegExp(`^/supervision/coverage/mentors/${UUID}(\\?.*)?$`) },
      { path: "/supervision/escalations" },
      { path: "/supervision/back-checks" },
      { path: "/supervision/back-checks/[id]", from: "/supervision/back-checks", link: new RegExp(`^/supervision/back-checks/${UUID}$`) },
      { path: "/supervision/not-reached" },
      { path: "/supervision/caseloads" },
      { path: "/supervision/reassign" },
      { path: "/supervision/transfers" },
      { path: "/clients/[id]/edit", from: "/clients/[id]", via: client, link: new RegExp(`^/clients/${UUID}/edit$`) },
      { path: "/supervision/audit" },
      { path: "/reports" },
      { path: "/admin/call-lists" },
      { path: "/clients/new" },
      { path: "/clients/import" },
      { path: "/facility" },
      ...common,
    ],
  },
  // Client records need an administrator's grant for a programme manager (lib/authz.ts GRANTED):
  // the demo manager has none, so /clients answers not found for her.
  { role: "PROGRAMME_MANAGER", username: DEMO_USERS.manager, pages: [{ path: "/reports" }, { path: "/dhis2" }, { path: "/account" }] },
  { role: "DATA_CLERK", username: DEMO_USERS.clerk, pages: [{ path: "/facility" }, { path: "/account" }] },
  {
    role: "ADMIN",
    username: DEMO_USERS.admin,
    pages: [
      { path: "/admin" },
      { path: "/admin/countries" },
      { path: "/admin/countries/new" },
      { path: "/admin/countries/[id]", from: "/admin/countries", link: new RegExp(`^/admin/countries/${UUID}$`) },
      { path: "/admin/sites" },
      { path: "/admin/sites/new" },
      { path: "/admin/sites/[id]", from: "/admin/sites", link: new RegExp(`^/admin/sites/${UUID}$`) },
      { path: "/admin/users" },
      { path: "/admin/users/new" },
      { path: "/admin/users/[id]", from: "/admin/users", link: new RegExp(`^/admin/users/${UUID}$`) },
      { path: "/admin/settings" },
      { path: "/admin/call-lists" },
      { path: "/admin/exports" },
      { path: "/admin/dhis2" },
      { path: "/dhis2" },
      { path: "/admin/scripts" },
      { path: "/admin/scripts/edit?key=adherence&language=zu&variant=FEMALE" },
      { path: "/admin/message-templates" },
      { path: "/admin/message-templates/edit?key=appointment&language=en" },
      { path: "/admin/duplicates" },
      { path: "/supervision/audit" },
      { path: "/reports" },
      { path: "/clients/new" },
      { path: "/clients/import" },
      { path: "/facility" },
      ...common,
    ],
  },
];

/** Pages not scanned, and why. */
export const NOT_SCANNED: { path: string; why: string }[] = [
  { path: "/", why: "renders nothing: it redirects to the sign-in page or the role's home, both scanned" },
  { path: "/change-password", why: "shown only to an account that must change its password at first sign-in; tests/e2e/first-admin.spec.ts walks it" },
  { path: "/queue/[id]/correct/[attemptId]", why: "needs a call recorded by the same Mentor Mother less than 24 hours ago; it renders the call screen's own outcome form, which is scanned" },
];

/**
 * axe rules left out, and why. Each is a finding of the tool that is not a barrier here; anything
 * else serious or critical fails the scan.
 */
export const EXEMPT_RULES: { id: string; why: string }[] = [];
