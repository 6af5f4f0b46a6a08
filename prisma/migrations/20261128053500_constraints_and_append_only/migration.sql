-- Hand-written: what Prisma's schema language cannot express (docs/decisions/004-data-model.md).

-- Every active client has at most one open assignment.
CREATE UNIQUE INDEX "assignments_one_open_per_client" ON "assignments" ("client_id") WHERE "end_at" IS NULL;

-- No CHECK constraints here: Prisma 6.19's WebAssembly schema engine panics ("unreachable") when
-- it introspects them during `migrate dev`. Ranges are enforced by the zod schemas instead.

-- Audit events and call attempts are append-only.
-- Prisma's schema engine splits migration scripts on every semicolon, even inside dollar quotes,
-- so the function body is an E-string with the semicolons written as \073.
CREATE FUNCTION "refuse_change"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''% rows are append-only'', TG_TABLE_NAME USING ERRCODE = ''insufficient_privilege''\073 END\073';
CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "call_attempts_append_only" BEFORE UPDATE OR DELETE ON "call_attempts"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
