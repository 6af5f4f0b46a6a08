// The administrators' FHIR feed form (lib/facility/feeds.ts saveFhirFeedCommand), shared by the
// browser and the server. Messages are catalogue keys.
import { z } from "zod";

const codes = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[\s,;]+/).filter(Boolean) : v),
  z.array(z.string().regex(/^[A-Za-z0-9._-]{1,32}$/, "invalidFormat")).max(20),
);

export const saveFhirFeedSchema = z.object({
  siteId: z.uuid(),
  /** 0 = no feed yet */
  version: z.coerce.number().int().min(0),
  baseUrl: z.url({ protocol: /^https?$/ }).max(300),
  tokenEnv: z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, "invalidFormat").optional()),
  viralLoadCodes: codes,
  enabled: z.boolean(),
});

