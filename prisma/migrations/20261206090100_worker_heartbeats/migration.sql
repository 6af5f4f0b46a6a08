-- Each worker process (npm run worker) writes its heartbeat here every 30 seconds, and /api/ready
-- answers 503 when no heartbeat is fresh. Housekeeping deletes rows of workers gone for a day.
CREATE TABLE "worker_heartbeats" (
    "worker_id" VARCHAR(120) NOT NULL,
    "host" VARCHAR(255) NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "beat_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("worker_id")
);

CREATE INDEX "worker_heartbeats_beat_at_idx" ON "worker_heartbeats"("beat_at");
