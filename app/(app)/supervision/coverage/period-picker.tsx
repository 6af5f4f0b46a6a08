import { getTranslations } from "next-intl/server";
import { PERIODS, MAX_RANGE_DAYS } from "@/lib/coverage/definitions";
import type { CoverageQueryInput } from "@/lib/coverage/schemas";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";

const RANGE_ERRORS = new Set(["required", "rangeOrder", "rangeTooLong", "invalidDate"]);

/** A plain GET form (works without JavaScript): the period, and a range of at most 92 days. The
 * drill-down (country, site) is kept. */
export async function PeriodPicker({ query, rangeError }: { query: CoverageQueryInput; rangeError: string | null }) {
  const t = await getTranslations("supervision");
  return (
    <form method="get" action="/supervision/coverage" className="mb-4 flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-end">
      {query.country && <input type="hidden" name="country" value={query.country} />}
      {query.site && <input type="hidden" name="site" value={query.site} />}
      <SelectField label={t("period.label")} name="period" defaultValue={query.period} className="sm:w-56">
        {PERIODS.map((p) => (
          <option key={p} value={p}>
            {t(`period.${p}`)}
          </option>
        ))}
      </SelectField>
      <TextField label={t("period.from")} name="from" type="date" defaultValue={query.from ?? ""} className="sm:w-44" />
      <TextField
        label={t("period.to")}
        name="to"
        type="date"
        defaultValue={query.to ?? ""}
        className="sm:w-44"
        hint={t("period.rangeHint", { days: MAX_RANGE_DAYS })}
        error={rangeError ? t(`period.errors.${RANGE_ERRORS.has(rangeError) ? rangeError : "invalidDate"}`, { days: MAX_RANGE_DAYS }) : undefined}
      />
      <Button type="submit" variant="secondary">
        {t("period.show")}
      </Button>
    </form>
  );
}
