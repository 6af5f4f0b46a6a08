import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { Actor } from "@/lib/authz";
import { can } from "@/lib/authz";
import { signOutAction } from "@/lib/account/actions";

type NavItem = { href: string; key: string };

function navFor(actor: Actor): NavItem[] {
  const items: NavItem[] = [];
  if (can(actor, "queue.work")) items.push({ href: "/queue", key: "queue" });
  if (can(actor, "clients.view")) items.push({ href: "/clients", key: "clients" });
  if (can(actor, "supervision.view")) items.push({ href: "/supervision", key: "supervision" });
  if (can(actor, "coverage.view")) items.push({ href: "/supervision/coverage", key: "coverage" });
  if (can(actor, "escalations.manage")) items.push({ href: "/supervision/escalations", key: "escalations" });
  if (can(actor, "reports.view")) items.push({ href: "/reports", key: "reports" });
  if (can(actor, "dhis2.send")) items.push({ href: "/dhis2", key: "dhis2" });
  if (can(actor, "facility.update")) items.push({ href: "/facility", key: "facility" });
  if (can(actor, "admin.users")) {
    items.push({ href: "/admin", key: "admin" }, { href: "/admin/countries", key: "countries" }, { href: "/admin/sites", key: "sites" });
    items.push({ href: "/admin/users", key: "users" }, { href: "/admin/settings", key: "settings" }, { href: "/admin/exports", key: "exports" }, { href: "/admin/dhis2", key: "dhis2Mapping" });
    items.push({ href: "/supervision/caseloads", key: "caseloads" }, { href: "/admin/call-lists", key: "callLists" });
  }
  if (can(actor, "clients.duplicates")) items.push({ href: "/admin/duplicates", key: "duplicates" });
  if (can(actor, "audit.view")) items.push({ href: "/supervision/audit", key: "audit" });
  items.push({ href: "/account", key: "account" });
  return items;
}

/** The signed-in frame: a top bar, and the navigation as a disclosure on phones, a row on desktops.
 * <details> keeps it working without JavaScript on a slow connection. */
export async function AppShell({ actor, children }: { actor: Actor; children: React.ReactNode }) {
  const [t, tc] = await Promise.all([getTranslations("nav"), getTranslations("common")]);
  const items = navFor(actor);
  const links = items.map((i) => (
    <li key={i.href}>
      <Link href={i.href} className="block rounded-md px-3 py-2 text-sm font-medium text-slate-800 hover:bg-brand-50 min-h-11 flex items-center">
        {t(i.key)}
      </Link>
    </li>
  ));
  const signOut = (
    <form action={signOutAction}>
      <button type="submit" className="min-h-11 rounded-md px-3 text-sm font-medium text-slate-800 hover:bg-slate-100">
        {(await getTranslations("auth"))("signOut")}
      </button>
    </form>
  );
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        {tc("skipToContent")}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-2 px-3 py-2">
          <Link href="/" className="min-h-11 flex items-center font-bold text-brand-700">
            {tc("appName")}
          </Link>
          <p className="hidden text-xs text-slate-600 sm:block" data-testid="signed-in-as">
            {t("signedInAs", { name: actor.name, role: tc(`roles.${actor.role}`) })}
          </p>
          <div className="hidden md:block">{signOut}</div>
          <details className="md:hidden">
            <summary className="min-h-11 flex cursor-pointer items-center rounded-md border border-slate-300 px-3 text-sm font-medium">{t("menu")}</summary>
            <nav aria-label={t("mainNavigation")} className="absolute left-0 right-0 z-40 mt-2 border-b border-slate-200 bg-white px-3 pb-3 shadow-md">
              <p className="py-2 text-xs text-slate-600">{t("signedInAs", { name: actor.name, role: tc(`roles.${actor.role}`) })}</p>
              <ul className="space-y-1">{links}</ul>
              <div className="mt-2 border-t border-slate-200 pt-2">{signOut}</div>
            </nav>
          </details>
        </div>
        <nav aria-label={t("mainNavigation")} className="mx-auto hidden max-w-6xl px-3 pb-2 md:block">
          <ul className="flex flex-wrap gap-1">{links}</ul>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-3 py-4 sm:px-4 sm:py-6">
        {children}
      </main>
    </div>
  );
}
