-- Sex recorded for every client (FHIR administrative gender), "not recorded" (UNKNOWN) for the
-- clients enrolled before. No semicolons in comments: Prisma's WASM engine splits on every one.
CREATE TYPE "ClientSex" AS ENUM ('FEMALE', 'MALE', 'OTHER', 'UNKNOWN');
ALTER TABLE "clients" ADD COLUMN "sex" "ClientSex" NOT NULL DEFAULT 'UNKNOWN';
