/* @name StoredAttempt */
SELECT a.id, a.task_id, a.disposition::text AS disposition, a.mentor_id, t.status::text AS task_status, t.next_attempt_at
FROM call_attempts a
JOIN call_tasks t ON t.id = a.task_id
WHERE a.idempotency_key = :key!;

/* @name LockMentorTask */
WITH cover AS (
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
  WHERE t.id = CAST(:taskId! AS uuid)
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
SELECT task.*, co.settings,
       ARRAY(SELECT h.date::text FROM public_holidays h
             WHERE h.country_id = task.country_id
               AND h.date BETWEEN CAST(:now! AS timestamptz)::date - 62 AND CAST(:now! AS timestamptz)::date + 62
             ORDER BY h.date) AS holidays,
       phone.id AS phone_id, phone.number AS phone_number,
       CASE WHEN phone.number IS NOT NULL THEN pg_advisory_xact_lock(hashtext('phone:' || phone.number)) IS NOT NULL END AS phone_locked
FROM task
JOIN countries co ON co.id = task.country_id
LEFT JOIN phone ON TRUE;

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

/* @name InsertAttempt */
WITH ins AS (
  INSERT INTO call_attempts (task_id, client_id, mentor_id, phone_id, disposition, details, callback_at, idempotency_key, corrects_id, created_at)
  VALUES (CAST(:taskId! AS uuid), CAST(:clientId! AS uuid), CAST(:mentorId! AS uuid), CAST(:phoneId AS uuid), CAST(:disposition! AS "Disposition"),
          CAST(CAST(:details! AS text) AS jsonb), CAST(:callbackAt AS timestamptz), CAST(:key! AS text), NULL, CAST(:now! AS timestamptz))
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id
), reached AS (
  UPDATE clients SET last_reached_at = CAST(:now! AS timestamptz), updated_at = now()
  WHERE id = CAST(:clientId! AS uuid) AND CAST(:reached! AS boolean) AND EXISTS (SELECT 1 FROM ins)
  RETURNING id
), flagged AS (
  UPDATE client_phones SET status = CAST(:flagPhone AS "PhoneStatus")
  WHERE id = CAST(:phoneId AS uuid) AND CAST(:flagPhone AS text) IS NOT NULL AND EXISTS (SELECT 1 FROM ins)
  RETURNING id
)
SELECT ins.id FROM ins;
