-- Issue 11: escalations. A task that runs out of attempts (or reaches a wrong number) opens one
-- escalation per client and cause (lib/calls/tasks.ts openEscalation). While it is OPEN or
-- REFERRED (home visit), generation makes no phone task for its cause (lib/calls/generate.ts).
CREATE TABLE "escalations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_id" UUID NOT NULL,
    "cause" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'OPEN',
    "task_id" UUID,
    "reasons" TEXT[] NOT NULL DEFAULT '{}',
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "opened_day" DATE NOT NULL,
    "referred_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_id" UUID,
    "resolution" VARCHAR(16),
    "note" TEXT,
    "sent_to_id" UUID,
    "fresh_task_id" UUID,
    "tracing_outcome_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "escalations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "escalations_cause_check" CHECK ("cause" IN ('NO_ANSWER', 'TRACING', 'PHONE_UPDATE', 'HIGH_VL')),
    CONSTRAINT "escalations_status_check" CHECK ("status" IN ('OPEN', 'REFERRED', 'SENT_BACK', 'CLOSED'))
);
-- One open escalation per client and cause: a second task running out adds nothing.
CREATE UNIQUE INDEX "escalations_open_client_cause_key" ON "escalations" ("client_id", "cause") WHERE "status" IN ('OPEN', 'REFERRED');
CREATE INDEX "escalations_client_id_opened_at_idx" ON "escalations" ("client_id", "opened_at");
CREATE INDEX "escalations_status_opened_at_idx" ON "escalations" ("status", "opened_at");
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_client_id_fkey"
  FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_task_id_fkey"
  FOREIGN KEY ("task_id") REFERENCES "call_tasks"("id") ON DELETE SET NULL ON UPDATE CASCADE;
