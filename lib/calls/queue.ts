// The Mentor Mother's queue (issue 5): what the queue page renders and GET /api/queue answers. Read
// on every page view and every minute by every Mentor Mother on duty (benchmark B3), so it is ONE
// prepared statement (lib/prisma-client.ts preparedQuery, decision 008): her site, its local day,
// her working day and leave, and her tasks for the day with the client's first name, surname initial, age, sex, youngest named infant and language,
// the phone that would be called and whether she asked for a call back. No explanation (that is
// fetched per task, on demand: explainMyTask).
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { preparedQuery } from "@/lib/prisma-client";
import type { Tx } from "@/lib/action";
import { assertCan, type Actor } from "@/lib/authz";
import { isoDate } from "@/lib/dates";
import { readCountrySettings } from "@/lib/settings/schemas";
import { isoWeekday, makeCalendar } from "@/lib/calls/calendar";
import { CLAIM_TTL_MINUTES } from "@/lib/calls/tasks";
import type { Queue, QueueItem } from "@/lib/calls/queue-types";
import { safeNowSql } from "@/lib/calls/queue-sql";
import { isCallableNow, isClaimedByOther, orderQueue, progressOf } from "@/lib/calls/queue-rules";
import { minuteOfDay } from "@/lib/site-clock";

type Db = PrismaClient | Tx;

/** Her site's row, with her tasks as one JSON array (timestamps as ISO strings). */
type Row = {
  site_id: string;
  site_name: string;
  time_zone: string;
  settings: unknown;
  day: string;
  holiday: boolean;
  working_days: number[] | null;
  on_leave: boolean;
  tasks: TaskJson[];
};

type TaskJson = {
  id: string;
  first_name: string;
  surname_initial: string;
  sex: string;
  age: number;
  infant_name: string | null;
  preferred_language: string;
  reasons: string[];
  priority: number;
  status: QueueItem["status"];
  attempts: number;
  next_attempt_at: string | null;
  claimed_by_id: string | null;
  claimed_at: string | null;
  safe_from_minute: number | null;
  safe_to_minute: number | null;
  has_phone: boolean;
  callback: boolean;
};

/** The prepared statement's name (lib/prisma-client.ts preparedQuery adds a hash of its text). */
const STATEMENT = "calls.my_queue";

/**
 * Her own tasks for `day` (default: today in her site's time zone), CARRIED_OVER left out. The
 * phone shown is the one that would be called: a working phone inside its safe hours now if there
 * is one, else her primary working phone. ONE prepared statement: her site (the first of hers, as
 * the generator), its local day and minute, holiday, her weekdays and leave, and her tasks.
 */
