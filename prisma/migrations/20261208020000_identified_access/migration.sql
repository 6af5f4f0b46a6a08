-- Least privilege for identified records (issue 12): an administrator grants a user the right to
-- open identified client records and download identified line lists. NULL = not granted.
ALTER TABLE "users" ADD COLUMN "identified_access_granted_at" TIMESTAMPTZ(3),
  ADD COLUMN "identified_access_granted_by" UUID;
