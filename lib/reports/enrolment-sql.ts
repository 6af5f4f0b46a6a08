// The enrolment report as one set-based statement over the whole scope (performance.md: never
// counted in JavaScript): the twin of enrolmentCounts in lib/reports/enrolment-rules.ts, which
// holds the definitions. One scan of the clients in scope gives each client's flags (new, active
// at end, exit - for the period and the previous one) and, only where a flag needs it, her age in
// whole years at the right day; one hashed GROUPING SETS pass sums the flags per breakdown.
// (OFFSET 0 keeps each computed column computed once: without it the planner inlines the
// subqueries and repeats the expressions in every CASE branch.)
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";
import { clientScopeSql } from "@/lib/scope-sql";
import { preparedQuery } from "@/lib/prisma-client";
import { ageBandOfYearsSql, dayIntSql, DUPLICATE_CODE, NOT_CODED, type AgeScheme, type Dimension, type EnrolmentCount, type Measure, type Period, type PeriodKey } from "@/lib/reports/enrolment-rules";

export type EnrolmentQuery = { current: Period; previous: Period; countryId: string | null; siteId: string | null; ageBands?: AgeScheme };

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

// The breakdowns: GROUPING(country_id, site_id, category, sex, reason, bn, bac, bap, be) has a 1 for
// each column summed over. bn: age band at enrolment (new), bac / bap: on the last day of the
// period / the previous one (active at end), be: at the exit (exits).
const COLUMNS = ["country_id", "site_id", "category", "sex", "reason", "bn", "bac", "bap", "be"] as const;
type Column = (typeof COLUMNS)[number];
const ALL = (1 << COLUMNS.length) - 1;
const bitOf = (c: Column) => 1 << (COLUMNS.length - 1 - COLUMNS.indexOf(c));
/** Which figures each grouping set reports, and as which dimension. */
// No empty set: PostgreSQL sorts for it (a million rows), while every other set hashes; the total
// is the sum of the country rows (each client has one country), added up below.
const SETS: { column: Column; dimension: Dimension; sums: readonly (readonly [PeriodKey, Measure, string])[] }[] = [
  { column: "country_id", dimension: "country", sums: [] },
  { column: "site_id", dimension: "site", sums: [] },
  { column: "category", dimension: "category", sums: [] },
  { column: "sex", dimension: "sex", sums: [] },
  { column: "reason", dimension: "exitReason", sums: [["current", "exits", "e_c"], ["previous", "exits", "e_p"]] },
  { column: "bn", dimension: "ageBand", sums: [["current", "new", "n_c"], ["previous", "new", "n_p"]] },
  { column: "bac", dimension: "ageBand", sums: [["current", "active", "a_c"]] },
  { column: "bap", dimension: "ageBand", sums: [["previous", "active", "a_p"]] },
  { column: "be", dimension: "ageBand", sums: [["current", "exits", "e_c"], ["previous", "exits", "e_p"]] },
];
const EVERY: readonly (readonly [PeriodKey, Measure, string])[] = [
  ["current", "new", "n_c"], ["previous", "new", "n_p"], ["current", "active", "a_c"], ["previous", "active", "a_p"], ["current", "exits", "e_c"], ["previous", "exits", "e_p"],
];
const SET_OF = new Map(SETS.map((s) => [ALL & ~bitOf(s.column), s]));

const dayInt = (d: string) => Number(d.replace(/-/g, ""));