export async function myQueue(db: Db, actor: Actor, opts: { day?: string; now?: Date } = {}): Promise<Queue> {
  assertCan(actor, "queue.work");
  const now = opts.now ?? new Date();
  const local = Prisma.sql`(${now}::timestamptz AT TIME ZONE s.time_zone)`;
  const rows = actor.siteIds.length
    ? await preparedQuery<Row>(
        db,
        STATEMENT,
        Prisma.sql`
        WITH m AS MATERIALIZED (
          SELECT s.id, s.name, s.time_zone, s.country_id,
                 COALESCE(${opts.day ?? null}::date, (${now}::timestamptz AT TIME ZONE s.time_zone)::date) AS day,
                 (EXTRACT(HOUR FROM ${local})::int * 60 + EXTRACT(MINUTE FROM ${local})::int) AS now_minute
          FROM sites s
          WHERE s.id = ANY(${actor.siteIds}::uuid[])
          ORDER BY s.id
          LIMIT 1
        )
        SELECT m.id AS site_id, m.name AS site_name, m.time_zone, m.day::text AS day,
               -- Only the setting the day needs.
               jsonb_strip_nulls(jsonb_build_object('weekendDays', co.settings->'weekendDays')) AS settings,
               EXISTS (SELECT 1 FROM public_holidays h WHERE h.country_id = m.country_id AND h.date = m.day) AS holiday,
               (SELECT mp.working_days FROM mentor_profiles mp WHERE mp.user_id = ${actor.userId}::uuid) AS working_days,
               EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = ${actor.userId}::uuid AND l.start_date <= m.day AND l.end_date >= m.day) AS on_leave,
               -- Her tasks as one JSON array: one value to parse instead of 14 columns per row.
               (SELECT COALESCE(json_agg(q ORDER BY q.priority ASC, q.last_reached_at ASC NULLS FIRST, q.client_id ASC), '[]'::json)
                FROM (
                SELECT t.id, c.first_name, upper(left(c.last_name, 1)) AS surname_initial, c.sex::text AS sex,
                       date_part('year', age(m.day, c.date_of_birth))::int AS age,
                       -- Tells two clients of one name apart without any health detail.
                       (SELECT i.first_name FROM infants i WHERE i.client_id = c.id AND i.first_name IS NOT NULL
                        ORDER BY i.date_of_birth DESC LIMIT 1) AS infant_name,
                       c.preferred_language, t.reasons, t.priority, t.status::text AS status, t.attempts, t.next_attempt_at,
                       t.claimed_by_id, t.claimed_at, p.safe_from_minute, p.safe_to_minute, (p.id IS NOT NULL) AS has_phone,
                       (t.reasons && ARRAY['callback', 'reply']
                         OR EXISTS (SELECT 1 FROM call_attempts a WHERE a.task_id = t.id AND a.disposition = 'CALLBACK_REQUESTED')) AS callback,
                       c.last_reached_at, c.id AS client_id
                FROM call_tasks t
                JOIN clients c ON c.id = t.client_id
                LEFT JOIN LATERAL (
                  SELECT p.id, p.safe_from_minute, p.safe_to_minute
                  FROM client_phones p
                  WHERE p.client_id = t.client_id AND p.status = 'OK'
                  ORDER BY ${safeNowSql(Prisma.sql`m.now_minute`)} DESC,
                           p.is_primary DESC, p.id ASC
                  LIMIT 1
                ) p ON true
                WHERE t.mentor_id = ${actor.userId}::uuid
                  AND t.task_date = m.day
                  AND t.status <> 'CARRIED_OVER'
                ) q) AS tasks
        FROM m
        JOIN countries co ON co.id = m.country_id`,
      )
    : [];
  const site = rows[0];
  const readAt = now.toISOString();
  if (!site) {
    return {
      day: opts.day ?? isoDate(now), site: null, workingDay: false, worksToday: false,
      nowMinute: minuteOfDay("UTC", now), readAt, progress: progressOf([]), items: [],
    };
  }
  const day = site.day;
  const nowMinute = minuteOfDay(site.time_zone, now);
  const calendar = makeCalendar({ weekendDays: readCountrySettings(site.settings).weekendDays, holidays: site.holiday ? [day] : [] });
  const workingDay = calendar.isWorkingDay(day);
  const worksToday = workingDay && !!site.working_days?.includes(isoWeekday(day)) && !site.on_leave;
  const items: QueueItem[] = site.tasks.map((r, rank) => {
    const item: QueueItem = {
      id: r.id,
      firstName: r.first_name,
      surnameInitial: r.surname_initial,
      sex: r.sex,
      age: r.age,
      infantName: r.infant_name,
      language: r.preferred_language,
      reasons: r.reasons,
      priority: r.priority,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at).toISOString() : null,
      safeFromMinute: r.safe_from_minute,
      safeToMinute: r.safe_to_minute,
      hasPhone: r.has_phone,
      claimedByOther: isClaimedByOther(
        { status: r.status, claimedById: r.claimed_by_id, claimedAt: r.claimed_at ? new Date(r.claimed_at) : null },
        actor.userId,
        now,
        CLAIM_TTL_MINUTES,
      ),
      callableNow: false,
      callback: r.callback,
      rank,
    };
    item.callableNow = isCallableNow(item, now, nowMinute);
    return item;
  });

  return {
    day,
    site: { id: site.site_id, name: site.site_name, timeZone: site.time_zone },
    workingDay,
    worksToday,
    nowMinute,
    readAt,
    progress: progressOf(items),
    items: orderQueue(items),
  };
}
