// Scheduling one day's reminder messages (issue 17): lib/messages/rules.ts as one set-based
// statement per country, like the call lists (lib/calls/generate.ts) - never a loop over clients.
// For a site-local day D and a country's sites: the due reminders (DUE_SQL, checked against
// dueMessages client by client in tests/integration/messages-schedule.test.ts), each with the live
// template of her message language (else the country's default language; no template = no
// message, so the call stays), INSERTed with ON CONFLICT DO NOTHING on (phone, reminder, channel):
// idempotent per day, one message per reminder per phone whatever the reruns. send_at is the
// site-local hour, moved into the phone's safe hours. The worker (lib/messages/send.ts) sends
// them when their time comes.
import type { Tx } from "@/lib/action";
import { bind, STATEMENT_SETTINGS, type Param } from "@/lib/calls/generate";
import type { CountrySettings } from "@/lib/settings/schemas";
import { languageKey } from "@/lib/content/rules";
import { liveTemplates, TEMPLATE_KIND, TEMPLATE_VARIANT } from "@/lib/messages/templates";
import { readMessagingConfig, type MessageRoute, type MessagingConfig } from "@/lib/messages/config";

type Raw = Pick<Tx, "$queryRawUnsafe">;

export type ScheduleParams = {
  day: string;
  siteIds: string[];
  settings: CountrySettings;
  /** The country offers WhatsApp (its route has a WhatsApp sender). */
  whatsapp: boolean;
};

function params(p: ScheduleParams, extra: Param[] = []): Param[] {
  const s = p.settings;
  return [
    { name: "day", value: p.day, type: "date" },
    { name: "sites", value: p.siteIds, type: "uuid[]" },
    { name: "hour", value: s.messageLocalHour, type: "int" },
    { name: "apptDays", value: s.messageAppointmentDaysBefore, type: "int" },
    { name: "onDay", value: s.messageAppointmentOnDay, type: "boolean" },
    { name: "missed", value: s.messageMissedAppointment, type: "boolean" },
    { name: "vl", value: s.messageVlDue, type: "boolean" },
    { name: "vlDays", value: s.messageVlDueDaysBefore, type: "int" },
    { name: "whatsapp", value: p.whatsapp, type: "boolean" },
    { name: "suppressedBelow", value: s.vlSuppressedBelow, type: "int" },
    { name: "repeatMonths", value: s.vlRepeatAfterMonths, type: "int" },
    { name: "firstMonths", value: s.vlFirstTestMonths, type: "int" },
    { name: "secondMonths", value: s.vlSecondTestMonths, type: "int" },
    { name: "routineMonths", value: s.vlRoutineIntervalMonths, type: "int" },
    ...extra,
  ];
}

/**
 * CTE `due` (client_id, site_id, tz, lang, phone_id, number, channel, reason, reminder_key,
 * appointment_id, about, send_day, send_minute, send_at): the reminders of lib/messages/rules.ts
 * dueMessages for every client of :sites on :day. Candidates are read by date from the
 * appointments' (date, status) index; the viral-load reminder is one pass over the sites' active
 * clients with ART (the formula of lib/calls/rules.ts vlTestDueDate, as in the call lists).
 */
