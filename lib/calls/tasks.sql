/* @name FinishAttempt */
WITH task AS (
  UPDATE call_tasks
  SET status = CAST(:status! AS "TaskStatus"), attempts = :attempts!, next_attempt_at = :nextAttemptAt,
      claimed_by_id = NULL, claimed_at = NULL, claimed_phone_id = NULL, version = version + 1, updated_at = now()
  WHERE id = CAST(:taskId! AS uuid) AND version = :version!
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
)
SELECT task.id, (SELECT opened.id FROM opened) AS escalation_id
FROM task;
