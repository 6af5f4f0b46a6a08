// The enrolment report as one set-based statement over the whole scope (performance.md: never
// counted in JavaScript): the twin of enrolmentCounts in lib/reports/enrolment-rules.ts, which
// holds the definitions. Every measure (new, active at end, exits), for the period and the
// previous one, at every dimension, with GROUPING SETS - one scan of the clients in scope.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";
import { clientScopeSql } from "@/lib/scope-sql";
import { preparedQuery } from "@/lib/prisma-client";
import { ageBandSql, NOT_CODED, type Dimension, type EnrolmentCount, type Measure, type Period, type PeriodKey } from "@/lib/reports/enrolment-rules";

export type EnrolmentQuery = { current: Period; previous: Period; countryId: string | null; siteId: string | null };

// GROUPING(country_id, site_id, category, band, sex, reason): 1 for each column summed over.
const SETS: [Dimension, string, number][] = [
  ["total", "()", 0b111111],
  ["country", "(country_id)", 0b011111],
  ["site", "(site_id)", 0b101111],
  ["category", "(category)", 0b110111],
  ["ageBand", "(band)", 0b111011],
  ["sex", "(sex)", 0b111101],
  ["exitReason", "(reason)", 0b111110],
];
const DIMENSION_OF = new Map(SETS.map(([d, , g]) => [g, d]));

/** Clients in the actor's scope and the filters, as `c` joined to its site `s` (and `join`). */
export function scopedClientsSql(actor: Actor, q: { countryId: string | null; siteId: string | null }, join: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`FROM clients c JOIN sites s ON s.id = c.site_id ${join}
    WHERE ${clientScopeSql(actor)}
      AND (${q.countryId}::uuid IS NULL OR s.country_id = ${q.countryId}::uuid)
      AND (${q.siteId}::uuid IS NULL OR c.site_id = ${q.siteId}::uuid)`;
}

/** The day client `c` stopped counting as active, or NULL (exitDate in enrolment-rules.ts). */
export function exitDateSql(c: string): string {
  return `(CASE WHEN ${c}.status = 'ACTIVE' THEN NULL ELSE coalesce(${c}.status_date, ${c}.enrolment_date) END)`;
}

export function enrolmentSql(actor: Actor, q: EnrolmentQuery): Prisma.Sql {
  const exit = exitDateSql("b");
  const cols = (on: string, reason: string) =>
    Prisma.raw(`b.country_id, b.site_id, b.category::text AS category, ${ageBandSql("b.date_of_birth", on)} AS band, b.sex::text AS sex, ${reason} AS reason`);
  const sets = SETS.map(([, s]) => s.replace("(", "(k, m, ").replace(", )", ")")).join(", ");
  return Prisma.sql`
    WITH p(k, f, t) AS (VALUES ('current', ${q.current.from}::date, ${q.current.to}::date), ('previous', ${q.previous.from}::date, ${q.previous.to}::date)),
    b AS (
      SELECT c.site_id, s.country_id, c.category, c.sex, c.date_of_birth, c.enrolment_date, c.status, c.status_date, c.status_reason_code
      ${scopedClientsSql(actor, q)}
    ),
    facts AS (
      SELECT p.k, 'new' AS m, ${cols("b.enrolment_date", "NULL::text")}
        FROM b JOIN p ON b.enrolment_date BETWEEN p.f AND p.t
      UNION ALL
      SELECT p.k, 'active', ${cols("p.t", "NULL::text")}
        FROM b JOIN p ON b.enrolment_date <= p.t AND NOT coalesce(${Prisma.raw(exit)} <= p.t, false)
      UNION ALL
      SELECT p.k, 'exits', ${cols(exit, `coalesce(b.status_reason_code, '${NOT_CODED}')`)}
        FROM b JOIN p ON ${Prisma.raw(exit)} BETWEEN p.f AND p.t
    )
    SELECT k, m, GROUPING(country_id, site_id, category, band, sex, reason)::int AS g,
           coalesce(country_id::text, site_id::text, category, band, sex, reason) AS key, count(*)::int AS n
    FROM facts
    GROUP BY GROUPING SETS (${Prisma.raw(sets)})`;
}

type Row = { k: PeriodKey; m: Measure; g: number; key: string | null; n: number };

/** Every non-zero count of the report (exitReason for exits only), like enrolmentCounts. */
export async function enrolmentCountsSql(db: object, actor: Actor, q: EnrolmentQuery): Promise<EnrolmentCount[]> {
  const rows = await preparedQuery<Row>(db, "reports.enrolment", enrolmentSql(actor, q));
  const out: EnrolmentCount[] = [];
  for (const r of rows) {
    const dimension = DIMENSION_OF.get(r.g);
    if (!dimension || (dimension === "exitReason" && r.m !== "exits")) continue;
    out.push({ period: r.k, measure: r.m, dimension, key: dimension === "total" ? null : r.key, count: r.n });
  }
  return out;
}