const DUE_SQL = /* sql */ `
cand AS (
  SELECT a.client_id, 'appointment' AS reason, 'appt:' || a.id AS reminder_key, a.id AS appointment_id, a.date AS about
  FROM appointments a WHERE a.status = 'SCHEDULED' AND a.date = :day + :apptDays
  UNION ALL
  SELECT a.client_id, 'appointment_day', 'appt-day:' || a.id, a.id, a.date
  FROM appointments a WHERE :onDay AND :apptDays > 0 AND a.status = 'SCHEDULED' AND a.date = :day
  UNION ALL
  SELECT a.client_id, 'missed', 'missed:' || a.id, a.id, a.date
  FROM appointments a
  WHERE :missed AND a.status IN ('SCHEDULED', 'MISSED') AND a.date = :day - 1
    AND NOT EXISTS (SELECT 1 FROM appointments b WHERE b.client_id = a.client_id AND b.date > a.date AND b.status = 'ATTENDED')
  UNION ALL
  SELECT v.id, 'vl_due', 'vl:' || to_char(v.t, 'YYYY-MM-DD'), NULL, v.t
  FROM (
    SELECT c.id, c.last_vl_date,
           CASE
             WHEN c.last_vl_copies >= :suppressedBelow THEN (c.last_vl_date + make_interval(months => :repeatMonths))::date
             WHEN c.last_vl_date IS NULL OR c.last_vl_date < (c.art_start_date + make_interval(months => :firstMonths))::date - 30
               THEN (c.art_start_date + make_interval(months => :firstMonths))::date
             WHEN c.last_vl_date < (c.art_start_date + make_interval(months => :secondMonths))::date - 30
               THEN (c.art_start_date + make_interval(months => :secondMonths))::date
             ELSE (c.last_vl_date + make_interval(months => :routineMonths))::date
           END AS t
    FROM clients c
    WHERE :vl AND c.site_id = ANY(:sites) AND c.status = 'ACTIVE' AND c.art_start_date IS NOT NULL
  ) AS v
  WHERE v.t = :day + :vlDays AND (v.last_vl_date IS NULL OR v.last_vl_date < v.t - 30)
),
due AS (
  SELECT cand.*, c.site_id, s.time_zone AS tz,
         split_part(split_part(lower(coalesce(c.message_language, c.preferred_language)), '-', 1), '_', 1) AS lang,
         ph.phone_id, ph.number, ph.channel, w.send_day, w.send_minute,
         ((w.send_day + w.send_minute * interval '1 minute') AT TIME ZONE s.time_zone) AS send_at
  FROM cand
  JOIN clients c ON c.id = cand.client_id
  JOIN sites s ON s.id = c.site_id
  -- her number for messages: the primary first, working, not opted out, consent to a channel offered
  CROSS JOIN LATERAL (
    SELECT p.id AS phone_id, p.number, p.safe_from_minute AS sf, p.safe_to_minute AS st,
           CASE WHEN p.consent_whatsapp AND :whatsapp THEN 'whatsapp' ELSE 'sms' END AS channel
    FROM client_phones p
    WHERE p.client_id = c.id AND p.status = 'OK' AND p.messages_opted_out_at IS NULL
      AND (p.consent_sms OR (p.consent_whatsapp AND :whatsapp))
    ORDER BY p.is_primary DESC, p.id
    LIMIT 1
  ) AS ph
  -- the hour, or the start of her safe window (that day when it starts later, else the next day);
  -- a window of no length is never safe (lib/messages/rules.ts sendTime)
  CROSS JOIN LATERAL (
    SELECT (ph.sf IS NULL OR ph.st IS NULL
            OR (ph.sf <= ph.st AND :hour * 60 >= ph.sf AND :hour * 60 < ph.st)
            OR (ph.sf > ph.st AND (:hour * 60 >= ph.sf OR :hour * 60 < ph.st))) AS safe
  ) AS sw
  CROSS JOIN LATERAL (
    SELECT CASE WHEN sw.safe OR ph.sf > :hour * 60 THEN :day ELSE :day + 1 END AS send_day,
           CASE WHEN sw.safe THEN :hour * 60 ELSE ph.sf END AS send_minute
  ) AS w
  WHERE c.site_id = ANY(:sites) AND c.status = 'ACTIVE'
    AND NOT (ph.sf IS NOT NULL AND ph.st IS NOT NULL AND ph.sf = ph.st)
    -- reached by a call that day for the same reason: no message (rules.ts CALL_KINDS_OF)
    AND NOT EXISTS (
      SELECT 1 FROM call_attempts ca JOIN call_tasks t ON t.id = ca.task_id
      WHERE ca.client_id = c.id AND ca.disposition = 'REACHED'
        AND ca.created_at >= (:day::timestamp AT TIME ZONE s.time_zone) AND ca.created_at < ((:day + 1)::timestamp AT TIME ZONE s.time_zone)
        AND t.reasons && CASE cand.reason WHEN 'missed' THEN ARRAY['missed', 'visit_check'] WHEN 'vl_due' THEN ARRAY['vl_due'] ELSE ARRAY['appointment'] END
    )
)`;

export type DueMessageRow = {
  clientId: string; phoneId: string; channel: string; reason: string; reminderKey: string;
  appointmentId: string | null; about: string; sendDay: string; sendMinute: number;
};

