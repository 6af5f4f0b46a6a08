// Daily call-list generation (domain.md "Daily call list"): the rules of lib/calls/rules.ts as one
// set-based statement per country, run inside PostgreSQL - never a loop over clients in JavaScript
// (performance.md: a day for 1M clients is seconds in SQL, minutes client-side).
//
// For a day D (a site-local calendar date) and a set of sites, one transaction per country:
//   1. advisory locks per site+D, so the scheduler, the CLI and a Mentor Mother opening her queue
//      never generate the same site and day at the same time;
//   2. one statement: the due reasons of every eligible client on D (exactly lib/calls/rules.ts,
//      tested against it in tests/integration/calls-generate.test.ts), merged per client, ranked
//      per Mentor Mother, cut at her remaining capacity, INSERTed with ON CONFLICT DO NOTHING
//      (idempotent), and the older open tasks closed: CARRIED_OVER when a reason is still due,
//      CANCELLED when none is;
//   3. a call_list_runs row per site and day (what "already generated" means).
// Country settings come from countries.settings (readCountrySettings) and go in as parameters.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/action";
import { readCountrySettings, countrySettingsSchema, type CountrySettings } from "@/lib/settings/schemas";
import { addDaysIso, isIsoDate, isoWeekday, makeCalendar } from "@/lib/calls/calendar";
import { PRIORITY, REASON_KINDS, type ReasonKind } from "@/lib/calls/rules";
import {
  OPEN_STATUSES_SQL, carryOverStatusSql, reopenedUnchangedSql, settleWithdrawn, UNTOUCHED_REOPEN_SQL, withdrawUntouchedTasks,
} from "@/lib/calls/tasks";
import { dateOnly } from "@/lib/dates";
import { markInterruptions } from "@/lib/clients/interruption";
import { scheduleMessagesInTx } from "@/lib/messages/schedule";

export type GenerateCounts = {
  /** Tasks created, per reason they carry (a task with two reasons counts under both). */
  created: Record<ReasonKind, number>;
  /** Tasks created (each once). */
  tasks: number;
  /** Tasks already on D, left as they were. */
  kept: number;
  /** Older open tasks whose reason still holds: now CARRIED_OVER. */
  carried: number;
  /** Older open tasks whose reason is gone: now CANCELLED. */
  closed: number;
};

export type SiteRun = GenerateCounts & {
  siteId: string;
  countryId: string;
  day: string;
  /** False on the country's weekends and public holidays: nothing is generated. */
  workingDay: boolean;
  /** Not run because the site's list for D had been generated already (`onlyMissing`). */
  skipped: boolean;
};

export type GenerateResult = GenerateCounts & { day: string; sites: SiteRun[] };

export type GenerateOptions = {
  /** D: a site-local calendar date, YYYY-MM-DD. */
  day: string;
  /** Only these sites (default: every active site). */
  siteIds?: string[];
  /** Skip sites whose list for D was generated already (scheduler, a Mentor Mother's first visit). */
  onlyMissing?: boolean;
  /** Settings that replace the stored ones for this run (the administrators' preview). */
  overrides?: Partial<CountrySettings>;
  /** Roll every transaction back: nothing is written (the benchmark). */
  dryRun?: boolean;
  /** Countries generated at once, each in its own transaction and connection (default 2). */
  concurrency?: number;
  /** D was generated before and something changed: withdraw its untouched tasks and generate it
   * again (see generateSql). Sites whose D was never generated are generated as usual. */
  regenerate?: boolean;
  /** What asked for this run (call_list_runs.trigger), and who (null for the scheduler and the CLI). */
  trigger?: RunTrigger;
  actorId?: string | null;
};

