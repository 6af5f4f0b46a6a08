-- Issue 12/17: attendance after a reminder (lib/reports/programme-reminder-sql.ts) is kept in the
-- report roll-up with the other programme figures (kind 'programme', decision 044): the programme
-- page read it live, which cost a finished month about 1.3 s of its 2 s at 1M clients. It reads
-- appointments (already watched) and the latest status of each appointment reminder: a status
-- event on such a message (messages and message_events are append-only, so an INSERT of an event
-- is the only change) forgets the kept programme figures of the client's site from the
-- appointment's day. The kept programme rows change shape (programme figures and reminder
-- attendance together), so the ones kept so far are dropped.
DELETE FROM "report_rollups" WHERE "kind" = 'programme';

CREATE FUNCTION "report_rollups_forget_message_events"() RETURNS trigger LANGUAGE plpgsql AS
  E'DECLARE s UUID[]\073 d DATE[]\073 BEGIN PERFORM pg_advisory_xact_lock_shared(20261210)\073 IF NOT EXISTS (SELECT 1 FROM report_rollups) THEN RETURN NULL\073 END IF\073 SELECT array_agg(c.site_id), array_agg(a.date) INTO s, d FROM new_rows e JOIN messages m ON m.id = e.message_id JOIN appointments a ON a.id = m.appointment_id JOIN clients c ON c.id = m.client_id\073 IF s IS NOT NULL THEN PERFORM report_rollups_forget(ARRAY[''programme''], s, d)\073 END IF\073 RETURN NULL\073 END\073';
CREATE TRIGGER "message_events_report_rollups_insert" AFTER INSERT ON "message_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_message_events"();
