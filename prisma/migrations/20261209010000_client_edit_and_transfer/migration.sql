-- Issue 11: editing a client after enrolment, and transfers between sites of the programme.
-- A phone taken out of use is RETIRED (never deleted): the calls made to it stay linked to the
-- number that was dialled. Every rule that picks a phone to call asks for status OK, so a retired
-- phone is never called again.
ALTER TYPE "PhoneStatus" ADD VALUE 'RETIRED';
ALTER TABLE "client_phones" ADD COLUMN "retired_at" TIMESTAMPTZ(3);

-- A transfer proposed by the sending site, accepted or declined by the receiving site
-- (lib/clients/transfers.ts). At most one proposal open per client.
CREATE TABLE "client_transfers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_id" UUID NOT NULL,
    "from_site_id" UUID NOT NULL,
    "to_site_id" UUID NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'PROPOSED',
    "proposed_by_id" UUID NOT NULL,
    "proposed_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_by_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "client_transfers_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "client_transfers_sites_check" CHECK ("from_site_id" <> "to_site_id"),
    CONSTRAINT "client_transfers_status_check" CHECK ("status" IN ('PROPOSED', 'ACCEPTED', 'DECLINED', 'CANCELLED'))
);
CREATE UNIQUE INDEX "client_transfers_open_client_key" ON "client_transfers" ("client_id") WHERE "status" = 'PROPOSED';
CREATE INDEX "client_transfers_to_site_id_status_idx" ON "client_transfers" ("to_site_id", "status");
CREATE INDEX "client_transfers_from_site_id_status_idx" ON "client_transfers" ("from_site_id", "status");
ALTER TABLE "client_transfers" ADD CONSTRAINT "client_transfers_client_id_fkey"
  FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "client_transfers" ADD CONSTRAINT "client_transfers_from_site_id_fkey"
  FOREIGN KEY ("from_site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "client_transfers" ADD CONSTRAINT "client_transfers_to_site_id_fkey"
  FOREIGN KEY ("to_site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "client_transfers" ADD CONSTRAINT "client_transfers_proposed_by_id_fkey"
  FOREIGN KEY ("proposed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "client_transfers" ADD CONSTRAINT "client_transfers_decided_by_id_fkey"
  FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