/** The due reminders as the statement sees them (the consistency test). */
export async function dueMessagesSql(tx: Raw, p: ScheduleParams): Promise<DueMessageRow[]> {
  const { text, values } = bind(
    `WITH ${DUE_SQL}
     SELECT client_id::text AS "clientId", phone_id::text AS "phoneId", channel, reason, reminder_key AS "reminderKey",
            appointment_id::text AS "appointmentId", to_char(about, 'YYYY-MM-DD') AS about,
            to_char(send_day, 'YYYY-MM-DD') AS "sendDay", send_minute AS "sendMinute"
     FROM due ORDER BY client_id, reminder_key`,
    params(p),
  );
  return tx.$queryRawUnsafe<DueMessageRow[]>(text, ...values);
}

export type Templates = { keys: string[]; languages: string[]; texts: string[] };

/** The statement that writes them: `due` with a live template, INSERT ... ON CONFLICT DO NOTHING. */
const INSERT_SQL = /* sql */ `
WITH ${DUE_SQL},
ins AS (
  INSERT INTO messages (client_id, phone_id, site_id, direction, channel, reason, reminder_key, appointment_id, for_day, send_at,
                        template_key, language, body, provider, sender, number)
  SELECT d.client_id, d.phone_id, d.site_id, 'out', d.channel, d.reason, d.reminder_key, d.appointment_id, :day, d.send_at,
         tpl.key, tpl.language,
         replace(tpl.text, '{date}', to_char(d.about, 'DD/MM/YYYY')), :provider, :sender, d.number
  FROM due d
  CROSS JOIN LATERAL (
    SELECT t.key, t.language, t.text
    FROM unnest(:tplKeys, :tplLangs, :tplTexts) AS t(key, language, text)
    WHERE t.key = d.reason AND t.language IN (d.lang, :defaultLang)
    ORDER BY (t.language = d.lang) DESC
    LIMIT 1
  ) AS tpl
  ON CONFLICT (phone_id, reminder_key, channel) WHERE direction = 'out' AND reminder_key IS NOT NULL DO NOTHING
  RETURNING site_id
)
SELECT site_id::text AS site_id, count(*)::int AS n FROM ins GROUP BY site_id`;

export function insertStatement(p: ScheduleParams, route: MessageRoute, templates: Templates, defaultLanguage: string) {
  return bind(INSERT_SQL, params(p, [
    { name: "provider", value: route.provider, type: "text" },
    { name: "sender", value: route.sender, type: "text" },
    { name: "tplKeys", value: templates.keys, type: "text[]" },
    { name: "tplLangs", value: templates.languages, type: "text[]" },
    { name: "tplTexts", value: templates.texts, type: "text[]" },
    { name: "defaultLang", value: languageKey(defaultLanguage), type: "text" },
  ]));
}

export async function loadTemplates(tx: Pick<Tx, "contentText">): Promise<Templates> {
  const rows = await tx.contentText.findMany({
    where: { kind: TEMPLATE_KIND, variant: TEMPLATE_VARIANT, approved: { not: undefined } },
    select: { key: true, language: true, approved: true },
  });
  const live = liveTemplates(rows);
  return { keys: live.map((t) => t.key), languages: live.map((t) => t.language), texts: live.map((t) => t.text) };
}

/**
 * Schedules D's reminders for one country's sites inside the caller's transaction (the call-list
 * run, lib/calls/generate.ts runCountry, calls it first, so a reminder that holds keeps its call off
 * the same day's list). Nothing happens for a country without a messaging route. Returns the
 * messages written per site.
 */
export async function scheduleMessagesInTx(
  tx: Tx,
  b: { countryId: string; settings: CountrySettings; siteIds: string[] },
  day: string,
  config: MessagingConfig = readMessagingConfig(),
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (b.siteIds.length === 0) return out;
  const country = await tx.country.findUnique({ where: { id: b.countryId }, select: { code: true, defaultLanguage: true } });
  const route = country ? config.MESSAGING_ROUTES[country.code] : undefined;
  if (!country || !route) return out;
  const templates = await loadTemplates(tx);
  if (templates.keys.length === 0) return out;
  const { text, values } = insertStatement(
    { day, siteIds: b.siteIds, settings: b.settings, whatsapp: !!route.whatsappFrom }, route, templates, country.defaultLanguage,
  );
  // No JIT (compiling costs more than this statement saves) and room to hash: as the generation.
  await tx.$queryRawUnsafe(STATEMENT_SETTINGS);
  const rows = await tx.$queryRawUnsafe<{ site_id: string; n: number }[]>(text, ...values);
  for (const r of rows) out.set(r.site_id, r.n);
  return out;
}
