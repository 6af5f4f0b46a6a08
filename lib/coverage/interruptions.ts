// Clients in interruption in treatment (lib/clients/interruption.ts) on the coverage page: active
// clients whose flag is set, per country, site or Mentor Mother (the page's level), over the sites
// the coverage report covers (already scoped to the actor). Counts only - no client data. A
// separate statement from the coverage one (lib/coverage/sql.ts), on the partial index
// clients_site_id_interruption_since_idx.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/authz";
import type { RowLevel, ScopeSite } from "@/lib/coverage/queries";

export type InterruptionRow = { id: string; name: string; count: number };

export async function interruptionsByUnit(
  db: Pick<PrismaClient, "$queryRaw">,
  actor: Actor,
  sites: readonly ScopeSite[],
  level: RowLevel,
): Promise<{ rows: InterruptionRow[]; total: number }> {
  assertCan(actor, "coverage.view");
  if (sites.length === 0) return { rows: [], total: 0 };
  const key = level === "mentor" ? Prisma.sql`c.mentor_id` : level === "site" ? Prisma.sql`c.site_id` : Prisma.sql`s.country_id`;
  const rows = await db.$queryRaw<{ id: string | null; name: string | null; n: number }[]>`
    SELECT ${key}::text AS id, ${level === "mentor" ? Prisma.sql`min(u.name)` : Prisma.sql`NULL::text`} AS name, count(*)::int AS n
    FROM clients c JOIN sites s ON s.id = c.site_id LEFT JOIN users u ON u.id = c.mentor_id
    WHERE c.site_id = ANY(${sites.map((x) => x.id)}::uuid[]) AND c.status = 'ACTIVE' AND c.interruption_since IS NOT NULL
    GROUP BY 1`;
  const names = new Map<string, string>([...sites.map((x) => [x.id, x.name] as const), ...sites.map((x) => [x.countryId, x.countryName] as const)]);
  const out = rows
    .map((r) => ({ id: r.id ?? "", name: r.name ?? (r.id ? (names.get(r.id) ?? "") : ""), count: r.n }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { rows: out, total: out.reduce((n, r) => n + r.count, 0) };
}
