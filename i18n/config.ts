export const LOCALES = ["en", "pt", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
export const LOCALE_COOKIE = "NEXT_LOCALE";
/** Message files, one per feature, so parallel work does not collide in one catalogue. */
export const NAMESPACES = ["common", "auth", "nav", "home", "admin", "errors", "countries", "sites", "users", "settings", "clients", "profile", "imports", "assignment", "calls", "generation", "callscreen", "scripts", "queue", "facility", "supervision", "reports", "content", "clientEdit", "security", "dhis2", "messaging"] as const;

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

/** Picks the first supported language of an Accept-Language header. */
export function negotiate(acceptLanguage: string | null | undefined): Locale {
  for (const part of (acceptLanguage ?? "").split(",")) {
    const code = part.split(";")[0]?.trim().slice(0, 2).toLowerCase();
    if (isLocale(code)) return code;
  }
  return DEFAULT_LOCALE;
}
