-- Interruption in treatment (28 days or more since a missed appointment without return), a date on
-- the client, not a status: set by the daily call-list generation, cleared by an attended visit
-- (lib/clients/interruption.ts). The partial index serves the lists and counts of clients in it.
ALTER TABLE "clients" ADD COLUMN "interruption_since" DATE;
CREATE INDEX "clients_site_id_interruption_since_idx" ON "clients" ("site_id", "interruption_since") WHERE "interruption_since" IS NOT NULL;
