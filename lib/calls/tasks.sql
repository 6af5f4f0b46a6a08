/* @name FinishAttempt */
UPDATE call_tasks
SET status = CAST(:status! AS "TaskStatus"), attempts = :attempts!, next_attempt_at = :nextAttemptAt,
    claimed_by_id = NULL, claimed_at = NULL, claimed_phone_id = NULL, version = version + 1, updated_at = now()
WHERE id = :taskId! AND version = :version!
RETURNING id;
