// Interruption in treatment (domain.md "Call reasons", "Reports"; WHO HIV.H.DE42): 28 days or more
// since a missed appointment without return. A date on the client (clients.interruption_since), NOT
// a status: leaving ACTIVE would end her assignment and stop the tracing that is meant to bring her
// back. docs/clients.md and docs/reports.md say the same in words.
//
//   missed       an appointment recorded MISSED, or still SCHEDULED after its date (no attendance
//                recorded: domain.md counts it as missed here). Moved (RESCHEDULED) and CANCELLED
//                ones are not.
//   returned     an ATTENDED appointment dated on or after the missed one's date
//   since        the earliest missed appointment without return, plus 28 days - when that day has
//                come (site-local today); only for ACTIVE clients whose flag is not set yet.
// Set once a day by the call-list generation (markInterruptions, set-based, idempotent: a set flag
// is never moved), cleared ONLY when an attended appointment is recorded (clearInterruption, from
// lib/clients/lifecycle.ts). A tracing outcome - "returning to clinic" (DE24) included - records
// what was learned and the promised date; it does not clear the flag: only the visit does.
// interruptionSince is the pure twin of MARK_SQL (tests/integration/interruption.test.ts).
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/action";
import { addDaysIso } from "@/lib/calls/calendar";

export const INTERRUPTION_DAYS = 28;

export type InterruptionAppointment = { date: string; status: "SCHEDULED" | "ATTENDED" | "MISSED" | "RESCHEDULED" | "CANCELLED" };

/** The day she entered interruption in treatment by `today` (site-local), or null. */
export function interruptionSince(appointments: readonly InterruptionAppointment[], today: string): string | null {
  const lastAttended = appointments.filter((a) => a.status === "ATTENDED").reduce<string | null>((m, a) => (m === null || a.date > m ? a.date : m), null);
  const missed = appointments
    .filter((a) => a.status === "MISSED" || (a.status === "SCHEDULED" && a.date < today))
    .filter((a) => lastAttended === null || a.date > lastAttended)
    .map((a) => a.date)
    .sort()[0];
  if (!missed) return null;
  const since = addDaysIso(missed, INTERRUPTION_DAYS);
  return since <= today ? since : null;
}

/** The flag after a generation run on `today`: a set flag stays; an active client may gain one. */
export function nextInterruption(c: { status: string; interruptionSince: string | null; appointments: readonly InterruptionAppointment[] }, today: string): string | null {
  if (c.interruptionSince !== null || c.status !== "ACTIVE") return c.interruptionSince;
  return interruptionSince(c.appointments, today);
}

/** After an attended appointment dated `attended` is recorded: cleared when that visit is a return
 * (on or after the missed appointment that started it), else kept. */
export function afterAttendance(since: string | null, attended: string): string | null {
  return since !== null && addDaysIso(since, -INTERRUPTION_DAYS) <= attended ? null : since;
}

// ------------------------------------------------------------------------------------------------
// SQL

/** Sets the flag of the active clients of `siteIds` who entered interruption by `day` (their
 * site-local day). Idempotent: clients already flagged are left alone. Returns how many it set. */
export async function markInterruptions(tx: Pick<Tx, "$executeRaw">, siteIds: readonly string[], day: string): Promise<number> {
  if (siteIds.length === 0) return 0;
  return tx.$executeRaw(markSql(siteIds, day));
}

export function markSql(siteIds: readonly string[], day: string): Prisma.Sql {
  const d = Prisma.sql`${day}::date`;
  return Prisma.sql`
    UPDATE clients c SET interruption_since = m.since
    FROM (
      SELECT a.client_id, (min(a.date) + ${INTERRUPTION_DAYS}::int) AS since
      FROM appointments a JOIN clients k ON k.id = a.client_id
      WHERE k.site_id = ANY(${[...siteIds]}::uuid[]) AND k.status = 'ACTIVE' AND k.interruption_since IS NULL
        AND (a.status = 'MISSED' OR (a.status = 'SCHEDULED' AND a.date < ${d}))
        AND a.date <= ${d} - ${INTERRUPTION_DAYS}::int
        AND NOT EXISTS (SELECT 1 FROM appointments r WHERE r.client_id = a.client_id AND r.status = 'ATTENDED' AND r.date >= a.date)
      GROUP BY a.client_id
    ) m
    WHERE c.id = m.client_id AND c.interruption_since IS NULL`;
}

/** An attended appointment dated `attended` was recorded (afterAttendance). */
export async function clearInterruption(tx: Pick<Tx, "$executeRaw">, clientId: string, attended: string): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE clients SET interruption_since = NULL
    WHERE id = ${clientId}::uuid AND interruption_since IS NOT NULL
      AND interruption_since - ${INTERRUPTION_DAYS}::int <= ${attended}::date`;
  return n > 0;
}
