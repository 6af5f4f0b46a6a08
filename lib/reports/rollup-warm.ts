// Fills the report roll-up (lib/reports/rollup.ts) ahead of the first reader: the last finished
// month and quarter, for the whole programme and each country, as the reports page reads them. Run
// by the worker after the call lists; a period already kept costs one lookup per statement.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";
import { addDaysIso } from "@/lib/calls/calendar";
import { isoDate } from "@/lib/dates";
import { callClientReport, callReport, enrolmentReport, outcomeReport, programmeReport } from "@/lib/reports/queries";
import { quarterOf, resolveFilters } from "@/lib/reports/schemas";
import { periodFinished } from "@/lib/reports/rollup";

/** The scopes warmed: the programme (as an administrator) and each country (as its manager). */
function actors(countryIds: string[]): Actor[] {
  const base = { sessionId: "worker", name: "report roll-up", siteIds: [], locale: "en", userId: "00000000-0000-4000-8000-000000000000" };
  return [{ ...base, role: "ADMIN", countryId: null }, ...countryIds.map((countryId): Actor => ({ ...base, role: "PROGRAMME_MANAGER", countryId }))];
}

/** The last month and quarter over at every site (rollup.ts periodFinished) on `now`. */
export function warmPeriods(now: Date): { month: string; quarter: string } {
  const ended = addDaysIso(isoDate(now), -2);
  const month = addDaysIso(ended, 1).slice(8) === "01" ? ended.slice(0, 7) : addDaysIso(`${ended.slice(0, 7)}-01`, -1).slice(0, 7);
  const q = quarterOf(`${month}-01`);
  const qEnd = resolveFilters({ period: "quarter", quarter: q }, month).current;
  return { month, quarter: periodFinished(qEnd.to, now) ? q : quarterOf(resolveFilters({ period: "quarter", quarter: q }, month).previous.from) };
}

export async function warmReports(db: PrismaClient, now: Date): Promise<number> {
  const today = isoDate(now);
  const { month, quarter } = warmPeriods(now);
  const filters = [resolveFilters({ period: "month", month }, today), resolveFilters({ period: "quarter", quarter }, today)];
  const countries = await db.country.findMany({ select: { id: true } });
  let n = 0;
  for (const actor of actors(countries.map((c) => c.id))) {
    for (const f of filters) {
      await Promise.all([enrolmentReport(db, actor, f), callReport(db, actor, f), outcomeReport(db, actor, f), callClientReport(db, actor, f), programmeReport(db, actor, f)]);
      n++;
    }
  }
  return n;
}
