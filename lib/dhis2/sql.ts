// The DHIS2 indicators of one month for one country, per site and cell, in one set-based statement
// (never counted in JavaScript): the twin of dhis2Counts in lib/dhis2/indicators.ts, which holds
// the definitions (the enrolment report's, lib/reports/enrolment-rules.ts).
import { Prisma } from "@/lib/generated/prisma/client";
import { preparedQuery } from "@/lib/prisma-client";
import { ageBandOfYearsSql, dayIntSql, monthPeriod } from "@/lib/reports/enrolment-rules";
import { exitDateSql } from "@/lib/reports/enrolment-sql";
import { siteCellKey, type Dhis2Indicator, type Dhis2Sex } from "@/lib/dhis2/indicators";
import type { StandardAgeBand } from "@/lib/reports/enrolment-rules";

export function dhis2CountsStatement(countryId: string, month: string): Prisma.Sql {
  const { from, to } = monthPeriod(month);
  const toInt = Number(to.replace(/-/g, ""));
  const exit = exitDateSql("c");
  return Prisma.sql`
    SELECT x.site_id::text AS site_id, v.indicator, ${Prisma.raw(ageBandOfYearsSql("v.years"))} AS age_band, x.sex, count(*)::int AS n
    FROM (
      SELECT c.site_id, c.sex::text AS sex, ${Prisma.raw(dayIntSql("c.date_of_birth"))} AS dob, ${Prisma.raw(dayIntSql("c.enrolment_date"))} AS en,
             (c.enrolment_date >= ${from}::date) AS is_new,
             NOT coalesce(${Prisma.raw(exit)} <= ${to}::date, false) AS is_active
      FROM clients c JOIN sites s ON s.id = c.site_id
      WHERE s.country_id = ${countryId}::uuid AND c.enrolment_date <= ${to}::date
      OFFSET 0
    ) x
    CROSS JOIN LATERAL (VALUES ('NEW_ENROLMENTS', x.is_new, (x.en - x.dob) / 10000), ('ACTIVE_END', x.is_active, (${toInt}::int - x.dob) / 10000)) v(indicator, hit, years)
    WHERE v.hit
    GROUP BY 1, 2, 3, 4`;
}

type Row = { site_id: string; indicator: Dhis2Indicator; age_band: StandardAgeBand; sex: Dhis2Sex; n: number };

/** The non-zero counts of the month by site and cell (key siteCellKey), like dhis2Counts. */
export async function dhis2CountsSql(db: object, countryId: string, month: string): Promise<Map<string, number>> {
  const rows = await preparedQuery<Row>(db, "dhis2.counts", dhis2CountsStatement(countryId, month));
  return new Map(rows.map((r) => [siteCellKey(r.site_id, { indicator: r.indicator, ageBand: r.age_band, sex: r.sex }), Number(r.n)]));
}