export function enrolmentSql(actor: Actor, q: EnrolmentQuery): Prisma.Sql {
  const [cf, ct, pf, pt] = [q.current.from, q.current.to, q.previous.from, q.previous.to];
  const exit = exitDateSql("c");
  const active = (t: Prisma.Sql) => Prisma.sql`(c.enrolment_date <= ${t} AND NOT coalesce(${Prisma.raw(exit)} <= ${t}, false))`;
  const [CF, CT, PF, PT] = [Prisma.sql`${cf}::date`, Prisma.sql`${ct}::date`, Prisma.sql`${pf}::date`, Prisma.sql`${pt}::date`];
  const dob = dayIntSql("f.date_of_birth");
  const years = (dayIntExpr: Prisma.Sql) => Prisma.sql`((${dayIntExpr} - ${Prisma.raw(dob)}) / 10000)`;
  const sets = SETS.map((s) => `(${s.column})`).join(", ");
  const sums = EVERY.map(([, , col]) => `sum(${col})::int AS ${col}`).join(", ");
  const band = (col: string) => ageBandOfYearsSql(`x.${col}`, q.ageBands ?? "standard");
  return Prisma.sql`
    SELECT GROUPING(${Prisma.raw(COLUMNS.join(", "))})::int AS g,
           coalesce(country_id::text, site_id::text, category, sex, reason, bn, bac, bap, be) AS key, ${Prisma.raw(sums)}
    FROM (
      SELECT x.country_id, x.site_id, x.category, x.sex, CASE WHEN x.e_c + x.e_p > 0 THEN x.reason END AS reason,
             x.n_c, x.n_p, x.a_c, x.a_p, x.e_c, x.e_p,
             ${Prisma.raw(band("yn"))} AS bn, ${Prisma.raw(band("yac"))} AS bac, ${Prisma.raw(band("yap"))} AS bap, ${Prisma.raw(band("ye"))} AS be
      FROM (
        SELECT f.*,
               CASE WHEN f.n_c + f.n_p > 0 THEN ${years(Prisma.raw(dayIntSql("f.enrolment_date")))} END AS yn,
               CASE WHEN f.a_c = 1 THEN ${years(Prisma.sql`${dayInt(ct)}::int`)} END AS yac,
               CASE WHEN f.a_p = 1 THEN ${years(Prisma.sql`${dayInt(pt)}::int`)} END AS yap,
               CASE WHEN f.e_c + f.e_p > 0 THEN ${years(Prisma.raw(dayIntSql("f.xd")))} END AS ye
        FROM (
          SELECT s.country_id, c.site_id, c.category::text AS category, c.sex::text AS sex, c.date_of_birth, c.enrolment_date,
                 coalesce(c.status_reason_code, ${NOT_CODED}) AS reason, ${Prisma.raw(exit)} AS xd,
                 (c.enrolment_date BETWEEN ${CF} AND ${CT})::int AS n_c, (c.enrolment_date BETWEEN ${PF} AND ${PT})::int AS n_p,
                 ${active(CT)}::int AS a_c, ${active(PT)}::int AS a_p,
                 coalesce(${Prisma.raw(exit)} BETWEEN ${CF} AND ${CT}, false)::int AS e_c, coalesce(${Prisma.raw(exit)} BETWEEN ${PF} AND ${PT}, false)::int AS e_p
          ${scopedClientsSql(actor, q)}
            AND c.status_reason_code IS DISTINCT FROM ${DUPLICATE_CODE} -- countsInReports
          OFFSET 0
        ) f
        WHERE f.n_c + f.n_p + f.a_c + f.a_p + f.e_c + f.e_p > 0
        OFFSET 0
      ) x
      OFFSET 0
    ) r
    GROUP BY GROUPING SETS (${Prisma.raw(sets)})`;
}

type Row = { g: number; key: string | null } & Record<string, number>;

/** Every non-zero count of the report (exitReason for exits only), like enrolmentCounts. */
export async function enrolmentCountsSql(db: object, actor: Actor, q: EnrolmentQuery): Promise<EnrolmentCount[]> {
  const rows = await preparedQuery<Row>(db, "reports.enrolment", enrolmentSql(actor, q));
  const out: EnrolmentCount[] = [];
  const total = new Map<string, number>();
  for (const r of rows) {
    const set = SET_OF.get(r.g);
    if (!set || r.key === null) continue;
    for (const [period, measure, col] of set.sums.length ? set.sums : EVERY) {
      const count = Number(r[col] ?? 0);
      if (count > 0) out.push({ period, measure, dimension: set.dimension, key: r.key, count });
      if (set.dimension === "country") total.set(`${period}|${measure}`, (total.get(`${period}|${measure}`) ?? 0) + count);
    }
  }
  for (const [period, measure] of EVERY) {
    const count = total.get(`${period}|${measure}`) ?? 0;
    if (count > 0) out.push({ period, measure, dimension: "total", key: null, count });
  }
  return out;
}
