"use server";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth";
import { cleanSearch, isSearchPage, SEARCH_FLAG, SEARCH_PAGES, storeSearch } from "@/lib/search/search-text";

/** The search form of a list page (lib/search/search-text.ts): the text into a cookie, the other
 * filters into the address, then the page. `clear` forgets the text and the filters. */
export async function searchAction(formData: FormData): Promise<void> {
  const page = formData.get("page");
  if (!isSearchPage(page) || !(await getActor())) redirect("/");
  if (formData.get("clear")) {
    await storeSearch(page, "");
    redirect(page);
  }
  const text = cleanSearch(formData.get("q"));
  await storeSearch(page, text);
  const params = new URLSearchParams();
  for (const key of SEARCH_PAGES[page].filters) {
    const v = formData.get(key);
    // Ids, codes and enum values only; the page's schema drops anything malformed.
    if (typeof v === "string" && v && v.length <= 64) params.set(key, v);
  }
  if (text) params.set(SEARCH_FLAG, "1");
  const qs = params.toString();
  redirect(qs ? `${page}?${qs}` : page);
}
