-- Issue 9: one owner for the call-task and client lifecycle.

-- The number she tapped when she claimed a task: the outcome is recorded against it.
ALTER TABLE "call_tasks" ADD COLUMN "claimed_phone_id" UUID;
ALTER TABLE "call_tasks" ADD CONSTRAINT "call_tasks_claimed_phone_id_fkey"
  FOREIGN KEY ("claimed_phone_id") REFERENCES "client_phones"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- When and by what a site's day was generated (the call-list preview shows it).
ALTER TABLE "call_list_runs" ADD COLUMN "trigger" VARCHAR(16) NOT NULL DEFAULT 'schedule';
ALTER TABLE "call_list_runs" ADD COLUMN "generated_by_id" UUID;
ALTER TABLE "call_list_runs" ADD COLUMN "runs" INTEGER NOT NULL DEFAULT 1;

-- A missed appointment dealt with by a tracing outcome.
ALTER TABLE "appointments" ADD COLUMN "resolved_at" TIMESTAMPTZ(3);

-- Why a client left ACTIVE, coded.
ALTER TABLE "clients" ADD COLUMN "status_reason_code" VARCHAR(24);

-- Tracing outcomes (WHO HIV.H.DE23), by call or home visit. Append-only.
CREATE TABLE "tracing_outcomes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_id" UUID NOT NULL,
    "appointment_id" UUID,
    "call_attempt_id" UUID,
    "outcome" VARCHAR(8) NOT NULL,
    "contact_method" VARCHAR(8) NOT NULL,
    "return_date" DATE,
    "recorded_by_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "tracing_outcomes_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "tracing_outcomes_call_attempt_id_key" ON "tracing_outcomes"("call_attempt_id");
CREATE INDEX "tracing_outcomes_client_id_recorded_at_idx" ON "tracing_outcomes"("client_id", "recorded_at");
CREATE INDEX "tracing_outcomes_recorded_at_idx" ON "tracing_outcomes"("recorded_at");
ALTER TABLE "tracing_outcomes" ADD CONSTRAINT "tracing_outcomes_client_id_fkey"
  FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tracing_outcomes" ADD CONSTRAINT "tracing_outcomes_appointment_id_fkey"
  FOREIGN KEY ("appointment_id") REFERENCES "appointments"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE TRIGGER "tracing_outcomes_append_only" BEFORE UPDATE OR DELETE ON "tracing_outcomes"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
