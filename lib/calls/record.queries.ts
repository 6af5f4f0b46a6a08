/** Types generated for queries found in "lib/calls/record.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

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
  key: string;
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
  stored_disposition: string | null;
  stored_id: string;
  stored_mentor_id: string;
  stored_next_attempt_at: Date | null;
  stored_task_id: string;
  stored_task_status: string | null;
  task_date: string | null;
  time_zone: string;
  version: number;
}

/** 'LockMentorTask' query type */
export interface ILockMentorTaskQuery {
  params: ILockMentorTaskParams;
  result: ILockMentorTaskResult;
}

const lockMentorTaskIR: any = {"usedParamSet":{"key":true,"now":true,"siteIds":true,"taskId":true,"userId":true,"phoneId":true},"params":[{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":232,"b":236}]},{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":267,"b":271},{"a":2135,"b":2139},{"a":2177,"b":2181}]},{"name":"siteIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":367,"b":375},{"a":992,"b":1000}]},{"name":"taskId","required":true,"transform":{"type":"scalar"},"locs":[{"a":801,"b":808}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":885,"b":892},{"a":1201,"b":1208},{"a":1599,"b":1606}]},{"name":"phoneId","required":false,"transform":{"type":"scalar"},"locs":[{"a":1544,"b":1551}]}],"statement":"WITH stored AS (\n  SELECT a.id, a.task_id, a.disposition::text AS disposition, a.mentor_id, t.status::text AS task_status, t.next_attempt_at\n  FROM call_attempts a\n  JOIN call_tasks t ON t.id = a.task_id\n  WHERE a.idempotency_key = :key!\n), cover AS (\n  SELECT (CAST(:now! AS timestamptz) AT TIME ZONE s.time_zone)::date AS day\n  FROM sites s\n  WHERE s.id = ANY(CAST(:siteIds! AS uuid[]))\n  ORDER BY s.id\n  LIMIT 1\n), task AS MATERIALIZED (\n  SELECT t.id, t.client_id, t.mentor_id, t.task_date::text AS task_date, t.reasons, t.status::text AS status, t.version,\n         t.claimed_by_id, t.claimed_phone_id, c.site_id, s.time_zone, s.country_id, c.enrolment_date::text AS enrolment_date\n  FROM call_tasks t\n  JOIN clients c ON c.id = t.client_id\n  JOIN sites s ON s.id = c.site_id\n  WHERE t.id = CAST(:taskId! AS uuid) AND NOT EXISTS (SELECT 1 FROM stored)\n    AND (c.mentor_id = CAST(:userId! AS uuid)\n         OR (t.task_date = (SELECT day FROM cover)\n             AND c.site_id = ANY(CAST(:siteIds! AS uuid[]))\n             AND EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = c.mentor_id AND (SELECT day FROM cover) BETWEEN l.start_date AND l.end_date)\n             AND (t.mentor_id = CAST(:userId! AS uuid)\n                  OR EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = t.mentor_id AND (SELECT day FROM cover) BETWEEN l.start_date AND l.end_date))))\n  FOR UPDATE OF t\n), phone AS MATERIALIZED (\n  SELECT p.id, p.number\n  FROM client_phones p, task\n  WHERE p.client_id = task.client_id\n  ORDER BY (p.id = COALESCE(CAST(:phoneId AS uuid), CASE WHEN task.claimed_by_id = CAST(:userId! AS uuid) THEN task.claimed_phone_id END)) DESC NULLS LAST,\n           p.is_primary DESC, p.id ASC\n  LIMIT 1\n)\nSELECT stored.id AS stored_id, stored.task_id AS stored_task_id, stored.disposition AS stored_disposition,\n       stored.mentor_id AS stored_mentor_id, stored.task_status AS stored_task_status, stored.next_attempt_at AS stored_next_attempt_at,\n       task.*, co.settings,\n       ARRAY(SELECT h.date::text FROM public_holidays h\n             WHERE h.country_id = task.country_id\n               AND h.date BETWEEN CAST(:now! AS timestamptz)::date - 62 AND CAST(:now! AS timestamptz)::date + 62\n             ORDER BY h.date) AS holidays,\n       phone.id AS phone_id, phone.number AS phone_number,\n       CASE WHEN phone.number IS NOT NULL THEN pg_advisory_xact_lock(hashtext('phone:' || phone.number)) IS NOT NULL END AS phone_locked\nFROM (SELECT 1) AS one\nLEFT JOIN stored ON TRUE\nLEFT JOIN (task JOIN countries co ON co.id = task.country_id) ON TRUE\nLEFT JOIN phone ON TRUE\nWHERE stored.id IS NOT NULL OR task.id IS NOT NULL"};

/**
 * Query generated from SQL:
 * ```
 * WITH stored AS (
 *   SELECT a.id, a.task_id, a.disposition::text AS disposition, a.mentor_id, t.status::text AS task_status, t.next_attempt_at
 *   FROM call_attempts a
 *   JOIN call_tasks t ON t.id = a.task_id
 *   WHERE a.idempotency_key = :key!
 * ), cover AS (
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
 *   WHERE t.id = CAST(:taskId! AS uuid) AND NOT EXISTS (SELECT 1 FROM stored)
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
 * SELECT stored.id AS stored_id, stored.task_id AS stored_task_id, stored.disposition AS stored_disposition,
 *        stored.mentor_id AS stored_mentor_id, stored.task_status AS stored_task_status, stored.next_attempt_at AS stored_next_attempt_at,
 *        task.*, co.settings,
 *        ARRAY(SELECT h.date::text FROM public_holidays h
 *              WHERE h.country_id = task.country_id
 *                AND h.date BETWEEN CAST(:now! AS timestamptz)::date - 62 AND CAST(:now! AS timestamptz)::date + 62
 *              ORDER BY h.date) AS holidays,
 *        phone.id AS phone_id, phone.number AS phone_number,
 *        CASE WHEN phone.number IS NOT NULL THEN pg_advisory_xact_lock(hashtext('phone:' || phone.number)) IS NOT NULL END AS phone_locked
 * FROM (SELECT 1) AS one
 * LEFT JOIN stored ON TRUE
 * LEFT JOIN (task JOIN countries co ON co.id = task.country_id) ON TRUE
 * LEFT JOIN phone ON TRUE
 * WHERE stored.id IS NOT NULL OR task.id IS NOT NULL
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


