// Sites (health facilities). Shared by the admin forms (browser) and the commands.
import { z } from "zod";
import { timeZoneSchema } from "@/lib/countries/schemas";

/** Facility code shown to staff and used in imports: upper-case letters, digits and dashes. */
export const siteCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{2,32}$/, "invalidFormat");

/** An empty time zone means "the country's". */
const optionalTimeZone = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), timeZoneSchema.optional());

export const siteFormSchema = z.object({
  countryId: z.uuid(),
  code: siteCodeSchema,
  name: z.string().trim().min(1).max(120),
  timeZone: optionalTimeZone,
  active: z.boolean().default(true),
});
export type SiteFormInput = z.input<typeof siteFormSchema>;

export const createSiteSchema = siteFormSchema;
export const updateSiteSchema = siteFormSchema.extend({ id: z.uuid(), version: z.coerce.number().int().min(1) });

/** GET filter of the site list: a bad value is ignored, never an error page. */
export const siteListFilterSchema = z.object({
  country: z.uuid().optional().catch(undefined),
});
