-- Issue 11, B5: the coverage roll-up. One row per Mentor Mother and finished site-local day with
-- the figures of lib/coverage/definitions.ts for that day (zeros included), counted in the time zone
-- tz, written by lib/coverage/rollup.ts from the coverage statement itself. The statement reads a
-- row instead of the day's tasks and calls when it holds one for the same time zone. A change that
-- touches a finished day - a task inserted, moved, re-statused or deleted, a call or a correction
-- recorded late - deletes the rows of the days it touches (the triggers below), so that day is
-- counted from the tasks and calls again until the next finalisation writes it anew. The triggers
-- take a shared advisory lock and the finalisation the exclusive one: a change committing while a
-- day is being finalised is never lost. Statement-level triggers with transition tables: one
-- DELETE per statement, so a day's generation (100,000 tasks in one INSERT) pays once.
CREATE TABLE "coverage_days" (
  "mentor_id" UUID NOT NULL,
  "day" DATE NOT NULL,
  "tz" TEXT NOT NULL,
  "due" INTEGER NOT NULL DEFAULT 0,
  "attempted" INTEGER NOT NULL DEFAULT 0,
  "reached" INTEGER NOT NULL DEFAULT 0,
  "carried_over" INTEGER NOT NULL DEFAULT 0,
  "escalated" INTEGER NOT NULL DEFAULT 0,
  "calls" INTEGER NOT NULL DEFAULT 0,
  "opt_outs" INTEGER NOT NULL DEFAULT 0,
  "wrong_numbers" INTEGER NOT NULL DEFAULT 0,
  "d_reached" INTEGER NOT NULL DEFAULT 0,
  "d_no_answer" INTEGER NOT NULL DEFAULT 0,
  "d_busy" INTEGER NOT NULL DEFAULT 0,
  "d_unreachable" INTEGER NOT NULL DEFAULT 0,
  "d_voicemail" INTEGER NOT NULL DEFAULT 0,
  "d_wrong_number" INTEGER NOT NULL DEFAULT 0,
  "d_not_in_service" INTEGER NOT NULL DEFAULT 0,
  "d_call_dropped" INTEGER NOT NULL DEFAULT 0,
  "d_answered_by_other" INTEGER NOT NULL DEFAULT 0,
  "d_callback_requested" INTEGER NOT NULL DEFAULT 0,
  "d_declined" INTEGER NOT NULL DEFAULT 0,
  "d_opted_out" INTEGER NOT NULL DEFAULT 0,
  "finalised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "coverage_days_pkey" PRIMARY KEY ("mentor_id", "day"),
  CONSTRAINT "coverage_days_mentor_id_fkey" FOREIGN KEY ("mentor_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE FUNCTION "coverage_days_forget_tasks"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN PERFORM pg_advisory_xact_lock_shared(20261209)\073 IF TG_OP <> ''INSERT'' THEN DELETE FROM coverage_days d USING (SELECT DISTINCT mentor_id, task_date FROM old_rows) x WHERE d.mentor_id = x.mentor_id AND d.day = x.task_date\073 END IF\073 IF TG_OP <> ''DELETE'' THEN DELETE FROM coverage_days d USING (SELECT DISTINCT mentor_id, task_date FROM new_rows) x WHERE d.mentor_id = x.mentor_id AND d.day = x.task_date\073 END IF\073 RETURN NULL\073 END\073';
CREATE TRIGGER "call_tasks_coverage_insert" AFTER INSERT ON "call_tasks"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "coverage_days_forget_tasks"();
CREATE TRIGGER "call_tasks_coverage_update" AFTER UPDATE ON "call_tasks"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "coverage_days_forget_tasks"();
CREATE TRIGGER "call_tasks_coverage_delete" AFTER DELETE ON "call_tasks"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "coverage_days_forget_tasks"();

-- A call counts for its task's day (attempted, reached) and for its own day (calls, dispositions),
-- a correction for those of the call it corrects. The call's own day is site-local: the UTC day
-- and the days either side cover every time zone.
CREATE FUNCTION "coverage_days_forget_calls"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN PERFORM pg_advisory_xact_lock_shared(20261209)\073 DELETE FROM coverage_days d USING (SELECT t.mentor_id, t.task_date AS day FROM new_rows n JOIN call_attempts o ON o.id = coalesce(n.corrects_id, n.id) JOIN call_tasks t ON t.id = o.task_id UNION SELECT o.mentor_id, (o.created_at AT TIME ZONE ''UTC'')::date + k FROM new_rows n JOIN call_attempts o ON o.id = coalesce(n.corrects_id, n.id) CROSS JOIN generate_series(-1, 1) AS k) x WHERE d.mentor_id = x.mentor_id AND d.day = x.day\073 RETURN NULL\073 END\073';
CREATE TRIGGER "call_attempts_coverage_insert" AFTER INSERT ON "call_attempts"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "coverage_days_forget_calls"();

CREATE FUNCTION "coverage_days_forget_all"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN DELETE FROM coverage_days\073 RETURN NULL\073 END\073';
CREATE TRIGGER "call_tasks_coverage_truncate" AFTER TRUNCATE ON "call_tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION "coverage_days_forget_all"();
CREATE TRIGGER "call_attempts_coverage_truncate" AFTER TRUNCATE ON "call_attempts"
  FOR EACH STATEMENT EXECUTE FUNCTION "coverage_days_forget_all"();
