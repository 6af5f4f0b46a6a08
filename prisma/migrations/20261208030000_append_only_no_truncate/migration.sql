-- Append-only must hold against TRUNCATE too (issue 13, item 11): audit_events already refuses it,
-- call attempts and tracing outcomes now do as well (statement-level triggers, same function).
CREATE TRIGGER "call_attempts_no_truncate" BEFORE TRUNCATE ON "call_attempts"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "tracing_outcomes_no_truncate" BEFORE TRUNCATE ON "tracing_outcomes"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
