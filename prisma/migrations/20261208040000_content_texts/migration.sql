-- Issue 16: texts edited by administrators per key, language and wording variant, with a draft and
-- an approved version and the history of every change (lib/content). Call scripts first, reminder
-- messages later. Staff ids are kept without a foreign key, as assignments.changed_by_id.
CREATE TABLE "content_texts" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "kind" VARCHAR(32) NOT NULL,
  "key" VARCHAR(64) NOT NULL,
  "language" VARCHAR(16) NOT NULL,
  "variant" VARCHAR(8) NOT NULL,
  "draft" JSONB,
  "approved" JSONB,
  "approved_at" TIMESTAMPTZ(3),
  "approved_by_id" UUID,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_by_id" UUID,
  "version" INTEGER NOT NULL DEFAULT 1,
  CONSTRAINT "content_texts_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "content_texts_kind_key_language_variant_key" ON "content_texts" ("kind", "key", "language", "variant");

CREATE TABLE "content_revisions" (
  "id" BIGSERIAL NOT NULL,
  "text_id" UUID NOT NULL,
  "version" INTEGER NOT NULL,
  "action" VARCHAR(16) NOT NULL,
  "body" JSONB NOT NULL,
  "by_id" UUID,
  "at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "content_revisions_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "content_revisions_text_id_fkey" FOREIGN KEY ("text_id") REFERENCES "content_texts" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "content_revisions_text_id_at_idx" ON "content_revisions" ("text_id", "at");
