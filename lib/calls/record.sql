/* @name StoredAttempt */
SELECT a.id, a.task_id, a.disposition::text AS disposition, a.mentor_id, t.status::text AS task_status, t.next_attempt_at
FROM call_attempts a
JOIN call_tasks t ON t.id = a.task_id
WHERE a.idempotency_key = :key!;

/* @name LockMentorTask */
WITH stored AS (
  SELECT a.id, a.task_id, a.disposition::text AS disposition, a.mentor_id, t.status::text AS task_status, t.next_attempt_at
  FROM call_attempts a
  JOIN call_tasks t ON t.id = a.task_id
  WHERE a.idempotency_key = :key!
), cover AS (
  SELECT (CAST(:now! AS timestamptz) AT TIME ZONE s.time_zone)::date AS day
  FROM sites s
  WHERE s.id = ANY(CAST(:siteIds! AS uuid[]))
  ORDER BY s.id
  LIMIT 1
), task AS MATERIALIZED (
  SELECT t.id, t.client_id, t.mentor_id, t.task_date::text AS task_date, t.reasons, t.status::text AS status, t.version,
         t.claimed_by_id, t.claimed_phone_id, c.site_id, s.time_zone, s.country_id, c.enrolment_date::text AS enrolment_date
  FROM call_tasks t
  JOIN clients c ON c.id = t.client_id
  JOIN sites s ON s.id = c.site_id
  WHERE t.id = CAST(:taskId! AS uuid) AND NOT EXISTS (SELECT 1 FROM stored)
    AND (c.mentor_id = CAST(:userId! AS uuid)
         OR (t.task_date = (SELECT day FROM cover)
             AND c.site_id = ANY(CAST(:siteIds! AS uuid[]))
             AND EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = c.mentor_id AND (SELECT day FROM cover) BETWEEN l.start_date AND l.end_date)
             AND (t.mentor_id = CAST(:userId! AS uuid)
                  OR EXISTS (SELECT 1 FROM mentor_leaves l WHERE l.user_id = t.mentor_id AND (SELECT day FROM cover) BETWEEN l.start_date AND l.end_date))))
  FOR UPDATE OF t
), phone AS MATERIALIZED (
  SELECT p.id, p.number
  FROM client_phones p, task
  WHERE p.client_id = task.client_id
  ORDER BY (p.id = COALESCE(CAST(:phoneId AS uuid), CASE WHEN task.claimed_by_id = CAST(:userId! AS uuid) THEN task.claimed_phone_id END)) DESC NULLS LAST,
           p.is_primary DESC, p.id ASC
  LIMIT 1
)
SELECT stored.id AS stored_id, stored.task_id AS stored_task_id, stored.disposition AS stored_disposition,
       stored.mentor_id AS stored_mentor_id, stored.task_status AS stored_task_status, stored.next_attempt_at AS stored_next_attempt_at,
       task.*, co.settings,
       ARRAY(SELECT h.date::text FROM public_holidays h
             WHERE h.country_id = task.country_id
               AND h.date BETWEEN CAST(:now! AS timestamptz)::date - 62 AND CAST(:now! AS timestamptz)::date + 62
             ORDER BY h.date) AS holidays,
       phone.id AS phone_id, phone.number AS phone_number,
       CASE WHEN phone.number IS NOT NULL THEN pg_advisory_xact_lock(hashtext('phone:' || phone.number)) IS NOT NULL END AS phone_locked
FROM (SELECT 1) AS one
LEFT JOIN stored ON TRUE
LEFT JOIN (task JOIN countries co ON co.id = task.country_id) ON TRUE
LEFT JOIN phone ON TRUE
WHERE stored.id IS NOT NULL OR task.id IS NOT NULL;

/* @name AttemptCounts */
WITH task AS (
  SELECT t.id, t.client_id, t.task_date FROM call_tasks t WHERE t.id = CAST(:taskId! AS uuid)
), earlier AS (
  SELECT e.id, e.status, e.task_date
  FROM call_tasks e, task
  WHERE e.client_id = task.client_id AND e.task_date < task.task_date
  ORDER BY e.task_date DESC
  LIMIT 60
), chain AS (
  SELECT id FROM task
  UNION ALL
  SELECT e.id FROM earlier e
  WHERE e.task_date > COALESCE((SELECT max(x.task_date) FROM earlier x WHERE x.status <> 'CARRIED_OVER'), '-infinity'::date)
)
SELECT
  (SELECT a.id FROM call_attempts a WHERE a.idempotency_key = :key!) AS stored_id,
  (SELECT count(*)::int FROM call_attempts a JOIN client_phones p ON p.id = a.phone_id
   WHERE a.corrects_id IS NULL AND a.created_at >= CAST(:dayStart! AS timestamptz) AND p.number = CAST(:phoneNumber AS text))
  + (SELECT count(*)::int FROM back_checks b JOIN client_phones p ON p.id = b.phone_id
     WHERE b.called_at >= CAST(:dayStart! AS timestamptz) AND p.number = CAST(:phoneNumber AS text)) AS calls_today,
  (SELECT count(*)::int FROM call_attempts a WHERE a.task_id IN (SELECT id FROM chain) AND a.corrects_id IS NULL) AS attempts,
  (SELECT min(a.created_at) FROM call_attempts a WHERE a.task_id IN (SELECT id FROM chain) AND a.corrects_id IS NULL) AS first_attempt_at;
