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

/** Minutes after midnight from "HH:MM" (00:00-24:00), or null when malformed. */
export function minutesOf(hhmm: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm.trim());
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 1440 ? minutes : null;
}

export function hhmmOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
