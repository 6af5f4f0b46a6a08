// DHIS2 boundaries, checked with zod: the administrator's mapping form, a push request, and the
// answer of a DHIS2 server (POST /api/dataValueSets: an ImportSummary, wrapped in a WebMessage
// { status, httpStatusCode, response: ImportSummary } since DHIS2 2.38, bare before).
import { z } from "zod";
import { isUuid } from "@/lib/validation";
import { DHIS2_AGE_BANDS, DHIS2_INDICATORS, DHIS2_SEXES } from "@/lib/dhis2/indicators";

const uuid = z.string().refine(isUuid, "invalid");
/** A DHIS2 id (11 characters) or code: letters, digits and . _ - : only. Empty: not mapped. */
const dhis2Ref = z.string().trim().max(60, "tooLong|60").regex(/^[A-Za-z0-9_.:-]*$/, "invalidFormat");

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "invalidMonth");

export const saveDhis2MappingSchema = z.object({
  countryId: uuid,
  elements: z
    .array(
      z.object({
        indicator: z.enum(DHIS2_INDICATORS),
        ageBand: z.enum(DHIS2_AGE_BANDS),
        sex: z.enum(DHIS2_SEXES),
        dataElement: dhis2Ref,
        categoryOptionCombo: dhis2Ref,
      }),
    )
    .max(DHIS2_INDICATORS.length * DHIS2_AGE_BANDS.length * DHIS2_SEXES.length)
    .superRefine((list, ctx) => {
      list.forEach((e, i) => {
        // Both or neither: a data element without its combo cannot be sent.
        if (e.dataElement && !e.categoryOptionCombo) ctx.addIssue({ code: "custom", path: [i, "categoryOptionCombo"], message: "required" });
        if (!e.dataElement && e.categoryOptionCombo) ctx.addIssue({ code: "custom", path: [i, "dataElement"], message: "required" });
      });
    }),
  orgUnits: z.array(z.object({ siteId: uuid, orgUnit: dhis2Ref })).max(5000),
});
export type SaveDhis2MappingInput = z.input<typeof saveDhis2MappingSchema>;

export const dhis2PushSchema = z.object({
  countryId: uuid,
  month: monthSchema,
  dryRun: z.boolean(),
});

const count = z.number().int().nonnegative().catch(0);
export const importSummarySchema = z.object({
  status: z.string().catch("UNKNOWN"),
  description: z.string().optional().catch(undefined),
  importCount: z.object({ imported: count, updated: count, ignored: count, deleted: count }).catch({ imported: 0, updated: 0, ignored: 0, deleted: 0 }),
  conflicts: z
    .array(z.object({ object: z.string().optional().catch(undefined), value: z.string().optional().catch(undefined), errorCode: z.string().optional().catch(undefined) }))
    .max(10000)
    .default([])
    .catch([]),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

/** DHIS2's answer as an import summary, wrapped or bare; null when it is neither. */
export function readImportSummary(body: unknown): ImportSummary | null {
  const wrapped = z.object({ response: z.object({ importCount: z.unknown() }).passthrough() }).safeParse(body);
  const inner = wrapped.success ? (body as { response: unknown }).response : body;
  if (!inner || typeof inner !== "object" || !("importCount" in inner) || !("status" in inner)) return null;
  const parsed = importSummarySchema.safeParse(inner);
  return parsed.success ? parsed.data : null;
}
