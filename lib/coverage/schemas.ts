// The coverage pages' search parameters (and the route's): the period, and where the programme
// manager has drilled down to. Messages are catalogue keys (messages/<locale>/errors.json).
import { z } from "zod";
import { daysBetween, isIsoDate } from "@/lib/calls/calendar";
import { MAX_RANGE_DAYS, PERIODS } from "@/lib/coverage/definitions";

const isoDate = z.string().trim().refine(isIsoDate, "invalidDate");

const id = z.uuid();

/** Strict form (the route): a bad range is an error the caller hears about. */
export const coverageQuerySchema = z
  .object({
    period: z.enum(PERIODS).default("thisWeek"),
    from: isoDate.optional(),
    to: isoDate.optional(),
    country: id.optional(),
    site: id.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.period !== "range") return;
    if (!v.from || !v.to) {
      ctx.addIssue({ code: "custom", path: [v.from ? "to" : "from"], message: "required" });
      return;
    }
    if (v.from > v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "rangeOrder" });
    else if (daysBetween(v.from, v.to) + 1 > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: "rangeTooLong" });
  });
export type CoverageQueryInput = z.output<typeof coverageQuerySchema>;

/** One Mentor Mother's day (the drill-down). */
export const mentorDayParamsSchema = z.object({ day: isoDate.optional().catch(undefined) });

/** Search parameters of a page: a bad value falls back to the default rather than an error page;
 * a bad range is reported next to the picker. */
export function parseCoverageParams(raw: Record<string, string | string[] | undefined>): {
  query: CoverageQueryInput;
  rangeError: string | null;
} {
  const one = (k: string) => (typeof raw[k] === "string" && raw[k] !== "" ? (raw[k] as string) : undefined);
  const input = { period: one("period"), from: one("from"), to: one("to"), country: one("country"), site: one("site") };
  const parsed = coverageQuerySchema.safeParse(input);
  if (parsed.success) return { query: parsed.data, rangeError: null };
  const rangeIssue = parsed.error.issues.find((i) => i.path[0] === "from" || i.path[0] === "to");
  const fallback = coverageQuerySchema.safeParse({
    period: input.period === "range" || !PERIODS.includes(input.period as never) ? undefined : input.period,
    country: z.uuid().safeParse(input.country).success ? input.country : undefined,
    site: z.uuid().safeParse(input.site).success ? input.site : undefined,
  });
  return { query: fallback.success ? fallback.data : { period: "thisWeek" }, rangeError: rangeIssue?.message ?? null };
}
