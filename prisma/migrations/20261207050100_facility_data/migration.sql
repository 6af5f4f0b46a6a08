-- Issue 10: facility data in (files and FHIR).

-- The facility's own patient number, unique per site.
ALTER TABLE "clients" ADD COLUMN "facility_number" VARCHAR(40);
CREATE UNIQUE INDEX "clients_site_facility_number_key" ON "clients" ("site_id", "facility_number") WHERE "facility_number" IS NOT NULL;

CREATE TABLE "facility_facts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_id" UUID NOT NULL,
    "fact" VARCHAR(24) NOT NULL,
    "fact_date" DATE NOT NULL,
    "detail" VARCHAR(64) NOT NULL DEFAULT '',
    "payload" JSONB NOT NULL DEFAULT '{}',
    "effect" VARCHAR(32) NOT NULL,
    "source" VARCHAR(8) NOT NULL,
    "source_ref" VARCHAR(200) NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "facility_facts_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "facility_facts_client_id_fact_fact_date_detail_key" ON "facility_facts"("client_id", "fact", "fact_date", "detail");
CREATE INDEX "facility_facts_source_ref_idx" ON "facility_facts"("source_ref");
ALTER TABLE "facility_facts" ADD CONSTRAINT "facility_facts_client_id_fkey"
  FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "facility_uploads" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "created_by_id" UUID NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'QUEUED',
    "file_type" VARCHAR(8) NOT NULL,
    "file_size" INTEGER NOT NULL,
    "valid_only" BOOLEAN NOT NULL DEFAULT false,
    "background" BOOLEAN NOT NULL DEFAULT false,
    "site_ids" UUID[],
    "progress" INTEGER NOT NULL DEFAULT 0,
    "rows_total" INTEGER NOT NULL DEFAULT 0,
    "rows_applied" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "result" JSONB,
    "message" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "facility_uploads_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "facility_uploads_created_by_id_created_at_idx" ON "facility_uploads"("created_by_id", "created_at");

CREATE TABLE "fhir_feeds" (
    "site_id" UUID NOT NULL,
    "base_url" VARCHAR(300) NOT NULL,
    "token_env" VARCHAR(64),
    "viral_load_codes" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "pulled_until" TIMESTAMPTZ(3),
    "last_pull_at" TIMESTAMPTZ(3),
    "last_error" VARCHAR(200),
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "fhir_feeds_pkey" PRIMARY KEY ("site_id")
);
ALTER TABLE "fhir_feeds" ADD CONSTRAINT "fhir_feeds_site_id_fkey"
  FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "fhir_resources" (
    "source" VARCHAR(300) NOT NULL,
    "resource_type" VARCHAR(32) NOT NULL,
    "source_id" VARCHAR(64) NOT NULL,
    "version_id" VARCHAR(64),
    "last_updated" TIMESTAMPTZ(3),
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,
    "site_id" UUID NOT NULL,
    "client_id" UUID,
    "fact" JSONB,
    CONSTRAINT "fhir_resources_pkey" PRIMARY KEY ("source", "resource_type", "source_id")
);
CREATE INDEX "fhir_resources_site_id_fetched_at_idx" ON "fhir_resources"("site_id", "fetched_at");
