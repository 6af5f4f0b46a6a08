/** Types generated for queries found in "lib/calls/record.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type Disposition = 'ANSWERED_BY_OTHER' | 'BUSY' | 'CALLBACK_REQUESTED' | 'CALL_DROPPED' | 'DECLINED' | 'NOT_IN_SERVICE' | 'NO_ANSWER' | 'OPTED_OUT' | 'REACHED' | 'UNREACHABLE' | 'VOICEMAIL' | 'WRONG_NUMBER';

export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type stringArray = (string)[];

/** 'StoredAttempt' parameters type */
export interface IStoredAttemptParams {
  key: string;
}

/** 'StoredAttempt' return type */
export interface IStoredAttemptResult {
  disposition: string | null;
  id: string;
  mentor_id: string;
  next_attempt_at: Date | null;
  task_id: string;
  task_status: string | null;
}

/** 'StoredAttempt' query type */
export interface IStoredAttemptQuery {
  params: IStoredAttemptParams;
  result: IStoredAttemptResult;
}

const storedAttemptIR: any = {"usedParamSet":{"key":true},"params":[{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":207,"b":211}]}],"statement":"SELECT a.id, a.task_id, a.disposition::text AS disposition, a.mentor_id, t.status::text AS task_status, t.next_attempt_at\nFROM call_attempts a\nJOIN call_tasks t ON t.id = a.task_id\nWHERE a.idempotency_key = :key!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT a.id, a.task_id, a.disposition::text AS disposition, a.mentor_id, t.status::text AS task_status, t.next_attempt_at
 * FROM call_attempts a
 * JOIN call_tasks t ON t.id = a.task_id
 * WHERE a.idempotency_key = :key!
 * ```
 */
export const storedAttempt = new PreparedQuery<IStoredAttemptParams,IStoredAttemptResult>(storedAttemptIR);


/** 'LockMentorTask' parameters type */
export interface ILockMentorTaskParams {
  now: DateOrString;
  phoneId?: string | null | void;
  siteIds: stringArray;
  taskId: string;
  userId: string;
}

/** 'LockMentorTask' return type */
export interface ILockMentorTaskResult {
  claimed_by_id: string | null;
  claimed_phone_id: string | null;
  client_id: string;
  country_id: string;
  enrolment_date: string | null;
  holidays: stringArray | null;
  id: string;
  mentor_id: string;
  phone_id: string;
  phone_locked: boolean | null;
  phone_number: string;
  reasons: stringArray | null;
  settings: Json;
  site_id: string;
  status: string | null;
  task_date: string | null;
  time_zone: string;
  version: number;
}

/** 'LockMentorTask' query type */
export interface ILockMentorTaskQuery {
  params: ILockMentorTaskParams;
  result: ILockMentorTaskResult;
}

const lockMentorTaskIR: any = {"usedParamSet":{"now":true,"siteIds":true,"taskId":true,"userId":true,"phoneId":true},"params":[{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":31,"b":35},{"a":1617,"b":1621},{"a":1659,"b":1663}]},{"name":"siteIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":131,"b":139},{"a":718,"b":726}]},{"name":"taskId","required":true,"transform":{"type":"scalar"},"locs":[{"a":565,"b":572}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":611,"b":618},{"a":927,"b":934},{"a":1325,"b":1332}]},{"name":"phoneId","required":false,"transform":{"type":"scalar"},"locs":[{"a":1270,"b":1277}]}],"statement":"WITH cover AS (\n  SELECT (CAST(:now! AS timestamptz) AT TIME ZONE s.time_zone)::date AS day\n  FROM sites s\n  WHERE s.id = ANY(CAST(:siteIds! AS uuid[]))\n  ORDER BY s.id\n  LIMIT 1\n), task AS MATERIALIZED (\n  SELECT t.id, t.client_id, t.mentor_id, t.task_date::text AS task_date, t.reasons, t.status::text AS status, t.version,\n         t.claimed_by_id, t.claimed_phone_id, c.site_id, s.time_zone, s.country_id, c.enrolment_date::text AS enrolment_date\n  FROM call_tasks t\n  JOIN clients c ON c.id = t.client_id\n  JOIN sites s ON s.id = c.site_id\n  WHERE t.id = CAST(:taskId! AS uuid)\n    AND (c.mentor_id = CAST(:userId! AS uuid)\n         OR (t.task_date = (SELECT day FROM cover)\n             AND c.site_id = ANY(CAST(:siteIds! AS uuid[]))\n             AND EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = c.mentor_id AND (SELECT day FROM cover) BETWEEN l.start_date AND l.end_date)\n             AND (t.mentor_id = CAST(:userId! AS uuid)\n                  OR EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = t.mentor_id AND (SELECT day FROM cover) BETWEEN l.start_date AND l.end_date))))\n  FOR UPDATE OF t\n), phone AS MATERIALIZED (\n  SELECT p.id, p.number\n  FROM client_phones p, task\n  WHERE p.client_id = task.client_id\n  ORDER BY (p.id = COALESCE(CAST(:phoneId AS uuid), CASE WHEN task.claimed_by_id = CAST(:userId! AS uuid) THEN task.claimed_phone_id END)) DESC NULLS LAST,\n           p.is_primary DESC, p.id ASC\n  LIMIT 1\n)\nSELECT task.*, co.settings,\n       ARRAY(SELECT h.date::text FROM public_holidays h\n             WHERE h.country_id = task.country_id\n               AND h.date BETWEEN CAST(:now! AS timestamptz)::date - 62 AND CAST(:now! AS timestamptz)::date + 62\n             ORDER BY h.date) AS holidays,\n       phone.id AS phone_id, phone.number AS phone_number,\n       CASE WHEN phone.number IS NOT NULL THEN pg_advisory_xact_lock(hashtext('phone:' || phone.number)) IS NOT NULL END AS phone_locked\nFROM task\nJOIN countries co ON co.id = task.country_id\nLEFT JOIN phone ON TRUE"};

/**
 * Query generated from SQL:
 * ```
 * WITH cover AS (
 *   SELECT (CAST(:now! AS timestamptz) AT TIME ZONE s.time_zone)::date AS day
 *   FROM sites s
 *   WHERE s.id = ANY(CAST(:siteIds! AS uuid[]))
 *   ORDER BY s.id
 *   LIMIT 1
 * ), task AS MATERIALIZED (
 *   SELECT t.id, t.client_id, t.mentor_id, t.task_date::text AS task_date, t.reasons, t.status::text AS status, t.version,
 *          t.claimed_by_id, t.claimed_phone_id, c.site_id, s.time_zone, s.country_id, c.enrolment_date::text AS enrolment_date
 *   FROM call_tasks t
 *   JOIN clients c ON c.id = t.client_id
 *   JOIN sites s ON s.id = c.site_id
 *   WHERE t.id = CAST(:taskId! AS uuid)
 *     AND (c.mentor_id = CAST(:userId! AS uuid)
 *          OR (t.task_date = (SELECT day FROM cover)
 *              AND c.site_id = ANY(CAST(:siteIds! AS uuid[]))
 *              AND EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = c.mentor_id AND (SELECT day FROM cover) BETWEEN l.start_date AND l.end_date)
 *              AND (t.mentor_id = CAST(:userId! AS uuid)
 *                   OR EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = t.mentor_id AND (SELECT day FROM cover) BETWEEN l.start_date AND l.end_date))))
 *   FOR UPDATE OF t
 * ), phone AS MATERIALIZED (
 *   SELECT p.id, p.number
 *   FROM client_phones p, task
 *   WHERE p.client_id = task.client_id
 *   ORDER BY (p.id = COALESCE(CAST(:phoneId AS uuid), CASE WHEN task.claimed_by_id = CAST(:userId! AS uuid) THEN task.claimed_phone_id END)) DESC NULLS LAST,
 *            p.is_primary DESC, p.id ASC
 *   LIMIT 1
 * )
 * SELECT task.*, co.settings,
 *        ARRAY(SELECT h.date::text FROM public_holidays h
 *              WHERE h.country_id = task.country_id
 *                AND h.date BETWEEN CAST(:now! AS timestamptz)::date - 62 AND CAST(:now! AS timestamptz)::date + 62
 *              ORDER BY h.date) AS holidays,
 *        phone.id AS phone_id, phone.number AS phone_number,
 *        CASE WHEN phone.number IS NOT NULL THEN pg_advisory_xact_lock(hashtext('phone:' || phone.number)) IS NOT NULL END AS phone_locked
 * FROM task
 * JOIN countries co ON co.id = task.country_id
 * LEFT JOIN phone ON TRUE
 * ```
 */
export const lockMentorTask = new PreparedQuery<ILockMentorTaskParams,ILockMentorTaskResult>(lockMentorTaskIR);


/** 'AttemptCounts' parameters type */
export interface IAttemptCountsParams {
  dayStart: DateOrString;
  key: string;
  phoneNumber?: string | null | void;
  taskId: string;
}

/** 'AttemptCounts' return type */
export interface IAttemptCountsResult {
  attempts: number | null;
  calls_today: number | null;
  first_attempt_at: Date | null;
  stored_id: string | null;
}

/** 'AttemptCounts' query type */
export interface IAttemptCountsQuery {
  params: IAttemptCountsParams;
  result: IAttemptCountsResult;
}

const attemptCountsIR: any = {"usedParamSet":{"taskId":true,"key":true,"dayStart":true,"phoneNumber":true},"params":[{"name":"taskId","required":true,"transform":{"type":"scalar"},"locs":[{"a":91,"b":98}]},{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":570,"b":574}]},{"name":"dayStart","required":true,"transform":{"type":"scalar"},"locs":[{"a":734,"b":743},{"a":922,"b":931}]},{"name":"phoneNumber","required":false,"transform":{"type":"scalar"},"locs":[{"a":781,"b":792},{"a":969,"b":980}]}],"statement":"WITH task AS (\n  SELECT t.id, t.client_id, t.task_date FROM call_tasks t WHERE t.id = CAST(:taskId! AS uuid)\n), earlier AS (\n  SELECT e.id, e.status, e.task_date\n  FROM call_tasks e, task\n  WHERE e.client_id = task.client_id AND e.task_date < task.task_date\n  ORDER BY e.task_date DESC\n  LIMIT 60\n), chain AS (\n  SELECT id FROM task\n  UNION ALL\n  SELECT e.id FROM earlier e\n  WHERE e.task_date > COALESCE((SELECT max(x.task_date) FROM earlier x WHERE x.status <> 'CARRIED_OVER'), '-infinity'::date)\n)\nSELECT\n  (SELECT a.id FROM call_attempts a WHERE a.idempotency_key = :key!) AS stored_id,\n  (SELECT count(*)::int FROM call_attempts a JOIN client_phones p ON p.id = a.phone_id\n   WHERE a.corrects_id IS NULL AND a.created_at >= CAST(:dayStart! AS timestamptz) AND p.number = CAST(:phoneNumber AS text))\n  + (SELECT count(*)::int FROM back_checks b JOIN client_phones p ON p.id = b.phone_id\n     WHERE b.called_at >= CAST(:dayStart! AS timestamptz) AND p.number = CAST(:phoneNumber AS text)) AS calls_today,\n  (SELECT count(*)::int FROM call_attempts a WHERE a.task_id IN (SELECT id FROM chain) AND a.corrects_id IS NULL) AS attempts,\n  (SELECT min(a.created_at) FROM call_attempts a WHERE a.task_id IN (SELECT id FROM chain) AND a.corrects_id IS NULL) AS first_attempt_at"};

/**
 * Query generated from SQL:
 * ```
 * WITH task AS (
 *   SELECT t.id, t.client_id, t.task_date FROM call_tasks t WHERE t.id = CAST(:taskId! AS uuid)
 * ), earlier AS (
 *   SELECT e.id, e.status, e.task_date
 *   FROM call_tasks e, task
 *   WHERE e.client_id = task.client_id AND e.task_date < task.task_date
 *   ORDER BY e.task_date DESC
 *   LIMIT 60
 * ), chain AS (
 *   SELECT id FROM task
 *   UNION ALL
 *   SELECT e.id FROM earlier e
 *   WHERE e.task_date > COALESCE((SELECT max(x.task_date) FROM earlier x WHERE x.status <> 'CARRIED_OVER'), '-infinity'::date)
 * )
 * SELECT
 *   (SELECT a.id FROM call_attempts a WHERE a.idempotency_key = :key!) AS stored_id,
 *   (SELECT count(*)::int FROM call_attempts a JOIN client_phones p ON p.id = a.phone_id
 *    WHERE a.corrects_id IS NULL AND a.created_at >= CAST(:dayStart! AS timestamptz) AND p.number = CAST(:phoneNumber AS text))
 *   + (SELECT count(*)::int FROM back_checks b JOIN client_phones p ON p.id = b.phone_id
 *      WHERE b.called_at >= CAST(:dayStart! AS timestamptz) AND p.number = CAST(:phoneNumber AS text)) AS calls_today,
 *   (SELECT count(*)::int FROM call_attempts a WHERE a.task_id IN (SELECT id FROM chain) AND a.corrects_id IS NULL) AS attempts,
 *   (SELECT min(a.created_at) FROM call_attempts a WHERE a.task_id IN (SELECT id FROM chain) AND a.corrects_id IS NULL) AS first_attempt_at
 * ```
 */
export const attemptCounts = new PreparedQuery<IAttemptCountsParams,IAttemptCountsResult>(attemptCountsIR);


/** 'InsertAttempt' parameters type */
export interface IInsertAttemptParams {
  callbackAt?: DateOrString | null | void;
  clientId: string;
  details: string;
  disposition: Disposition;
  flagPhone?: string | null | void;
  key: string;
  mentorId: string;
  now: DateOrString;
  phoneId?: string | null | void;
  reached: boolean;
  taskId: string;
}

/** 'InsertAttempt' return type */
export interface IInsertAttemptResult {
  id: string;
}

/** 'InsertAttempt' query type */
export interface IInsertAttemptQuery {
  params: IInsertAttemptParams;
  result: IInsertAttemptResult;
}

const insertAttemptIR: any = {"usedParamSet":{"taskId":true,"clientId":true,"mentorId":true,"phoneId":true,"disposition":true,"details":true,"callbackAt":true,"key":true,"now":true,"reached":true,"flagPhone":true},"params":[{"name":"taskId","required":true,"transform":{"type":"scalar"},"locs":[{"a":176,"b":183}]},{"name":"clientId","required":true,"transform":{"type":"scalar"},"locs":[{"a":200,"b":209},{"a":626,"b":635}]},{"name":"mentorId","required":true,"transform":{"type":"scalar"},"locs":[{"a":226,"b":235}]},{"name":"phoneId","required":false,"transform":{"type":"scalar"},"locs":[{"a":252,"b":259},{"a":827,"b":834}]},{"name":"disposition","required":true,"transform":{"type":"scalar"},"locs":[{"a":276,"b":288}]},{"name":"details","required":true,"transform":{"type":"scalar"},"locs":[{"a":329,"b":337}]},{"name":"callbackAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":364,"b":374}]},{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":398,"b":402}]},{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":425,"b":429},{"a":566,"b":570}]},{"name":"reached","required":true,"transform":{"type":"scalar"},"locs":[{"a":655,"b":663}]},{"name":"flagPhone","required":false,"transform":{"type":"scalar"},"locs":[{"a":780,"b":789},{"a":854,"b":863}]}],"statement":"WITH ins AS (\n  INSERT INTO call_attempts (task_id, client_id, mentor_id, phone_id, disposition, details, callback_at, idempotency_key, corrects_id, created_at)\n  VALUES (CAST(:taskId! AS uuid), CAST(:clientId! AS uuid), CAST(:mentorId! AS uuid), CAST(:phoneId AS uuid), CAST(:disposition! AS \"Disposition\"),\n          CAST(CAST(:details! AS text) AS jsonb), CAST(:callbackAt AS timestamptz), CAST(:key! AS text), NULL, CAST(:now! AS timestamptz))\n  ON CONFLICT (idempotency_key) DO NOTHING\n  RETURNING id\n), reached AS (\n  UPDATE clients SET last_reached_at = CAST(:now! AS timestamptz), updated_at = now()\n  WHERE id = CAST(:clientId! AS uuid) AND CAST(:reached! AS boolean) AND EXISTS (SELECT 1 FROM ins)\n  RETURNING id\n), flagged AS (\n  UPDATE client_phones SET status = CAST(:flagPhone AS \"PhoneStatus\")\n  WHERE id = CAST(:phoneId AS uuid) AND CAST(:flagPhone AS text) IS NOT NULL AND EXISTS (SELECT 1 FROM ins)\n  RETURNING id\n)\nSELECT ins.id FROM ins"};

/**
 * Query generated from SQL:
 * ```
 * WITH ins AS (
 *   INSERT INTO call_attempts (task_id, client_id, mentor_id, phone_id, disposition, details, callback_at, idempotency_key, corrects_id, created_at)
 *   VALUES (CAST(:taskId! AS uuid), CAST(:clientId! AS uuid), CAST(:mentorId! AS uuid), CAST(:phoneId AS uuid), CAST(:disposition! AS "Disposition"),
 *           CAST(CAST(:details! AS text) AS jsonb), CAST(:callbackAt AS timestamptz), CAST(:key! AS text), NULL, CAST(:now! AS timestamptz))
 *   ON CONFLICT (idempotency_key) DO NOTHING
 *   RETURNING id
 * ), reached AS (
 *   UPDATE clients SET last_reached_at = CAST(:now! AS timestamptz), updated_at = now()
 *   WHERE id = CAST(:clientId! AS uuid) AND CAST(:reached! AS boolean) AND EXISTS (SELECT 1 FROM ins)
 *   RETURNING id
 * ), flagged AS (
 *   UPDATE client_phones SET status = CAST(:flagPhone AS "PhoneStatus")
 *   WHERE id = CAST(:phoneId AS uuid) AND CAST(:flagPhone AS text) IS NOT NULL AND EXISTS (SELECT 1 FROM ins)
 *   RETURNING id
 * )
 * SELECT ins.id FROM ins
 * ```
 */
export const insertAttempt = new PreparedQuery<IInsertAttemptParams,IInsertAttemptResult>(insertAttemptIR);


