-- The dispatcher walks the due messages in (send_at, id) order, a window at a time, from where it
-- got to (lib/messages/send.ts nextWindow): an index in that order lets each step start there
-- instead of going through every message already taken (B8). It replaces the index on send_at.
DROP INDEX "messages_send_at_idx";
CREATE INDEX "messages_send_at_id_idx" ON "messages"("send_at", "id") WHERE "direction" = 'out';
-- Whether her number wrote on WhatsApp in the last 24 hours (the session window), read for every
-- WhatsApp message sent: inbound messages by phone and time.
CREATE INDEX "messages_inbound_phone_idx" ON "messages"("phone_id", "created_at") WHERE "direction" = 'in';
