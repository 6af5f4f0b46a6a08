-- Issue 12, B10: the report roll-up (decision 044, lib/reports/rollup.ts). One row per report
-- statement, scope and finished period: the figures that statement returned (jsonb), written by the
-- statement itself the first time a finished period is asked for, `figures` NULL while it is being
-- computed (a claim). The reports read a row instead of running the statement again. A change that
-- could alter a period's figures - a client enrolled back-dated, an exit, a status change, an
-- appointment, a tracing outcome, a viral-load result, an infant, a task or a call on an old day -
-- deletes the rows of its sites whose period ends on or after the earliest day it touches (the
-- triggers below), claims included, so the next read computes that period again. The triggers take
-- a shared advisory lock and a claim the exclusive one: a change either commits before the claim
-- (and the statement, which starts after the claim, sees it) or deletes the claim.
-- Statement-level triggers with transition tables: each takes the lock, then leaves at once while
-- the table is empty.
CREATE TABLE "report_rollups" (
  "id" BIGSERIAL NOT NULL,
  "kind" TEXT NOT NULL,
  "key" TEXT NOT NULL,
  "period_to" DATE NOT NULL,
  "site_ids" UUID[],
  "country_id" UUID,
  "figures" JSONB,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "report_rollups_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "report_rollups_kind_key_key" ON "report_rollups" ("kind", "key");

-- x: (site_id, d) - a change at site site_id that can alter figures of periods ending on or after d.
-- kinds: the statements it can alter.
CREATE FUNCTION "report_rollups_forget"(kinds TEXT[], x_site UUID[], x_day DATE[]) RETURNS void LANGUAGE plpgsql AS
  E'BEGIN DELETE FROM report_rollups r USING (SELECT DISTINCT u.site_id, s.country_id, u.d FROM unnest(x_site, x_day) AS u(site_id, d) JOIN sites s ON s.id = u.site_id) x WHERE r.kind = ANY(kinds) AND r.period_to >= x.d AND (r.site_ids IS NULL OR x.site_id = ANY(r.site_ids)) AND (r.country_id IS NULL OR r.country_id = x.country_id)\073 END\073';

-- Clients. Enrolled or removed (statement-level: an import enrols thousands at once): from her
-- enrolment (or exit, or interruption) day, every period for a removed one. Changed (row-level,
-- only when a column the reports read changes - the WHEN clause costs the hot path nothing): a
-- changed site, category, sex, date of birth, ART start or breastfeeding flag alters every period
-- (the reports group by today's values), otherwise the earliest of the changed enrolment date, exit
-- day (enrolment-sql.ts exitDateSql) and interruption day.
CREATE FUNCTION "report_rollups_forget_clients"() RETURNS trigger LANGUAGE plpgsql AS
  E'DECLARE s UUID[]\073 d DATE[]\073 BEGIN PERFORM pg_advisory_xact_lock_shared(20261210)\073 IF NOT EXISTS (SELECT 1 FROM report_rollups) THEN RETURN NULL\073 END IF\073 IF TG_OP = ''INSERT'' THEN SELECT array_agg(n.site_id), array_agg(least(n.enrolment_date, CASE WHEN n.status = ''ACTIVE'' THEN NULL ELSE coalesce(n.status_date, n.enrolment_date) END, n.interruption_since)) INTO s, d FROM new_rows n\073 ELSE SELECT array_agg(o.site_id), array_agg(''-infinity''::date) INTO s, d FROM old_rows o\073 END IF\073 IF s IS NOT NULL THEN PERFORM report_rollups_forget(ARRAY[''enrolment'', ''outcomes'', ''programme'', ''callClients''], s, d)\073 END IF\073 RETURN NULL\073 END\073';
CREATE TRIGGER "clients_report_rollups_insert" AFTER INSERT ON "clients"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_clients"();
CREATE TRIGGER "clients_report_rollups_delete" AFTER DELETE ON "clients"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_clients"();

CREATE FUNCTION "report_rollups_forget_client_change"() RETURNS trigger LANGUAGE plpgsql AS
  E'DECLARE d DATE\073 BEGIN PERFORM pg_advisory_xact_lock_shared(20261210)\073 IF (OLD.site_id, OLD.category, OLD.sex, OLD.date_of_birth, OLD.art_start_date, OLD.breastfeeding) IS DISTINCT FROM (NEW.site_id, NEW.category, NEW.sex, NEW.date_of_birth, NEW.art_start_date, NEW.breastfeeding) THEN d := ''-infinity''\073 ELSE d := least(CASE WHEN OLD.enrolment_date <> NEW.enrolment_date THEN least(OLD.enrolment_date, NEW.enrolment_date) END, CASE WHEN (OLD.status, OLD.status_date, OLD.status_reason_code, OLD.enrolment_date) IS DISTINCT FROM (NEW.status, NEW.status_date, NEW.status_reason_code, NEW.enrolment_date) THEN least(CASE WHEN OLD.status = ''ACTIVE'' THEN NULL ELSE coalesce(OLD.status_date, OLD.enrolment_date) END, CASE WHEN NEW.status = ''ACTIVE'' THEN NULL ELSE coalesce(NEW.status_date, NEW.enrolment_date) END) END, CASE WHEN OLD.interruption_since IS DISTINCT FROM NEW.interruption_since THEN least(OLD.interruption_since, NEW.interruption_since) END)\073 END IF\073 IF d IS NOT NULL THEN PERFORM report_rollups_forget(ARRAY[''enrolment'', ''outcomes'', ''programme'', ''callClients''], ARRAY[OLD.site_id, NEW.site_id], ARRAY[d, d])\073 END IF\073 RETURN NULL\073 END\073';
CREATE TRIGGER "clients_report_rollups_update" AFTER UPDATE ON "clients" FOR EACH ROW
  WHEN ((OLD.site_id, OLD.category, OLD.sex, OLD.date_of_birth, OLD.art_start_date, OLD.breastfeeding, OLD.enrolment_date, OLD.status, OLD.status_date, OLD.status_reason_code, OLD.interruption_since) IS DISTINCT FROM (NEW.site_id, NEW.category, NEW.sex, NEW.date_of_birth, NEW.art_start_date, NEW.breastfeeding, NEW.enrolment_date, NEW.status, NEW.status_date, NEW.status_reason_code, NEW.interruption_since))
  EXECUTE FUNCTION "report_rollups_forget_client_change"();

-- Rows of a client's table (appointments, tracing outcomes, viral-load results, infants): the
-- client's site and the row's earliest day (TG_ARGV[0]: the kinds, TG_ARGV[1]: the day's SQL over
-- the row r). Both the old and the new row of an update.
CREATE FUNCTION "report_rollups_forget_client_rows"() RETURNS trigger LANGUAGE plpgsql AS
  E'DECLARE s UUID[]\073 d DATE[]\073 q TEXT\073 BEGIN PERFORM pg_advisory_xact_lock_shared(20261210)\073 IF NOT EXISTS (SELECT 1 FROM report_rollups) THEN RETURN NULL\073 END IF\073 q := ''SELECT array_agg(c.site_id), array_agg(coalesce('' || TG_ARGV[1] || '', ''''-infinity''''::date)) FROM (%s) r JOIN clients c ON c.id = r.client_id''\073 IF TG_OP = ''INSERT'' THEN EXECUTE format(q, ''SELECT * FROM new_rows'') INTO s, d\073 ELSIF TG_OP = ''DELETE'' THEN EXECUTE format(q, ''SELECT * FROM old_rows'') INTO s, d\073 ELSE EXECUTE format(q, ''SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows'') INTO s, d\073 END IF\073 IF s IS NOT NULL THEN PERFORM report_rollups_forget(TG_ARGV[0]::text[], s, d)\073 END IF\073 RETURN NULL\073 END\073';
CREATE TRIGGER "appointments_report_rollups_insert" AFTER INSERT ON "appointments"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_client_rows"('{callClients,programme}', 'r.date');
CREATE TRIGGER "appointments_report_rollups_update" AFTER UPDATE ON "appointments"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_client_rows"('{callClients,programme}', 'r.date');
CREATE TRIGGER "appointments_report_rollups_delete" AFTER DELETE ON "appointments"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_client_rows"('{callClients,programme}', 'r.date');
CREATE TRIGGER "tracing_outcomes_report_rollups_insert" AFTER INSERT ON "tracing_outcomes"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_client_rows"('{callClients,programme}', '(r.recorded_at AT TIME ZONE ''UTC'')::date - 1');
CREATE TRIGGER "tracing_outcomes_report_rollups_update" AFTER UPDATE ON "tracing_outcomes"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_client_rows"('{callClients,programme}', '(r.recorded_at AT TIME ZONE ''UTC'')::date - 1');
CREATE TRIGGER "tracing_outcomes_report_rollups_delete" AFTER DELETE ON "tracing_outcomes"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_client_rows"('{callClients,programme}', '(r.recorded_at AT TIME ZONE ''UTC'')::date - 1');
CREATE TRIGGER "viral_load_results_report_rollups_insert" AFTER INSERT ON "viral_load_results"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_client_rows"('{outcomes}', 'least(r.sample_date, r.result_date)');
CREATE TRIGGER "viral_load_results_report_rollups_update" AFTER UPDATE ON "viral_load_results"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_client_rows"('{outcomes}', 'least(r.sample_date, r.result_date)');
CREATE TRIGGER "viral_load_results_report_rollups_delete" AFTER DELETE ON "viral_load_results"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_client_rows"('{outcomes}', 'least(r.sample_date, r.result_date)');
CREATE TRIGGER "infants_report_rollups_insert" AFTER INSERT ON "infants"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_client_rows"('{programme}', 'r.date_of_birth');
CREATE TRIGGER "infants_report_rollups_update" AFTER UPDATE ON "infants"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_client_rows"('{programme}', 'r.date_of_birth');
CREATE TRIGGER "infants_report_rollups_delete" AFTER DELETE ON "infants"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_client_rows"('{programme}', 'r.date_of_birth');

-- Tasks: their day, for the client's site (client-level call figures) and the Mentor Mother's
-- sites (the coverage figures count a Mentor Mother under her sites).
CREATE FUNCTION "report_rollups_forget_tasks"() RETURNS trigger LANGUAGE plpgsql AS
  E'DECLARE s UUID[]\073 d DATE[]\073 m DATE\073 BEGIN PERFORM pg_advisory_xact_lock_shared(20261210)\073 SELECT max(r.period_to) INTO m FROM report_rollups r WHERE r.kind IN (''calls'', ''callClients'')\073 IF m IS NULL THEN RETURN NULL\073 END IF\073 IF TG_OP = ''INSERT'' THEN IF NOT EXISTS (SELECT 1 FROM new_rows WHERE task_date <= m) THEN RETURN NULL\073 END IF\073 ELSIF TG_OP = ''UPDATE'' THEN IF NOT EXISTS (SELECT 1 FROM new_rows WHERE task_date <= m) AND NOT EXISTS (SELECT 1 FROM old_rows WHERE task_date <= m) THEN RETURN NULL\073 END IF\073 END IF\073 IF TG_OP = ''INSERT'' THEN SELECT array_agg(y.site_id), array_agg(y.d) INTO s, d FROM (SELECT c.site_id, t.task_date AS d FROM new_rows t JOIN clients c ON c.id = t.client_id UNION SELECT us.site_id, t.task_date FROM new_rows t JOIN user_sites us ON us.user_id = t.mentor_id) y\073 ELSIF TG_OP = ''DELETE'' THEN SELECT array_agg(y.site_id), array_agg(y.d) INTO s, d FROM (SELECT c.site_id, t.task_date AS d FROM old_rows t JOIN clients c ON c.id = t.client_id UNION SELECT us.site_id, t.task_date FROM old_rows t JOIN user_sites us ON us.user_id = t.mentor_id) y\073 ELSE SELECT array_agg(y.site_id), array_agg(y.d) INTO s, d FROM (SELECT c.site_id, t.task_date AS d FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) t JOIN clients c ON c.id = t.client_id UNION SELECT us.site_id, t.task_date FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) t JOIN user_sites us ON us.user_id = t.mentor_id) y\073 END IF\073 IF s IS NOT NULL THEN PERFORM report_rollups_forget(ARRAY[''calls'', ''callClients''], s, d)\073 END IF\073 RETURN NULL\073 END\073';
CREATE TRIGGER "call_tasks_report_rollups_insert" AFTER INSERT ON "call_tasks"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_tasks"();
CREATE TRIGGER "call_tasks_report_rollups_update" AFTER UPDATE ON "call_tasks"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_tasks"();
CREATE TRIGGER "call_tasks_report_rollups_delete" AFTER DELETE ON "call_tasks"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_tasks"();

-- Calls (and corrections, for the call they correct): its task's day and the day before its own
-- UTC day (site-local days), for the Mentor Mother's sites and the client's, and for the client's
-- site, her earliest missed appointment this call could be the first (reached) call after - one
-- with no call after it that was effectively reached before this one.
CREATE FUNCTION "report_rollups_forget_calls"() RETURNS trigger LANGUAGE plpgsql AS
  E'DECLARE m DATE\073 BEGIN PERFORM pg_advisory_xact_lock_shared(20261210)\073 SELECT max(r.period_to) INTO m FROM report_rollups r WHERE r.kind IN (''calls'', ''callClients'')\073 IF m IS NULL THEN RETURN NULL\073 END IF\073 DELETE FROM report_rollups r USING (WITH o AS (SELECT o.id, o.client_id, o.mentor_id, o.created_at, least(t.task_date, (o.created_at AT TIME ZONE ''UTC'')::date - 1) AS d0 FROM new_rows n JOIN call_attempts o ON o.id = coalesce(n.corrects_id, n.id) LEFT JOIN call_tasks t ON t.id = o.task_id) SELECT y.site_id, s.country_id, y.d FROM (SELECT us.site_id, o.d0 AS d FROM o JOIN user_sites us ON us.user_id = o.mentor_id WHERE o.d0 <= m UNION ALL SELECT c.site_id, least(o.d0, (SELECT min(ap.date) FROM appointments ap WHERE ap.client_id = o.client_id AND ap.status = ''MISSED'' AND ap.date <= m AND ap.date <= (o.created_at AT TIME ZONE ''UTC'')::date + 1 AND NOT EXISTS (SELECT 1 FROM call_attempts a2 WHERE a2.client_id = o.client_id AND a2.corrects_id IS NULL AND a2.id <> o.id AND a2.created_at >= ((ap.date + 2)::timestamp AT TIME ZONE ''UTC'') AND a2.created_at < o.created_at AND coalesce((SELECT f.disposition FROM call_attempts f WHERE f.corrects_id = a2.id ORDER BY f.created_at DESC, f.id DESC LIMIT 1), a2.disposition) = ''REACHED''))) AS d FROM o JOIN clients c ON c.id = o.client_id) y JOIN sites s ON s.id = y.site_id WHERE y.d <= m) x WHERE r.kind IN (''calls'', ''callClients'') AND r.period_to >= x.d AND (r.site_ids IS NULL OR x.site_id = ANY(r.site_ids)) AND (r.country_id IS NULL OR r.country_id = x.country_id)\073 RETURN NULL\073 END\073';
CREATE TRIGGER "call_attempts_report_rollups_insert" AFTER INSERT ON "call_attempts"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_calls"();

CREATE FUNCTION "report_rollups_forget_all"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN DELETE FROM report_rollups\073 RETURN NULL\073 END\073';
CREATE TRIGGER "clients_report_rollups_truncate" AFTER TRUNCATE ON "clients" FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_all"();
CREATE TRIGGER "appointments_report_rollups_truncate" AFTER TRUNCATE ON "appointments" FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_all"();
CREATE TRIGGER "tracing_outcomes_report_rollups_truncate" AFTER TRUNCATE ON "tracing_outcomes" FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_all"();
CREATE TRIGGER "viral_load_results_report_rollups_truncate" AFTER TRUNCATE ON "viral_load_results" FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_all"();
CREATE TRIGGER "infants_report_rollups_truncate" AFTER TRUNCATE ON "infants" FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_all"();
CREATE TRIGGER "call_tasks_report_rollups_truncate" AFTER TRUNCATE ON "call_tasks" FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_all"();
CREATE TRIGGER "call_attempts_report_rollups_truncate" AFTER TRUNCATE ON "call_attempts" FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_all"();

-- The coverage figures count the Mentor Mothers of a site as they are today: a Mentor Mother added
-- to or removed from a site, or a user who becomes or stops being one, alters every period of her
-- sites. A site moved to another country or given another time zone alters everything.
CREATE FUNCTION "report_rollups_forget_user_sites"() RETURNS trigger LANGUAGE plpgsql AS
  E'DECLARE s UUID[]\073 BEGIN PERFORM pg_advisory_xact_lock_shared(20261210)\073 IF NOT EXISTS (SELECT 1 FROM report_rollups) THEN RETURN NULL\073 END IF\073 IF TG_OP = ''INSERT'' THEN SELECT array_agg(site_id) INTO s FROM new_rows\073 ELSIF TG_OP = ''DELETE'' THEN SELECT array_agg(site_id) INTO s FROM old_rows\073 ELSE SELECT array_agg(site_id) INTO s FROM (SELECT site_id FROM old_rows UNION SELECT site_id FROM new_rows) x\073 END IF\073 IF s IS NOT NULL THEN PERFORM report_rollups_forget(ARRAY[''calls''], s, array_fill(''-infinity''::date, ARRAY[cardinality(s)]))\073 END IF\073 RETURN NULL\073 END\073';
CREATE TRIGGER "user_sites_report_rollups_insert" AFTER INSERT ON "user_sites"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_user_sites"();
CREATE TRIGGER "user_sites_report_rollups_update" AFTER UPDATE ON "user_sites"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_user_sites"();
CREATE TRIGGER "user_sites_report_rollups_delete" AFTER DELETE ON "user_sites"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_user_sites"();

CREATE FUNCTION "report_rollups_forget_user_roles"() RETURNS trigger LANGUAGE plpgsql AS
  E'DECLARE s UUID[]\073 BEGIN SELECT array_agg(us.site_id) INTO s FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN user_sites us ON us.user_id = n.id WHERE o.role IS DISTINCT FROM n.role\073 IF s IS NOT NULL THEN PERFORM pg_advisory_xact_lock_shared(20261210)\073 PERFORM report_rollups_forget(ARRAY[''calls''], s, array_fill(''-infinity''::date, ARRAY[cardinality(s)]))\073 END IF\073 RETURN NULL\073 END\073';
CREATE TRIGGER "users_report_rollups_update" AFTER UPDATE ON "users"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_user_roles"();

CREATE FUNCTION "report_rollups_forget_sites"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.country_id, o.time_zone) IS DISTINCT FROM (n.country_id, n.time_zone)) THEN PERFORM pg_advisory_xact_lock_shared(20261210)\073 DELETE FROM report_rollups\073 END IF\073 RETURN NULL\073 END\073';
CREATE TRIGGER "sites_report_rollups_update" AFTER UPDATE ON "sites"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "report_rollups_forget_sites"();
