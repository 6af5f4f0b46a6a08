-- Sex recorded for every client (FHIR administrative gender). Clients enrolled before are "not recorded".
CREATE TYPE "ClientSex" AS ENUM ('FEMALE', 'MALE', 'OTHER', 'UNKNOWN');
ALTER TABLE "clients" ADD COLUMN "sex" "ClientSex" NOT NULL DEFAULT 'UNKNOWN';
