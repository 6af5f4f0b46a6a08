// Countries and their public holidays. Shared by the admin forms (browser) and the commands.
import { z } from "zod";
import { isValidTimeZone } from "@/lib/dates";

/** ISO 3166-1 alpha-2, stored upper-case (it is also the phone-number region). */
export const countryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "invalidFormat");

/** Time zones the programme works in, offered as suggestions; any IANA name is accepted. */
export const COMMON_TIME_ZONES = [
  "Africa/Abidjan",
  "Africa/Accra",
  "Africa/Addis_Ababa",
  "Africa/Blantyre",
  "Africa/Dar_es_Salaam",
  "Africa/Gaborone",
  "Africa/Harare",
  "Africa/Johannesburg",
  "Africa/Kampala",
  "Africa/Kigali",
  "Africa/Kinshasa",
  "Africa/Lagos",
  "Africa/Luanda",
  "Africa/Lubumbashi",
  "Africa/Lusaka",
  "Africa/Maputo",
  "Africa/Maseru",
  "Africa/Mbabane",
  "Africa/Nairobi",
  "Africa/Windhoek",
] as const;

/** An IANA time zone name, stored in its canonical spelling ("africa/maputo" -> "Africa/Maputo"). */
export const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  // Only region/city style names: offsets such as "+02:00" ignore daylight saving and history.
  .refine((tz) => /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(tz) && isValidTimeZone(tz), "invalidTimeZone")
  .transform((tz) => new Intl.DateTimeFormat("en", { timeZone: tz }).resolvedOptions().timeZone);

const id = z.uuid();
const version = z.coerce.number().int().min(1);

export const countryFormSchema = z.object({
  code: countryCodeSchema,
  name: z.string().trim().min(1).max(100),
  timeZone: timeZoneSchema,
  defaultLanguage: z.string().trim().min(1).max(8),
});
export type CountryFormInput = z.input<typeof countryFormSchema>;

export const createCountrySchema = countryFormSchema;
export const updateCountrySchema = countryFormSchema.extend({ id, version });
export const deleteCountrySchema = z.object({ id, version });

/** A calendar date typed as YYYY-MM-DD that really exists (no 2026-02-30). */
export const isoDateSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invalidFormat")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00.000Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100;
  }, "invalid");

export const addHolidaySchema = z.object({
  countryId: id,
  date: isoDateSchema,
  name: z.string().trim().min(1).max(100),
});
export type AddHolidayInput = z.input<typeof addHolidaySchema>;

export const removeHolidaySchema = z.object({ countryId: id, holidayId: id });
