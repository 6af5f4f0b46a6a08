import type { AbstractIntlMessages } from "next-intl";

/** Only the namespaces a page's client components use are sent to the browser: the whole
 * catalogue in every page would cost a slow phone several kilobytes for nothing. */
export function pickMessages(all: AbstractIntlMessages, namespaces: readonly string[]): AbstractIntlMessages {
  return Object.fromEntries(namespaces.filter((ns) => ns in all).map((ns) => [ns, all[ns]!]));
}

export const BASE_CLIENT_NAMESPACES = ["common", "errors", "auth", "home"] as const;
export const CLIENT_PAGES_NAMESPACES = [...BASE_CLIENT_NAMESPACES, "clients", "profile", "imports", "assignment", "clientEdit", "messaging"] as const;
export const ADMIN_CLIENT_NAMESPACES = [...BASE_CLIENT_NAMESPACES, "countries", "sites", "users", "settings", "generation", "content", "security", "dhis2"] as const;
