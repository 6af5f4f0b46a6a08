-- Reminder messages (issue 17). Consent to messages is per phone and per channel, separate from the
-- consent to calls. A phone that replied STOP keeps the instant it opted out.
ALTER TABLE "client_phones" ADD COLUMN "consent_sms" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "consent_whatsapp" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "messages_opted_out_at" TIMESTAMPTZ(3);
-- The language of her messages (null = her preferred language).
ALTER TABLE "clients" ADD COLUMN "message_language" VARCHAR(8);

-- One row per message sent or received, never changed: its life is in message_events.
CREATE TABLE "messages" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "client_id" UUID NOT NULL,
  "phone_id" UUID,
  "site_id" UUID NOT NULL,
  "direction" VARCHAR(3) NOT NULL,
  "channel" VARCHAR(10) NOT NULL,
  "reason" VARCHAR(24) NOT NULL,
  "reminder_key" VARCHAR(80),
  "appointment_id" UUID,
  "for_day" DATE,
  "send_at" TIMESTAMPTZ(3),
  "template_key" VARCHAR(64),
  "language" VARCHAR(16),
  "body" TEXT NOT NULL,
  "provider" VARCHAR(16) NOT NULL,
  "sender" VARCHAR(32),
  "number" VARCHAR(20) NOT NULL,
  "provider_message_id" VARCHAR(64),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "messages_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "messages_direction_check" CHECK ("direction" IN ('out', 'in')),
  CONSTRAINT "messages_channel_check" CHECK ("channel" IN ('sms', 'whatsapp'))
);
ALTER TABLE "messages" ADD CONSTRAINT "messages_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "messages" ADD CONSTRAINT "messages_phone_id_fkey" FOREIGN KEY ("phone_id") REFERENCES "client_phones"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "messages" ADD CONSTRAINT "messages_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "messages" ADD CONSTRAINT "messages_appointment_id_fkey" FOREIGN KEY ("appointment_id") REFERENCES "appointments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- One message per reminder per phone and channel, whatever the retries and reruns.
CREATE UNIQUE INDEX "messages_reminder_once" ON "messages"("phone_id", "reminder_key", "channel") WHERE "direction" = 'out' AND "reminder_key" IS NOT NULL;
CREATE INDEX "messages_client_id_created_at_idx" ON "messages"("client_id", "created_at");
CREATE INDEX "messages_site_id_created_at_idx" ON "messages"("site_id", "created_at");
CREATE INDEX "messages_appointment_id_idx" ON "messages"("appointment_id") WHERE "appointment_id" IS NOT NULL;
CREATE INDEX "messages_send_at_idx" ON "messages"("send_at") WHERE "direction" = 'out';

CREATE TABLE "message_events" (
  "id" BIGSERIAL NOT NULL,
  "message_id" UUID NOT NULL,
  "status" VARCHAR(16) NOT NULL,
  "attempt" INTEGER NOT NULL DEFAULT 0,
  "provider_message_id" VARCHAR(64),
  "error" VARCHAR(200),
  "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "message_events_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "message_events_status_check" CHECK ("status" IN ('sending', 'sent', 'delivered', 'read', 'retry', 'failed', 'unknown', 'cancelled', 'received'))
);
ALTER TABLE "message_events" ADD CONSTRAINT "message_events_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- At most once: one "sending" per message and attempt, taken before the provider is called.
CREATE UNIQUE INDEX "message_events_one_sending" ON "message_events"("message_id", "attempt") WHERE "status" = 'sending';
CREATE INDEX "message_events_message_id_id_idx" ON "message_events"("message_id", "id");
CREATE INDEX "message_events_provider_message_id_idx" ON "message_events"("provider_message_id") WHERE "provider_message_id" IS NOT NULL;
CREATE INDEX "message_events_status_at_idx" ON "message_events"("status", "at");

CREATE TRIGGER "messages_append_only" BEFORE UPDATE OR DELETE ON "messages"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "messages_no_truncate" BEFORE TRUNCATE ON "messages"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "message_events_append_only" BEFORE UPDATE OR DELETE ON "message_events"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
CREATE TRIGGER "message_events_no_truncate" BEFORE TRUNCATE ON "message_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
