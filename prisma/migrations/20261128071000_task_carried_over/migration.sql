-- Daily call lists (lib/calls/generate.ts).

-- An unfinished task whose reason still holds is closed as CARRIED_OVER when the next working
-- day's list is generated (the coverage report counts it as "overdue (carried over)").
ALTER TYPE "TaskStatus" ADD VALUE 'CARRIED_OVER';

-- CreateTable
CREATE TABLE "call_list_runs" (
    "site_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "generated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created" INTEGER NOT NULL DEFAULT 0,
    "kept" INTEGER NOT NULL DEFAULT 0,
    "carried" INTEGER NOT NULL DEFAULT 0,
    "closed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "call_list_runs_pkey" PRIMARY KEY ("site_id","day")
);

-- AddForeignKey
ALTER TABLE "call_list_runs" ADD CONSTRAINT "call_list_runs_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written partial indexes (Prisma's schema language cannot express them):
-- the open tasks that carry-over looks at are a thin slice of years of call_tasks history,
CREATE INDEX "call_tasks_open_task_date_idx" ON "call_tasks" ("task_date") WHERE "status" IN ('PENDING', 'CLAIMED', 'RETRY_LATER');
-- and the callbacks the "callback" reason looks at are a thin slice of call_attempts.
CREATE INDEX "call_attempts_callback_idx" ON "call_attempts" ("client_id", "callback_at") WHERE "callback_at" IS NOT NULL;
