// Phone numbers are stored in E.164 and validated with the rules of the site's country
// (libphonenumber-js, full metadata: the small set accepts numbers that cannot exist).
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

/** E.164 form of `raw` read as a number of `country` (ISO 3166-1 alpha-2), or null if invalid. */
export function normalizePhone(raw: string, country: string): string | null {
  const trimmed = raw.trim();
  if (!trimmed || trimmed.length > 32) return null;
  const parsed = parsePhoneNumberFromString(trimmed, country.toUpperCase() as CountryCode);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}
