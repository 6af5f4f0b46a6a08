// Programme outcomes among the register's clients (domain.md "Reports"): viral-load coverage and
// suppression. Programme figures from the eServices register, not the facilities' official ones,
// and never named after an official indicator. Pure twin of lib/reports/outcome-sql.ts
// (tests/integration/reports-outcomes.test.ts compares them on random data); docs/reports.md.
//
// At the period's last day E, among the clients active at E (enrolment-rules.ts):
//   eligible        on ART for 6 months or more: ART start on or before E minus 6 months
//   withResult      eligible clients with a viral-load result sampled in the 12 months up to E
//                   (sample date after E minus 12 months, on or before E) and known by E (result
//                   date on or before E)
//   suppressed1000  of those, the latest such result (sample date, then result date) below 1000
//   suppressed50    ... below 50 copies/mL
// Split: PREGNANT (category pregnant), BREASTFEEDING (category postnatal / breastfeeding, or the
// breastfeeding flag), OTHER. The category and flag are today's: the register keeps no history.
import { addMonthsIso } from "@/lib/calls/calendar";
import { exitDate } from "@/lib/reports/enrolment-rules";

export const OUTCOME_GROUPS = ["PREGNANT", "BREASTFEEDING", "OTHER"] as const;
export type OutcomeGroup = (typeof OUTCOME_GROUPS)[number];
export const VL_FIGURES = ["eligible", "withResult", "suppressed1000", "suppressed50"] as const;
export type VlFigures = Record<(typeof VL_FIGURES)[number], number>;

export type OutcomeClient = {
  category: string;
  breastfeeding: boolean;
  enrolmentDate: string;
  status: string;
  statusDate: string | null;
  artStartDate: string | null;
  results: { id: string; sampleDate: string; resultDate: string; copies: number }[];
};

export function outcomeGroup(c: Pick<OutcomeClient, "category" | "breastfeeding">): OutcomeGroup {
  if (c.category === "PREGNANT") return "PREGNANT";
  return c.category === "POSTNATAL" || c.breastfeeding ? "BREASTFEEDING" : "OTHER";
}

export const emptyVlFigures = (): VlFigures => ({ eligible: 0, withResult: 0, suppressed1000: 0, suppressed50: 0 });
const zero = emptyVlFigures;

/** The figures per group and in total ("TOTAL"), at the day `end`. */
export function viralLoadFigures(clients: readonly OutcomeClient[], end: string): Record<OutcomeGroup | "TOTAL", VlFigures> {
  const out = { PREGNANT: zero(), BREASTFEEDING: zero(), OTHER: zero(), TOTAL: zero() };
  const artBy = addMonthsIso(end, -6);
  const since = addMonthsIso(end, -12);
  for (const c of clients) {
    const exit = exitDate(c);
    if (c.enrolmentDate > end || (exit !== null && exit <= end)) continue;
    if (!c.artStartDate || c.artStartDate > artBy) continue;
    const latest = c.results
      .filter((r) => r.sampleDate > since && r.sampleDate <= end && r.resultDate <= end)
      .sort((a, b) => b.sampleDate.localeCompare(a.sampleDate) || b.resultDate.localeCompare(a.resultDate) || b.id.localeCompare(a.id))[0];
    for (const f of [out[outcomeGroup(c)], out.TOTAL]) {
      f.eligible += 1;
      if (!latest) continue;
      f.withResult += 1;
      if (latest.copies < 1000) f.suppressed1000 += 1;
      if (latest.copies < 50) f.suppressed50 += 1;
    }
  }
  return out;
}
