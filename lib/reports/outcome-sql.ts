// The viral-load figures of lib/reports/outcome-rules.ts (which holds the definitions) as one
// statement over the clients in scope: one latest-result probe per eligible client (index
// viral_load_results (client_id, sample_date)), summed per group with ROLLUP for the total.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";
import { preparedQuery } from "@/lib/prisma-client";
import { exitDateSql, scopedClientsSql } from "@/lib/reports/enrolment-sql";
import { emptyVlFigures, type OutcomeGroup, type VlFigures } from "@/lib/reports/outcome-rules";

export function viralLoadSql(actor: Actor, q: { end: string; countryId: string | null; siteId: string | null }): Prisma.Sql {
  const end = Prisma.sql`${q.end}::date`;
  return Prisma.sql`
    SELECT grp, count(*)::int AS eligible, count(v.copies)::int AS with_result,
           count(*) FILTER (WHERE v.copies < 1000)::int AS suppressed1000, count(*) FILTER (WHERE v.copies < 50)::int AS suppressed50
    FROM (
      SELECT c.id, CASE WHEN c.category = 'PREGNANT' THEN 'PREGNANT' WHEN c.category = 'POSTNATAL' OR c.breastfeeding THEN 'BREASTFEEDING' ELSE 'OTHER' END AS grp
      ${scopedClientsSql(actor, q)}
        AND c.enrolment_date <= ${end} AND NOT coalesce(${Prisma.raw(exitDateSql("c"))} <= ${end}, false)
        AND c.art_start_date <= (${end} - interval '6 months')::date
    ) e
    LEFT JOIN LATERAL (
      SELECT r.copies FROM viral_load_results r
      WHERE r.client_id = e.id AND r.sample_date > (${end} - interval '12 months')::date AND r.sample_date <= ${end} AND r.result_date <= ${end}
      ORDER BY r.sample_date DESC, r.result_date DESC, r.id DESC LIMIT 1
    ) v ON true
    GROUP BY ROLLUP (grp)`;
}

type Row = { grp: OutcomeGroup | null; eligible: number; with_result: number; suppressed1000: number; suppressed50: number };

export async function viralLoadFiguresSql(db: object, actor: Actor, q: { end: string; countryId: string | null; siteId: string | null }): Promise<Record<OutcomeGroup | "TOTAL", VlFigures>> {
  const rows = await preparedQuery<Row>(db, "reports.viral_load", viralLoadSql(actor, q));
  const zero = emptyVlFigures;
  const out = { PREGNANT: zero(), BREASTFEEDING: zero(), OTHER: zero(), TOTAL: zero() };
  for (const r of rows) {
    out[r.grp ?? "TOTAL"] = { eligible: r.eligible, withResult: r.with_result, suppressed1000: r.suppressed1000, suppressed50: r.suppressed50 };
  }
  return out;
}
