// The programme figures of lib/reports/programme-rules.ts (which holds the definitions) as one
// statement over the clients in scope: infants and their first test (index appointments
// (infant_id) and (client_id, date)), the interruption flag of the clients active at the period's
// end, and the first tracing outcome of the period per client with a probe for a later visit.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";
import { preparedQuery } from "@/lib/prisma-client";
import { exitDateSql, scopedClientsSql } from "@/lib/reports/enrolment-sql";
import { ART_BANDS, emptyProgrammeFigures, type ArtBand, type ProgrammeFigures } from "@/lib/reports/programme-rules";
import type { Period } from "@/lib/reports/enrolment-rules";

export type ProgrammeQuery = { period: Period; countryId: string | null; siteId: string | null };

export function programmeSql(actor: Actor, q: ProgrammeQuery): Prisma.Sql {
  const [F, T] = [Prisma.sql`${q.period.from}::date`, Prisma.sql`${q.period.to}::date`];
  const months = (d: string, n: number) => Prisma.raw(`(${d} - interval '${n} months')::date`);
  return Prisma.sql`
    WITH sc AS MATERIALIZED (
      SELECT c.id, c.enrolment_date, c.status, c.status_date, c.art_start_date, c.interruption_since, s.time_zone AS tz
      ${scopedClientsSql(actor, q)}
    ),
    inf AS (
      SELECT i.id, (i.date_of_birth + interval '2 months')::date AS at2, (i.date_of_birth + interval '12 months')::date AS at12,
             (SELECT min(a.date) FROM appointments a
              WHERE a.client_id = i.client_id AND a.kind = 'INFANT_TEST' AND a.status = 'ATTENDED'
                AND (a.infant_id = i.id OR (a.infant_id IS NULL AND a.date >= i.date_of_birth))) AS first_test
      FROM infants i JOIN sc ON sc.id = i.client_id
      WHERE (i.date_of_birth + interval '2 months')::date BETWEEN ${F} AND ${T}
         OR (i.date_of_birth + interval '12 months')::date BETWEEN ${F} AND ${T}
    ),
    act AS (
      SELECT CASE WHEN sc.interruption_since IS NULL OR sc.interruption_since > ${T} THEN NULL
                  WHEN sc.art_start_date IS NULL THEN 'UNKNOWN'
                  WHEN sc.art_start_date <= ${months("sc.interruption_since", 6)} THEN '6+'
                  WHEN sc.art_start_date <= ${months("sc.interruption_since", 3)} THEN '3-5'
                  ELSE '<3' END AS band
      FROM sc
      WHERE sc.enrolment_date <= ${T} AND NOT coalesce(${Prisma.raw(exitDateSql("sc"))} <= ${T}, false)
    ),
    traced AS (
      SELECT sc.id, min((o.recorded_at AT TIME ZONE sc.tz)::date) AS first_day
      FROM tracing_outcomes o JOIN sc ON sc.id = o.client_id
      WHERE (o.recorded_at AT TIME ZONE sc.tz)::date BETWEEN ${F} AND ${T}
      GROUP BY sc.id
    )
    SELECT
      (SELECT count(*) FILTER (WHERE at2 BETWEEN ${F} AND ${T})::int FROM inf) AS turned2m,
      (SELECT count(*) FILTER (WHERE at2 BETWEEN ${F} AND ${T} AND first_test <= at2)::int FROM inf) AS tested2m,
      (SELECT count(*) FILTER (WHERE at12 BETWEEN ${F} AND ${T})::int FROM inf) AS turned12m,
      (SELECT count(*) FILTER (WHERE at12 BETWEEN ${F} AND ${T} AND first_test <= at12)::int FROM inf) AS tested12m,
      (SELECT count(*)::int FROM act) AS active_at_end,
      (SELECT json_object_agg(band, n) FROM (SELECT band, count(*)::int AS n FROM act WHERE band IS NOT NULL GROUP BY band) b) AS interrupted,
      (SELECT count(*)::int FROM traced) AS traced,
      (SELECT count(*)::int FROM traced t WHERE EXISTS (
         SELECT 1 FROM appointments a WHERE a.client_id = t.id AND a.status = 'ATTENDED' AND a.date >= t.first_day AND a.date <= ${T})) AS returned`;
}

type Row = {
  turned2m: number; tested2m: number; turned12m: number; tested12m: number; active_at_end: number;
  interrupted: Partial<Record<ArtBand, number>> | null; traced: number; returned: number;
};

export async function programmeFiguresSql(db: object, actor: Actor, q: ProgrammeQuery): Promise<ProgrammeFigures> {
  const [r] = await preparedQuery<Row>(db, "reports.programme", programmeSql(actor, q));
  const out = emptyProgrammeFigures();
  if (!r) return out;
  Object.assign(out, { turned2m: r.turned2m, tested2m: r.tested2m, turned12m: r.turned12m, tested12m: r.tested12m, activeAtEnd: r.active_at_end, traced: r.traced, returned: r.returned });
  for (const b of ART_BANDS) {
    out.interrupted[b] = Number(r.interrupted?.[b] ?? 0);
    out.interrupted.TOTAL += out.interrupted[b];
  }
  return out;
}
