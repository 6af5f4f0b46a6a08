// The programme figure of lib/reports/programme-reminder-rules.ts (attendance after a delivered
// reminder vs without one) as one statement over the clients in scope: their appointments of the
// period with an outcome (index appointments (client_id, date)), each probed for a delivered
// appointment reminder (index messages (appointment_id), latest status as the message figures).
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/authz";
import { preparedQuery } from "@/lib/prisma-client";
import { scopedClientsSql } from "@/lib/reports/enrolment-sql";
import { DELIVERED_STATUSES, lastStatusJoinSql } from "@/lib/coverage/message-definitions";
import { APPOINTMENT_REMINDER_REASONS, emptyReminderAttendance, type ReminderAttendance } from "@/lib/reports/programme-reminder-rules";
import type { ProgrammeQuery } from "@/lib/reports/programme-sql";

export function reminderAttendanceSql(actor: Actor, q: ProgrammeQuery): Prisma.Sql {
  return Prisma.sql`
    WITH sc AS MATERIALIZED (SELECT c.id ${scopedClientsSql(actor, q)}),
    ap AS (
      SELECT a.status = 'ATTENDED' AS attended,
             EXISTS (SELECT 1 FROM messages m ${Prisma.raw(lastStatusJoinSql("m"))}
                     WHERE m.appointment_id = a.id AND m.direction = 'out' AND m.reason = ANY(${[...APPOINTMENT_REMINDER_REASONS]}::text[])
                       AND last.status = ANY(${[...DELIVERED_STATUSES]}::text[])) AS reminded
      FROM appointments a JOIN sc ON sc.id = a.client_id
      WHERE a.date BETWEEN ${q.period.from}::date AND ${q.period.to}::date AND a.status IN ('ATTENDED', 'MISSED')
    )
    SELECT count(*) FILTER (WHERE reminded)::int AS reminded,
           count(*) FILTER (WHERE reminded AND attended)::int AS "remindedAttended",
           count(*) FILTER (WHERE NOT reminded)::int AS "notReminded",
           count(*) FILTER (WHERE NOT reminded AND attended)::int AS "notRemindedAttended"
    FROM ap`;
}

export async function reminderAttendanceFiguresSql(db: object, actor: Actor, q: ProgrammeQuery): Promise<ReminderAttendance> {
  const [r] = await preparedQuery<ReminderAttendance>(db, "reports.programme_reminders", reminderAttendanceSql(actor, q));
  return { ...emptyReminderAttendance(), ...(r ?? {}) };
}
