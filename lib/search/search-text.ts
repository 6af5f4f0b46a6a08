import "server-only";
// Free-text searches (a client's name, phone number or reference) never go into a URL (security.md:
// no health data in URLs - the address bar, the history, proxy and server logs). The search form
// POSTs to searchAction (lib/search/actions.ts), which keeps the text in an httpOnly cookie limited
// to the page's path and redirects to the page with `search=1`; the page reads the text back from
// the cookie only when that flag is in its address (a fresh visit shows everything).
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { withoutControlCharacters } from "@/lib/validation";

/** The pages with a free-text search, and the other (non-identifying) filters each keeps in its URL. */
export const SEARCH_PAGES = {
  "/clients": { cookie: "search-clients", filters: ["site", "mentor", "category", "status", "language"] },
  "/supervision/reassign": { cookie: "search-reassign", filters: ["site", "mentor", "language"] },
} as const;
export type SearchPage = keyof typeof SEARCH_PAGES;

export const SEARCH_FLAG = "search";
export const MAX_SEARCH_LENGTH = 100;

export function isSearchPage(v: unknown): v is SearchPage {
  return typeof v === "string" && Object.hasOwn(SEARCH_PAGES, v);
}

export function cleanSearch(v: unknown): string {
  return typeof v === "string" ? withoutControlCharacters(v).trim().slice(0, MAX_SEARCH_LENGTH) : "";
}

/** Keeps (or, empty, forgets) the page's search text. Only a server action may call this. */
export async function storeSearch(page: SearchPage, text: string): Promise<void> {
  const jar = await cookies();
  const { cookie } = SEARCH_PAGES[page];
  if (!text) {
    jar.delete({ name: cookie, path: page });
    return;
  }
  // No max-age: the text goes when the browser closes. httpOnly: no page script reads it.
  jar.set(cookie, text, { path: page, httpOnly: true, sameSite: "strict", secure: env().NEXTAUTH_URL.startsWith("https://") });
}

/** The page's search text, when its address says a search is on (`search=1`). */
export async function readSearch(page: SearchPage, flag: unknown): Promise<string | undefined> {
  if (flag !== "1") return undefined;
  return cleanSearch((await cookies()).get(SEARCH_PAGES[page].cookie)?.value) || undefined;
}