export const RUN_TRIGGERS = ["schedule", "queue", "cli", "manual", "change"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const emptyCreated = (): Record<ReasonKind, number> =>
  Object.fromEntries(REASON_KINDS.map((k) => [k, 0])) as Record<ReasonKind, number>;

const zeroCounts = (): GenerateCounts => ({ created: emptyCreated(), tasks: 0, kept: 0, carried: 0, closed: 0 });

function addCounts(into: GenerateCounts, c: GenerateCounts): void {
  for (const k of REASON_KINDS) into.created[k] += c.created[k];
  into.tasks += c.tasks;
  into.kept += c.kept;
  into.carried += c.carried;
  into.closed += c.closed;
}

// ------------------------------------------------------------------------------------------------
// The statement.

/** Days around D the SQL calendar covers: reminders look at most 14 days back (the largest
 * appointmentReminderDaysBefore) and forward to the next working day; the welcome call's promise
 * looks back at most welcomeWithinWorkingDays (<= 30) working days, which is at most 210 calendar
 * days with six weekend days a week (an enrolment further back has passed it anyway). */
const CALENDAR_SPAN_DAYS = 220;

/** Everything the statement needs for one country and day; values become bind parameters. */
export type GenerationParams = {
  day: string;
  siteIds: string[];
  holidays: string[];
  settings: CountrySettings;
  /** Generate a day again (generateSql), after these tasks were withdrawn. */
  regenerate?: boolean;
  withdrawn?: string[];
};

export type Param = { name: string; value: unknown; type: string };

function params(p: GenerationParams): Param[] {
  const s = p.settings;
  return [
    { name: "day", value: p.day, type: "date" },
    { name: "sites", value: p.siteIds, type: "uuid[]" },
    { name: "holidays", value: p.holidays, type: "date[]" },
    { name: "weekend", value: s.weekendDays, type: "int[]" },
    { name: "isodow", value: isoWeekday(p.day), type: "int" },
    { name: "welcomeDays", value: s.welcomeWithinWorkingDays, type: "int" },
    { name: "weeklyMonths", value: s.adherenceWeeklyFirstMonths, type: "int" },
    { name: "intensiveDays", value: s.adherenceIntensiveIntervalDays, type: "int" },
    { name: "stableDays", value: s.adherenceStableIntervalDays, type: "int" },
    { name: "suppressedBelow", value: s.vlSuppressedBelow, type: "int" },
    { name: "highAbove", value: s.vlHighAbove, type: "int" },
    { name: "eacHighDays", value: s.eacHighCallWithinDays, type: "int" },
    { name: "eacLowDays", value: s.eacLowLevelCallWithinDays, type: "int" },
    { name: "eacDays", value: s.eacIntervalDays, type: "int" },
    { name: "repeatMonths", value: s.vlRepeatAfterMonths, type: "int" },
    { name: "firstMonths", value: s.vlFirstTestMonths, type: "int" },
    { name: "secondMonths", value: s.vlSecondTestMonths, type: "int" },
    { name: "routineMonths", value: s.vlRoutineIntervalMonths, type: "int" },
    { name: "overdueDays", value: s.vlOverdueAfterDays, type: "int" },
    { name: "overdueRepeat", value: s.vlOverdueRepeatDays, type: "int" },
    { name: "reminderDays", value: s.appointmentReminderDaysBefore, type: "int" },
    { name: "reminderFrom", value: s.appointmentReminderOnDay ? 0 : 1, type: "int" },
    { name: "ltfuDays", value: s.lostToFollowUpAfterDays, type: "int" },
    { name: "infantWeeks", value: s.infantTestAgesWeeks, type: "int[]" },
    { name: "afterBfWeeks", value: s.infantTestAfterBreastfeedingWeeks, type: "int" },
    { name: "span", value: CALENDAR_SPAN_DAYS, type: "int" },
    { name: "withdrawn", value: p.withdrawn ?? [], type: "uuid[]" },
    // The priority levels of lib/calls/rules.ts, so the statement never writes them out itself.
    { name: "pMissed", value: PRIORITY.missed, type: "int" },
    { name: "pDeadline", value: PRIORITY.deadline_passed, type: "int" },
    { name: "pEacHigh", value: PRIORITY.eac_high, type: "int" },
    { name: "pEacLow", value: PRIORITY.eac_low, type: "int" },
    { name: "pAppointment", value: PRIORITY.appointment, type: "int" },
    { name: "pVisitCheck", value: PRIORITY.visit_check, type: "int" },
    { name: "pNewOnArt", value: PRIORITY.new_on_art, type: "int" },
    { name: "pWelcome", value: PRIORITY.welcome, type: "int" },
    { name: "pVlOverdue", value: PRIORITY.vl_overdue, type: "int" },
    { name: "pInfant", value: PRIORITY.infant_test, type: "int" },
    { name: "pCallback", value: PRIORITY.callback, type: "int" },
    { name: "pRoutine", value: PRIORITY.routine, type: "int" },
  ];
}

/** `:name` placeholders to `$n::type`, numbered in order of first use (PostgreSQL refuses a
 * parameter it never sees), with their values. */
export function bind(sql: string, list: Param[]): { text: string; values: unknown[] } {
  const byName = new Map(list.map((p) => [p.name, p]));
  const used: Param[] = [];
  // Not after another colon: `x::date` is a cast, not a parameter.
  const text = sql.replace(/(?<!:):([a-zA-Z]+)\b/g, (m, name: string) => {
    const p = byName.get(name);
    if (!p) return m;
    let i = used.indexOf(p);
    if (i < 0) i = used.push(p) - 1;
    return `$${i + 1}::${p.type}`;
  });
  return { text, values: used.map((p) => p.value) };
}

/**
 * The due reasons of every eligible client of :sites on :day, merged per client: CTE `m` (client_id,
 * reasons, priority, first_due). Shared by the generator and by the consistency test, which checks
 * it against lib/calls/rules.ts (mergeReasons(dueReasons(...))) client by client.
 *
 * A reason is due on D when start <= D <= end (end null = open) and the client has not been reached
 * since start (lr < start, lr = site-local date of her last reach) - except the two appointment
 * follow-ups (visit check, missed appointment), which only what is recorded about the appointment
 * closes. Reasons that occur once per client (welcome, adherence, eac, vl_due) are columns computed
 * in one pass over the clients; those that can occur several times (appointment, visit check,
 * missed, infant_test, callback) are filtered instance by instance and reduced to their earliest
 * start per client. Then, per client: each kind's level (rules.ts PRIORITY, passed in as :p*
 * parameters), the reasons ordered by level then kind, priority = the lowest level, first_due =
 * the earliest start.
 */
const DUE_CTES = /* sql */ `
cal AS (
  SELECT day, working,
         max(day) FILTER (WHERE working) OVER (ORDER BY day) AS prev_working,
         -- working days up to and including this day: the difference of two is the number of
         -- working days in (a, b]
         count(*) FILTER (WHERE working) OVER (ORDER BY day) AS wdi
  FROM (
    SELECT g::date AS day,
           (extract(isodow FROM g)::int <> ALL(:weekend) AND NOT (g::date = ANY(:holidays))) AS working
    FROM generate_series((:day - :span)::timestamp, (:day + :span)::timestamp, interval '1 day') AS g
  ) AS d
),
next_working AS (SELECT min(day) AS day FROM cal WHERE working AND day > :day),
today_wdi AS (SELECT wdi FROM cal WHERE day = :day),
-- Eligible clients: ACTIVE, consent to calls, a Mentor Mother, a phone that works (opt-outs, exits
-- and missing consent get no tasks). The phone is probed per client (LIMIT 1) rather than hashing
-- every phone of the programme for each country. Materialised with what the once-per-client
-- reasons need, each computed once: lr (site-local date of her last reach), R (vl_result), whether
-- she is new on ART, and the starts of adherence, eac and the viral-load test's due date T.
cl AS MATERIALIZED (
  SELECT b.*,
         -- adherence: an interval after the last reach (or enrolment); weekly while new on ART,
         -- intensive while pregnant, breastfeeding or not suppressed, else stable
         CASE WHEN b.art_start_date IS NOT NULL THEN coalesce(b.lr, b.enrolment_date) + CASE
           WHEN b.new_on_art THEN 7
           WHEN b.category = 'PREGNANT' OR b.breastfeeding OR b.last_vl_copies >= :suppressedBelow THEN :intensiveDays
           ELSE :stableDays END
         END AS adherence_start,
         -- enhanced adherence support: from R, then eacDays after each reach; the first call
         -- (not reached since R) is promised within eacHigh/LowDays of R
         (b.lr IS NULL OR b.lr < b.vl_result) AS eac_first,
         CASE WHEN b.lr IS NULL OR b.lr < b.vl_result THEN b.vl_result ELSE b.lr + :eacDays END AS eac_start,
         -- the next viral-load test: a repeat test after a sample that was not suppressed; else the
         -- first and second tests at fixed months after ART start (unless a sample was taken
         -- within 30 days before them); then every routineMonths after the last sample
         CASE
           WHEN b.art_start_date IS NULL THEN NULL
           WHEN b.last_vl_copies >= :suppressedBelow THEN (b.last_vl_date + make_interval(months => :repeatMonths))::date
           WHEN b.last_vl_date IS NULL OR b.last_vl_date < b.first_test - 30 THEN b.first_test
           WHEN b.last_vl_date < b.second_test - 30 THEN b.second_test
           ELSE (b.last_vl_date + make_interval(months => :routineMonths))::date
         END AS vl_test
  FROM (
    SELECT c.id, c.site_id, c.mentor_id, c.enrolment_date, c.art_start_date, c.category, c.breastfeeding,
           c.breastfeeding_end_date, c.last_vl_copies, c.last_vl_date, s.time_zone AS tz, c.last_reached_at,
           (c.last_reached_at AT TIME ZONE s.time_zone)::date AS lr,
           -- an open escalation keeps its cause off the lists (lib/escalations/rules.ts blockedReasons)
           EXISTS (SELECT 1 FROM escalations e WHERE e.client_id = c.id AND e.status IN ('OPEN', 'REFERRED') AND e.cause = 'TRACING') AS esc_tracing,
           EXISTS (SELECT 1 FROM escalations e WHERE e.client_id = c.id AND e.status IN ('OPEN', 'REFERRED') AND e.cause = 'HIGH_VL') AS esc_high_vl,
           :day < (c.art_start_date + make_interval(months => :weeklyMonths))::date AS new_on_art,
           (c.art_start_date + make_interval(months => :firstMonths))::date AS first_test,
           (c.art_start_date + make_interval(months => :secondMonths))::date AS second_test,
           -- R: the result date of the latest viral load (by sample date; clients.last_vl_date when
           -- there is no row), looked up only when it is not suppressed
           CASE WHEN c.last_vl_copies >= :suppressedBelow THEN
             coalesce((SELECT v.result_date FROM viral_load_results v WHERE v.client_id = c.id
                       ORDER BY v.sample_date DESC, v.result_date DESC LIMIT 1), c.last_vl_date)
           END AS vl_result
    FROM clients c
    JOIN sites s ON s.id = c.site_id
    CROSS JOIN LATERAL (SELECT 1 FROM client_phones p WHERE p.client_id = c.id AND p.status = 'OK' LIMIT 1) AS ph
    WHERE c.site_id = ANY(:sites) AND c.status = 'ACTIVE' AND c.consent_calls AND c.mentor_id IS NOT NULL
      -- nobody could reach her, or her number is wrong: no phone task at all until the supervisor acts
      AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.client_id = c.id AND e.status IN ('OPEN', 'REFERRED')
                        AND e.cause IN ('NO_ANSWER', 'PHONE_UPDATE'))
    OFFSET 0 -- computed once per client, not once per use below
  ) AS b
),
-- appointment reminder: from the last working day on or before A - reminderDays until A - 1 (A when
-- reminderFrom = 0). Only appointments before the next working day + reminderDays can have started
-- by D, which keeps the range of dates read tiny.
appt AS (
  SELECT cl.id AS client_id, min(cal.prev_working) AS start
  FROM appointments a
  JOIN cal ON cal.day = a.date - :reminderDays
  JOIN cl ON cl.id = a.client_id
  WHERE a.status = 'SCHEDULED'
    AND a.date >= :day + :reminderFrom
    AND a.date <= (SELECT day FROM next_working) + :reminderDays - 1
    AND cal.prev_working <= :day
    AND (cl.lr IS NULL OR cl.lr < cal.prev_working)
    -- a reminder message about it holds (waiting, on its way or delivered: lib/messages): no call
    AND NOT EXISTS (SELECT 1 FROM messages msg
                    WHERE msg.appointment_id = a.id AND msg.direction = 'out' AND msg.reason IN ('appointment', 'appointment_day')
                      AND coalesce((SELECT e.status FROM message_events e WHERE e.message_id = msg.id ORDER BY e.id DESC LIMIT 1), 'queued')
                          IN ('queued', 'sending', 'sent', 'delivered', 'read'))
  GROUP BY cl.id
),
-- appointments whose date has passed and that are still open: recorded missed and not dealt with by
-- a tracing outcome, or still scheduled (no attendance recorded). Each range is read from its own
-- partial index (index-only).
past_open AS MATERIALIZED (
  SELECT cl.id AS client_id, a.date, a.missed
  FROM (
    SELECT client_id, date, true AS missed FROM appointments WHERE status = 'MISSED' AND resolved_at IS NULL AND date < :day
    UNION ALL
    SELECT client_id, date, false FROM appointments WHERE status = 'SCHEDULED' AND date < :day
  ) AS a
  JOIN cl ON cl.id = a.client_id
),
-- ... unless she attended a later appointment. Probed per row (LIMIT 1 keeps it a nested loop): the
-- planner cannot know how few rows past_open holds and would otherwise hash every attended
-- appointment of the programme. A missed one (or one still without attendance ltfuDays after its
-- date) is a missed appointment; a scheduled one before that is a visit check. Both from the day after.
followup AS (
  SELECT client_id,
         min(date + 1) FILTER (WHERE missed OR date + :ltfuDays <= :day) AS missed,
         min(date + 1) FILTER (WHERE NOT missed AND date + :ltfuDays > :day) AS visit_check
  FROM past_open
  LEFT JOIN LATERAL (SELECT 1 AS hit FROM appointments b
                     WHERE b.client_id = past_open.client_id AND b.date > past_open.date AND b.status = 'ATTENDED'
                     LIMIT 1) AS attended ON true
  WHERE attended.hit IS NULL
  GROUP BY client_id
),
-- infant test: due T at each configured age of each infant, and infantTestAfterBreastfeedingWeeks
-- after breastfeeding ends (when she has an infant on record); from T - 7 to T + 28, unless an
-- infant test was attended from T - 14 on
infant_due AS MATERIALIZED (
  SELECT cl.id AS client_id, it.t
  FROM (
    SELECT i.client_id, i.date_of_birth + w * 7 AS t
    FROM unnest(:infantWeeks) AS w
    JOIN infants i ON i.date_of_birth BETWEEN :day - 28 - w * 7 AND :day + 7 - w * 7
    UNION ALL
    SELECT cl.id, cl.breastfeeding_end_date + :afterBfWeeks * 7
    FROM cl
    WHERE cl.breastfeeding_end_date BETWEEN :day - 28 - :afterBfWeeks * 7 AND :day + 7 - :afterBfWeeks * 7
      AND EXISTS (SELECT 1 FROM infants i WHERE i.client_id = cl.id)
  ) AS it
  JOIN cl ON cl.id = it.client_id
  WHERE cl.lr IS NULL OR cl.lr < it.t - 7
),
infant AS (
  SELECT client_id, min(t - 7) AS start
  FROM infant_due
  LEFT JOIN LATERAL (SELECT 1 AS hit FROM appointments b
                     WHERE b.client_id = infant_due.client_id AND b.date >= infant_due.t - 14
                       AND b.kind = 'INFANT_TEST' AND b.status = 'ATTENDED'
                     LIMIT 1) AS tested ON true
  WHERE tested.hit IS NULL
  GROUP BY client_id
),
-- callback: from the (site-local) day she asked for, until reached. Only a callback after her last
-- reach can still be due, which bounds the index range read per client.
callback AS (
  SELECT cl.id AS client_id, min(cb.c) AS start
  FROM cl
  JOIN call_attempts ca ON ca.client_id = cl.id AND ca.callback_at IS NOT NULL
    AND ca.callback_at < (:day + 2)::timestamptz
    AND (cl.last_reached_at IS NULL OR ca.callback_at > cl.last_reached_at)
  CROSS JOIN LATERAL (SELECT (ca.callback_at AT TIME ZONE cl.tz)::date AS c) AS cb
  WHERE cb.c <= :day AND (cl.lr IS NULL OR cl.lr < cb.c)
  GROUP BY cl.id
),
-- a reply to a reminder message (lib/messages/inbound.ts) asks for a call like a callback does, as
-- its own reason ('reply', "she replied to a reminder"): from the (site-local) day it came, until reached
reply AS (
  SELECT cl.id AS client_id, min(cb.c) AS start
  FROM cl
  JOIN messages mi ON mi.client_id = cl.id AND mi.direction = 'in' AND mi.reason = 'reply'
    AND mi.created_at < (:day + 2)::timestamptz
    AND (cl.last_reached_at IS NULL OR mi.created_at > cl.last_reached_at)
  CROSS JOIN LATERAL (SELECT (mi.created_at AT TIME ZONE cl.tz)::date AS c) AS cb
  WHERE cb.c <= :day AND (cl.lr IS NULL OR cl.lr < cb.c)
  GROUP BY cl.id
),
per AS (
  SELECT cl.id, cl.new_on_art, cl.last_vl_copies > :highAbove AS high, cl.eac_first, cl.vl_result,
         -- welcome: from enrolment until first reached
         CASE WHEN cl.enrolment_date <= :day AND (cl.lr IS NULL OR cl.lr < cl.enrolment_date) THEN cl.enrolment_date END AS welcome,
         -- ... promised within welcomeDays working days: the working days in (enrolment, D]
         (cl.enrolment_date < :day - :span
          OR (SELECT wdi FROM today_wdi) - (SELECT cal.wdi FROM cal WHERE cal.day = cl.enrolment_date) >= :welcomeDays) AS welcome_late,
         CASE WHEN cl.adherence_start <= :day THEN cl.adherence_start END AS adherence,
         CASE WHEN cl.vl_result IS NOT NULL AND cl.eac_start <= :day AND NOT cl.esc_high_vl THEN cl.eac_start END AS eac,
         -- viral-load test reminder: from T - 7 until overdue (T + overdueDays); while overdue it
         -- comes back every overdueRepeat days (an episode starts at T + overdueDays + k *
         -- overdueRepeat); never when a sample was taken from T - 30 on
         CASE WHEN cl.vl_test IS NULL OR cl.last_vl_date >= cl.vl_test - 30 THEN NULL
              WHEN :day < cl.vl_test + :overdueDays THEN
                CASE WHEN cl.vl_test - 7 <= :day AND (cl.lr IS NULL OR cl.lr < cl.vl_test - 7) THEN cl.vl_test - 7 END
              ELSE
                CASE WHEN cl.lr IS NULL OR cl.lr < ov.start THEN ov.start END
         END AS vl_due,
         :day >= cl.vl_test + :overdueDays AS vl_overdue,
         appt.start AS appointment, followup.visit_check, CASE WHEN NOT cl.esc_tracing THEN followup.missed END AS missed, infant.start AS infant_test, callback.start AS callback, reply.start AS reply
  FROM cl
  CROSS JOIN LATERAL (
    SELECT cl.vl_test + :overdueDays + ((:day - (cl.vl_test + :overdueDays)) / :overdueRepeat) * :overdueRepeat AS start
  ) AS ov
  LEFT JOIN appt ON appt.client_id = cl.id
  LEFT JOIN followup ON followup.client_id = cl.id
  LEFT JOIN infant ON infant.client_id = cl.id
  LEFT JOIN callback ON callback.client_id = cl.id
  LEFT JOIN reply ON reply.client_id = cl.id
),
-- each due kind with its level (NULL = not due)
lv AS (
  SELECT per.*,
         CASE WHEN missed IS NOT NULL THEN :pMissed END AS l_missed,
         CASE WHEN eac IS NOT NULL THEN
           CASE WHEN eac_first AND :day >= vl_result + CASE WHEN high THEN :eacHighDays ELSE :eacLowDays END THEN :pDeadline
                WHEN high THEN :pEacHigh ELSE :pEacLow END
         END AS l_eac,
         CASE WHEN appointment IS NOT NULL THEN :pAppointment END AS l_appointment,
         CASE WHEN visit_check IS NOT NULL THEN :pVisitCheck END AS l_visit_check,
         CASE WHEN welcome IS NOT NULL THEN CASE WHEN welcome_late THEN :pDeadline ELSE :pWelcome END END AS l_welcome,
         CASE WHEN adherence IS NOT NULL THEN CASE WHEN new_on_art THEN :pNewOnArt ELSE :pRoutine END END AS l_adherence,
         CASE WHEN infant_test IS NOT NULL THEN :pInfant END AS l_infant,
         CASE WHEN callback IS NOT NULL THEN :pCallback END AS l_callback,
         CASE WHEN reply IS NOT NULL THEN :pCallback END AS l_reply,
         CASE WHEN vl_due IS NOT NULL THEN CASE WHEN vl_overdue THEN :pVlOverdue ELSE :pRoutine END END AS l_vl
  FROM per
  WHERE COALESCE(missed, eac, appointment, visit_check, adherence, welcome, infant_test, callback, reply, vl_due) IS NOT NULL
),
m AS MATERIALIZED (
  SELECT id AS client_id,
         -- the kinds in the order "level, then kind name" (rules.ts mergeReasons)
         ARRAY(SELECT k FROM (VALUES ('missed', l_missed), (CASE WHEN high THEN 'eac_high' ELSE 'eac_low' END, l_eac),
                                     ('appointment', l_appointment), ('visit_check', l_visit_check), ('welcome', l_welcome),
                                     ('adherence', l_adherence), ('infant_test', l_infant), ('callback', l_callback), ('reply', l_reply), ('vl_due', l_vl)) AS r(k, l)
               WHERE l IS NOT NULL ORDER BY l, k COLLATE "C") AS reasons,
         LEAST(l_missed, l_eac, l_appointment, l_visit_check, l_welcome, l_adherence, l_infant, l_callback, l_reply, l_vl) AS priority,
         LEAST(missed, eac, appointment, visit_check, adherence, welcome, infant_test, callback, reply, vl_due) AS first_due
  FROM lv
)`;

/** The open statuses as literals, from the task owner: written out like the predicate of the
 * partial index call_tasks_open_task_date_idx, so the planner can use it (a parameter or a cast
 * would hide it; a migration must change the index with the list). */
const OPEN_SQL = OPEN_STATUSES_SQL;

/**
 * The generation statement for one country: due reasons (DUE_CTES), Mentor Mothers who work D and
 * their room, the ranking and cut, the insert, the carry-over, and per-site counts.
 *
 * `regenerate`: D was generated before and something changed (a holiday, a working day, a leave, a
 * setting, an assignment). The caller first withdrew D's untouched tasks (lib/calls/tasks.ts
 * withdrawUntouchedTasks); here a client whose task on D is untouched takes part again, and her
 * row is re-opened with today's reasons (UNTOUCHED_REOPEN_SQL). Tasks that were attempted, claimed
 * or finished stay exactly as they are and keep using their Mentor Mother's capacity.
 */
function generateSql(regenerate: boolean): string {
  const hasTaskOnD = regenerate
    ? `EXISTS (SELECT 1 FROM call_tasks t WHERE t.client_id = m.client_id AND t.task_date = :day
                 AND NOT (${UNTOUCHED_REOPEN_SQL.replaceAll("call_tasks.", "t.")}))`
    : `EXISTS (SELECT 1 FROM call_tasks t WHERE t.client_id = m.client_id AND t.task_date = :day)`;
  const onConflict = regenerate
    ? `ON CONFLICT (client_id, task_date) DO UPDATE
     SET mentor_id = EXCLUDED.mentor_id, reasons = EXCLUDED.reasons, priority = EXCLUDED.priority,
         -- the day's first generation knew the carried-over tasks it came from: keep its "due since"
         first_due_date = LEAST(call_tasks.first_due_date, EXCLUDED.first_due_date), status = 'PENDING', next_attempt_at = NULL,
         version = call_tasks.version + CASE WHEN ${reopenedUnchangedSql(":withdrawn")} THEN 0 ELSE 1 END,
         updated_at = CASE WHEN ${reopenedUnchangedSql(":withdrawn")} THEN call_tasks.updated_at ELSE now() END
     WHERE ${UNTOUCHED_REOPEN_SQL}`
    : `ON CONFLICT (client_id, task_date) DO NOTHING`;
  return /* sql */ `
WITH ${DUE_CTES},
-- Mentor Mothers of these clients who work D (the country's working day is checked before the
-- statement runs), with the room left in their day: tasks already on D, except cancelled ones and
-- ones withdrawn to a later day, used up capacity.
mm AS MATERIALIZED (
  SELECT mp.user_id,
         mp.daily_capacity - (SELECT count(*) FROM call_tasks t
                              WHERE t.mentor_id = mp.user_id AND t.task_date = :day AND t.status NOT IN ('CANCELLED', 'CARRIED_OVER')) AS room
  FROM mentor_profiles mp
  JOIN users u ON u.id = mp.user_id
  WHERE u.active AND u.role = 'MENTOR_MOTHER' AND :isodow = ANY(mp.working_days)
    AND mp.user_id IN (SELECT mentor_id FROM cl)
    AND NOT EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = mp.user_id AND :day BETWEEN l.start_date AND l.end_date)
),
-- Open tasks from earlier days of these sites' clients.
old AS MATERIALIZED (
  SELECT t.id, t.client_id, t.first_due_date, c.site_id
  FROM call_tasks t JOIN clients c ON c.id = t.client_id
  WHERE t.task_date < :day AND t.status IN (${OPEN_SQL}) AND c.site_id = ANY(:sites)
),
cand AS (
  SELECT m.client_id, cl.mentor_id, m.reasons, m.priority, m.first_due, mm.room,
         row_number() OVER (PARTITION BY cl.mentor_id ORDER BY m.priority, cl.lr NULLS FIRST, m.client_id) AS rn
  FROM m
  JOIN cl ON cl.id = m.client_id
  JOIN mm ON mm.user_id = cl.mentor_id
  WHERE NOT ${hasTaskOnD}
),
ins AS (
  INSERT INTO call_tasks (client_id, mentor_id, task_date, reasons, priority, first_due_date, updated_at)
  SELECT cand.client_id, cand.mentor_id, :day, cand.reasons, cand.priority, LEAST(cand.first_due, o.first_due), now()
  FROM cand
  LEFT JOIN (SELECT client_id, min(first_due_date) AS first_due FROM old GROUP BY client_id) AS o
    ON o.client_id = cand.client_id
  WHERE cand.rn <= cand.room
  ${onConflict}
  RETURNING client_id, reasons
),
upd AS (
  UPDATE call_tasks t
  SET status = ${carryOverStatusSql("due.client_id IS NOT NULL")},
      version = t.version + 1, updated_at = now()
  FROM old LEFT JOIN m AS due ON due.client_id = old.client_id
  WHERE t.id = old.id AND t.status IN (${OPEN_SQL})
  RETURNING old.site_id, t.status
),
created AS (
  SELECT cl.site_id, ins.reasons FROM ins JOIN cl ON cl.id = ins.client_id
),
by_kind AS (
  SELECT site_id, jsonb_object_agg(kind, n) AS kinds
  FROM (SELECT site_id, k AS kind, count(*) AS n FROM created, unnest(reasons) AS k GROUP BY site_id, k) AS x
  GROUP BY site_id
),
tasks AS (SELECT site_id, count(*) AS n FROM created GROUP BY site_id),
kept AS (
  SELECT c.site_id, count(*) AS n FROM call_tasks t JOIN clients c ON c.id = t.client_id
  WHERE t.task_date = :day AND c.site_id = ANY(:sites) GROUP BY c.site_id
),
closed AS (
  SELECT site_id, count(*) FILTER (WHERE status = 'CARRIED_OVER') AS carried,
         count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled
  FROM upd GROUP BY site_id
)
SELECT s.id::text AS site_id, coalesce(by_kind.kinds, '{}'::jsonb) AS kinds,
       coalesce(tasks.n, 0)::int AS tasks, coalesce(kept.n, 0)::int AS kept,
       coalesce(closed.carried, 0)::int AS carried, coalesce(closed.cancelled, 0)::int AS closed
FROM unnest(:sites) AS s(id)
LEFT JOIN by_kind ON by_kind.site_id = s.id
LEFT JOIN tasks ON tasks.site_id = s.id
LEFT JOIN kept ON kept.site_id = s.id
LEFT JOIN closed ON closed.site_id = s.id`;
}

const GENERATE_SQL = generateSql(false);
const REGENERATE_SQL = generateSql(true);

/** The due reasons of every eligible client, merged, without writing anything: for tests and for
 * checking the statement against lib/calls/rules.ts. */
const DUE_SQL = /* sql */ `
WITH ${DUE_CTES}
SELECT m.client_id::text AS client_id, m.reasons, m.priority, m.first_due::text AS first_due
FROM m ORDER BY m.client_id`;

export type DueRow = { clientId: string; reasons: ReasonKind[]; priority: number; firstDue: string };

type Raw = Pick<Tx, "$queryRawUnsafe">;

/**
 * For this transaction only: the statement's cost estimates are large enough to trigger JIT
 * compilation, which here costs more (about 1.8 s per country measured) than it saves; and its
 * sorts and hashes of a country's clients need more than the default 4 MB to stay in memory.
 */
export const STATEMENT_SETTINGS = "SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)";

/** The generation statement with its parameters, for EXPLAIN and the benchmark. */
export function generationStatement(p: GenerationParams): { text: string; values: unknown[] } {
  return bind(GENERATE_SQL, params(p));
}

export function dueStatement(p: GenerationParams): { text: string; values: unknown[] } {
  return bind(DUE_SQL, params(p));
}

export async function dueByClient(db: Raw, p: GenerationParams): Promise<DueRow[]> {
  const { text, values } = bind(DUE_SQL, params(p));
  const rows = await db.$queryRawUnsafe<{ client_id: string; reasons: ReasonKind[]; priority: number; first_due: string }[]>(text, ...values);
  return rows.map((r) => ({ clientId: r.client_id, reasons: r.reasons, priority: r.priority, firstDue: r.first_due }));
}

type SiteRow = { site_id: string; kinds: Record<string, number | string>; tasks: number; kept: number; carried: number; closed: number };

/** Runs the generation statement for one country's sites on D, inside `tx` (the caller's transaction). */
export async function generateInTx(tx: Raw, p: GenerationParams): Promise<Map<string, GenerateCounts>> {
  await tx.$queryRawUnsafe(STATEMENT_SETTINGS);
  const { text, values } = bind(p.regenerate ? REGENERATE_SQL : GENERATE_SQL, params(p));
  const rows = await tx.$queryRawUnsafe<SiteRow[]>(text, ...values);
  const out = new Map<string, GenerateCounts>();
  for (const r of rows) {
    const created = emptyCreated();
    for (const [k, n] of Object.entries(r.kinds)) if (k in created) created[k as ReasonKind] = Number(n);
    out.set(r.site_id, { created, tasks: r.tasks, kept: r.kept, carried: r.carried, closed: r.closed });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Orchestration: which sites, which settings, one transaction per country.

/** One country's share of a run: its sites, its settings (with any overrides) and the public
 * holidays around D. */
export type CountryBatch = { countryId: string; settings: CountrySettings; holidays: string[]; siteIds: string[] };

class DryRunRollback extends Error {
  constructor(readonly runs: SiteRun[]) {
    super("dry run: rolled back");
  }
}

/** Settings with the preview's overrides on top, validated like a save (bad values throw). */
export function settingsWithOverrides(stored: unknown, overrides?: Partial<CountrySettings>): CountrySettings {
  const base = readCountrySettings(stored);
  return overrides ? countrySettingsSchema.parse({ ...base, ...overrides }) : base;
}

export async function loadBatches(
  db: Pick<Tx, "site" | "country" | "publicHoliday">,
  opts: Pick<GenerateOptions, "day" | "siteIds" | "overrides">,
): Promise<CountryBatch[]> {
  const sites = await db.site.findMany({
    where: { active: true, ...(opts.siteIds ? { id: { in: opts.siteIds } } : {}) },
    select: { id: true, countryId: true },
    orderBy: { id: "asc" },
  });
  const countryIds = [...new Set(sites.map((s) => s.countryId))];
  const [countries, holidays] = await Promise.all([
    db.country.findMany({ where: { id: { in: countryIds } }, select: { id: true, settings: true } }),
    db.publicHoliday.findMany({
      where: {
        countryId: { in: countryIds },
        date: { gte: dateOnly(addDaysIso(opts.day, -CALENDAR_SPAN_DAYS)), lte: dateOnly(addDaysIso(opts.day, CALENDAR_SPAN_DAYS)) },
      },
      select: { countryId: true, date: true },
    }),
  ]);
  return countries
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((c) => ({
      countryId: c.id,
      settings: settingsWithOverrides(c.settings, opts.overrides),
      holidays: holidays.filter((h) => h.countryId === c.id).map((h) => h.date.toISOString().slice(0, 10)),
      siteIds: sites.filter((s) => s.countryId === c.id).map((s) => s.id),
    }));
}

/**
 * One country's work inside the caller's transaction: locks, skip what is done, generate, record
 * the runs.
 */
export async function runCountry(
  tx: Tx,
  b: CountryBatch,
  opts: Pick<GenerateOptions, "day" | "onlyMissing" | "regenerate" | "trigger" | "actorId">,
): Promise<SiteRun[]> {
  const day = opts.day;
  // Sorted, so two transactions locking overlapping sets of sites cannot deadlock.
  const keys = b.siteIds.map((id) => `call-lists:${id}:${day}`).sort();
  await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM (SELECT unnest(${keys}::text[]) AS k ORDER BY 1) AS x`;

  let siteIds = b.siteIds;
  const runs: SiteRun[] = [];
  if (opts.onlyMissing) {
    const done = await tx.callListRun.findMany({ where: { siteId: { in: siteIds }, day: dateOnly(day) }, select: { siteId: true } });
    const doneIds = new Set(done.map((d) => d.siteId));
    for (const id of doneIds) runs.push({ ...zeroCounts(), siteId: id, countryId: b.countryId, day, workingDay: true, skipped: true });
    siteIds = siteIds.filter((id) => !doneIds.has(id));
  }
  if (siteIds.length === 0) return runs;

  // Generating again: only the sites whose D was generated before; the others are a first run.
  let again = new Set<string>();
  let withdrawn: string[] = [];
  if (opts.regenerate) {
    const done = await tx.callListRun.findMany({ where: { siteId: { in: siteIds }, day: dateOnly(day) }, select: { siteId: true } });
    again = new Set(done.map((d) => d.siteId));
    withdrawn = await withdrawUntouchedTasks(tx, [...again], day);
  }

  // The day's reminder messages first (every day, weekends too): one that holds keeps its
  // appointment-reminder call off this list (lib/messages/schedule.ts).
  await scheduleMessagesInTx(tx, b, day);

  const workingDay = makeCalendar({ weekendDays: b.settings.weekendDays, holidays: b.holidays }).isWorkingDay(day);
  // Weekends and public holidays: no lists, and yesterday's open tasks wait for the next working
  // day's run (which carries them over or closes them). A day that stopped being a working day
  // keeps only its worked tasks: the untouched ones were withdrawn above and come back on the next
  // working day by the carry-over rule.
  const counts = new Map<string, GenerateCounts>();
  if (workingDay) {
    const parts: [boolean, string[]][] = [[false, siteIds.filter((id) => !again.has(id))], [true, [...again]]];
    for (const [regenerate, ids] of parts) {
      if (ids.length === 0) continue;
      const c = await generateInTx(tx, { day, siteIds: ids, holidays: b.holidays, settings: b.settings, regenerate, withdrawn });
      for (const [k, v] of c) counts.set(k, v);
    }
  }
  await settleWithdrawn(tx, withdrawn);
  // Interruption in treatment (28+ days since a missed appointment without return): a date on the
  // client, set with the day's run on every calendar day, idempotent (lib/clients/interruption.ts).
  await markInterruptions(tx, siteIds, day);
  const fresh = siteIds.map((siteId) => ({
    ...(counts.get(siteId) ?? zeroCounts()), siteId, countryId: b.countryId, day, workingDay, skipped: false,
  }));

  const trigger: RunTrigger = opts.trigger ?? "cli";
  await tx.$executeRaw`
    INSERT INTO call_list_runs (site_id, day, generated_at, created, kept, carried, closed, trigger, generated_by_id)
    SELECT s, ${day}::date, now(), t, k, c, x, ${trigger}, ${opts.actorId ?? null}::uuid
    FROM unnest(${fresh.map((r) => r.siteId)}::uuid[], ${fresh.map((r) => r.tasks)}::int[], ${fresh.map((r) => r.kept)}::int[],
                ${fresh.map((r) => r.carried)}::int[], ${fresh.map((r) => r.closed)}::int[]) AS u(s, t, k, c, x)
    ON CONFLICT (site_id, day) DO UPDATE
    SET generated_at = now(), created = call_list_runs.created + EXCLUDED.created, kept = EXCLUDED.kept,
        carried = call_list_runs.carried + EXCLUDED.carried, closed = call_list_runs.closed + EXCLUDED.closed,
        trigger = EXCLUDED.trigger, generated_by_id = EXCLUDED.generated_by_id, runs = call_list_runs.runs + 1`;
  return [...runs, ...fresh];
}

/**
 * Generates `day` for the given sites inside the caller's transaction (a Mentor Mother's first
 * visit of the day, the administrators' preview under a savepoint). Sites of several countries are
 * done one country after the other.
 */
export async function generateSitesInTx(
  tx: Tx,
  opts: Pick<GenerateOptions, "day" | "siteIds" | "overrides" | "onlyMissing" | "regenerate" | "trigger" | "actorId">,
): Promise<SiteRun[]> {
  if (!isIsoDate(opts.day)) throw new Error(`not a YYYY-MM-DD date: ${JSON.stringify(opts.day)}`);
  const runs: SiteRun[] = [];
  for (const b of await loadBatches(tx, opts)) runs.push(...(await runCountry(tx, b, opts)));
  return runs;
}

/** Runs `f` over `items`, at most `limit` at a time, results in input order. */
async function mapLimit<T, R>(items: T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/**
 * Generates the call lists of `day` (a site-local date) for the given sites (default all active
 * sites), one transaction per country. Idempotent: a second run for the same day adds nothing
 * unless something became due or capacity was freed in between.
 */
export async function generateDay(db: PrismaClient, opts: GenerateOptions): Promise<GenerateResult> {
  if (!isIsoDate(opts.day)) throw new Error(`not a YYYY-MM-DD date: ${JSON.stringify(opts.day)}`);
  const batches = await loadBatches(db, opts);
  const perCountry = await mapLimit(batches, opts.concurrency ?? 2, async (b) => {
    try {
      return await db.$transaction(
        async (tx) => {
          const runs = await runCountry(tx, b, opts);
          if (opts.dryRun) throw new DryRunRollback(runs);
          return runs;
        },
        // A big country's statement takes seconds; waiting for another run's locks may too.
        { timeout: 10 * 60_000, maxWait: 60_000 },
      );
    } catch (err) {
      if (err instanceof DryRunRollback) return err.runs;
      throw err;
    }
  });
  const sites = perCountry.flat();
  const total = zeroCounts();
  for (const s of sites) addCounts(total, s);
  return { ...total, day: opts.day, sites };
}
