-- Issue 11: call coverage (lib/coverage). A call's effective disposition is that of its latest
-- correction: one index lookup per call. Corrections are few, so the index is small.
CREATE INDEX "call_attempts_corrects_id_idx" ON "call_attempts" ("corrects_id", "created_at") WHERE "corrects_id" IS NOT NULL;
