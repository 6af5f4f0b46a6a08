/* @name RecordAttempt */
WITH ins AS (
  INSERT INTO call_attempts (task_id, client_id, mentor_id, phone_id, disposition, details, callback_at, idempotency_key, corrects_id, created_at)
  VALUES (CAST(:taskId! AS uuid), CAST(:clientId! AS uuid), CAST(:mentorId! AS uuid), CAST(:phoneId AS uuid), CAST(:disposition! AS "Disposition"),
          CAST(CAST(:details! AS text) AS jsonb), CAST(:callbackAt AS timestamptz), CAST(:key! AS text), CAST(:correctsId AS uuid), CAST(:now! AS timestamptz))
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id
), task AS (
  UPDATE call_tasks
  SET status = CAST(:status! AS "TaskStatus"), attempts = :attempts!, next_attempt_at = :nextAttemptAt,
      claimed_by_id = NULL, claimed_at = NULL, claimed_phone_id = NULL, version = version + 1, updated_at = now()
  WHERE id = CAST(:taskId! AS uuid) AND version = :version! AND EXISTS (SELECT 1 FROM ins)
  RETURNING id, status
), opened AS (
  INSERT INTO escalations (client_id, cause, task_id, reasons, opened_at, opened_day)
  SELECT CAST(:clientId! AS uuid), CAST(:cause! AS text), task.id, CAST(:reasons! AS text[]), CAST(:now! AS timestamptz), CAST(:day! AS date)
  FROM task
  WHERE task.status = 'ESCALATED'
  ON CONFLICT (client_id, cause) WHERE status IN ('OPEN', 'REFERRED') DO NOTHING
  RETURNING id
), closed AS (
  UPDATE escalations
  SET status = 'CLOSED', resolution = 'corrected', resolved_at = CAST(:now! AS timestamptz), version = version + 1
  WHERE task_id = CAST(:taskId! AS uuid) AND status = 'OPEN' AND EXISTS (SELECT 1 FROM task WHERE task.status <> 'ESCALATED')
  RETURNING id
), reached AS (
  UPDATE clients SET last_reached_at = CAST(:now! AS timestamptz), updated_at = now()
  WHERE id = CAST(:clientId! AS uuid) AND CAST(:reached! AS boolean) AND EXISTS (SELECT 1 FROM task)
  RETURNING id
), flagged AS (
  UPDATE client_phones SET status = CAST(:flagPhone AS "PhoneStatus")
  WHERE id = CAST(:phoneId AS uuid) AND CAST(:flagPhone AS text) IS NOT NULL AND EXISTS (SELECT 1 FROM task)
  RETURNING id
)
SELECT ins.id, (SELECT task.id FROM task) AS task_id, (SELECT opened.id FROM opened) AS escalation_id
FROM ins;
