-- Issue 13, item 2: possible cross-site duplicates for the administrators' review list. One row
-- per pair of clients (client_a_id < client_b_id), raised when an enrolment or an import matches a
-- client outside the enroller's scope. A dismissed pair is never raised again (the row stays), a
-- linked pair names the record kept active (the other is closed as EXITED with code DUPLICATE).
CREATE TYPE "DuplicatePairStatus" AS ENUM ('OPEN', 'LINKED', 'DISMISSED');

CREATE TABLE "possible_duplicates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_a_id" UUID NOT NULL,
    "client_b_id" UUID NOT NULL,
    "status" "DuplicatePairStatus" NOT NULL DEFAULT 'OPEN',
    "raised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "raised_by_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by_id" UUID,
    "kept_client_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "possible_duplicates_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "possible_duplicates_ordered" CHECK ("client_a_id" < "client_b_id"),
    CONSTRAINT "possible_duplicates_kept_one_of_pair" CHECK ("kept_client_id" IS NULL OR "kept_client_id" IN ("client_a_id", "client_b_id")),
    CONSTRAINT "possible_duplicates_linked_keeps_one" CHECK (("status" = 'LINKED') = ("kept_client_id" IS NOT NULL))
);

CREATE UNIQUE INDEX "possible_duplicates_pair_key" ON "possible_duplicates"("client_a_id", "client_b_id");
CREATE INDEX "possible_duplicates_client_b_id_idx" ON "possible_duplicates"("client_b_id");
CREATE INDEX "possible_duplicates_status_raised_at_idx" ON "possible_duplicates"("status", "raised_at", "id");

ALTER TABLE "possible_duplicates" ADD CONSTRAINT "possible_duplicates_client_a_id_fkey" FOREIGN KEY ("client_a_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "possible_duplicates" ADD CONSTRAINT "possible_duplicates_client_b_id_fkey" FOREIGN KEY ("client_b_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "possible_duplicates" ADD CONSTRAINT "possible_duplicates_raised_by_id_fkey" FOREIGN KEY ("raised_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "possible_duplicates" ADD CONSTRAINT "possible_duplicates_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
