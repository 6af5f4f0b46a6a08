import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DEFAULT_LOCALE, NAMESPACES, isLocale, negotiate, type Locale } from "@/i18n/config";

async function load(locale: Locale) {
  const entries = await Promise.all(
    NAMESPACES.map(async (ns) => [ns, (await import(`../messages/${locale}/${ns}.json`)).default] as const),
  );
  return Object.fromEntries(entries);
}

export default getRequestConfig(async ({ locale: explicit }) => {
  // An explicit locale (getTranslations({ locale, namespace })) wins: the call screen shows a
  // script in the client's language whatever the Mentor Mother's own language is.
  const fromCookie = isLocale(explicit) ? null : (await cookies()).get("NEXT_LOCALE")?.value;
  const locale: Locale = isLocale(explicit) ? explicit : isLocale(fromCookie) ? fromCookie : negotiate((await headers()).get("accept-language"));
  const [messages, fallback] = await Promise.all([load(locale), locale === DEFAULT_LOCALE ? null : load(DEFAULT_LOCALE)]);
  return {
    locale,
    // A string missing from a catalogue falls back to English rather than showing a key.
    messages: fallback ? deepMerge(fallback, messages) : messages,
    timeZone: "UTC",
    onError() {},
    getMessageFallback: ({ namespace, key }) => `${namespace ? `${namespace}.` : ""}${key}`,
  };
});

type Tree = { [k: string]: string | Tree };
function deepMerge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = typeof v === "object" && typeof b === "object" ? deepMerge(b, v) : v;
  }
  return out;
}
