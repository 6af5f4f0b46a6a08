-- Issue 11: back-check calls. Each week a reproducible random sample of each Mentor Mother's
-- reached calls (lib/back-checks/rules.ts) is drawn for her supervisor, who calls the client back
-- and records whether the call happened. One row per sampled call (attempt_id unique), drawn once
-- and then only recorded. back_check_draws says which site and week were drawn already, so the
-- scheduled tick does the work once. Staff ids are kept without a foreign key, as elsewhere.
CREATE TABLE "back_checks" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "attempt_id" UUID NOT NULL,
  "client_id" UUID NOT NULL,
  "mentor_id" UUID NOT NULL,
  "week" DATE NOT NULL,
  "call_day" DATE NOT NULL,
  "status" VARCHAR(16) NOT NULL DEFAULT 'DUE',
  "note" TEXT,
  "phone_id" UUID,
  "called_at" TIMESTAMPTZ(3),
  "recorded_by_id" UUID,
  "version" INTEGER NOT NULL DEFAULT 1,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "back_checks_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "back_checks_status_check" CHECK ("status" IN ('DUE', 'CONFIRMED', 'NOT_CONFIRMED', 'COULD_NOT_REACH')),
  CONSTRAINT "back_checks_attempt_id_fkey" FOREIGN KEY ("attempt_id") REFERENCES "call_attempts" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "back_checks_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "back_checks_phone_id_fkey" FOREIGN KEY ("phone_id") REFERENCES "client_phones" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "back_checks_attempt_id_key" ON "back_checks" ("attempt_id");
CREATE INDEX "back_checks_mentor_id_week_idx" ON "back_checks" ("mentor_id", "week");
CREATE INDEX "back_checks_client_id_idx" ON "back_checks" ("client_id");
CREATE INDEX "back_checks_status_week_idx" ON "back_checks" ("status", "week");
CREATE INDEX "back_checks_called_at_idx" ON "back_checks" ("called_at");

CREATE TABLE "back_check_draws" (
  "site_id" UUID NOT NULL,
  "week" DATE NOT NULL,
  "drawn" INTEGER NOT NULL DEFAULT 0,
  "drawn_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "back_check_draws_pkey" PRIMARY KEY ("site_id", "week"),
  CONSTRAINT "back_check_draws_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
