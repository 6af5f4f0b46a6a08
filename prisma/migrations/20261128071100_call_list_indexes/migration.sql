-- Hand-written partial indexes for the daily call-list statement (lib/calls/generate.ts), which
-- runs once per country and must not read every country's rows each time. Each covers one range the
-- statement reads, index-only (Prisma's schema language cannot express partial indexes).

-- Appointments still scheduled: reminders (dates just after D) and not marked after the day (dates before D - 1).
CREATE INDEX "appointments_scheduled_date_idx" ON "appointments" ("date", "client_id") WHERE "status" = 'SCHEDULED';

-- Missed appointments (dates before D).
CREATE INDEX "appointments_missed_date_idx" ON "appointments" ("date", "client_id") WHERE "status" = 'MISSED';

-- "An infant test was attended": checked per client and due date.
CREATE INDEX "appointments_infant_tested_idx" ON "appointments" ("client_id", "date") WHERE "kind" = 'INFANT_TEST' AND "status" = 'ATTENDED';

-- "She has a phone that works": probed per client.
CREATE INDEX "client_phones_ok_client_idx" ON "client_phones" ("client_id") WHERE "status" = 'OK';
