-- CreateEnum
CREATE TYPE "Role" AS ENUM ('MENTOR_MOTHER', 'SUPERVISOR', 'PROGRAMME_MANAGER', 'ADMIN');

-- CreateEnum
CREATE TYPE "ClientCategory" AS ENUM ('PREGNANT', 'POSTNATAL', 'INFANT_CAREGIVER', 'ADOLESCENT', 'PARTNER', 'OTHER');

-- CreateEnum
CREATE TYPE "ClientStatus" AS ENUM ('ACTIVE', 'TRANSFERRED_OUT', 'LOST_TO_FOLLOW_UP', 'DIED', 'EXITED', 'OPTED_OUT');

-- CreateEnum
CREATE TYPE "PhoneStatus" AS ENUM ('OK', 'WRONG_NUMBER', 'NOT_IN_SERVICE');

-- CreateEnum
CREATE TYPE "AppointmentKind" AS ENUM ('ART_REFILL', 'CLINICAL_REVIEW', 'VIRAL_LOAD_TEST', 'INFANT_TEST', 'ANC_PNC');

-- CreateEnum
CREATE TYPE "AppointmentStatus" AS ENUM ('SCHEDULED', 'ATTENDED', 'MISSED', 'RESCHEDULED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('PENDING', 'CLAIMED', 'RETRY_LATER', 'DONE', 'ESCALATED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "Disposition" AS ENUM ('REACHED', 'NO_ANSWER', 'BUSY', 'UNREACHABLE', 'VOICEMAIL', 'WRONG_NUMBER', 'NOT_IN_SERVICE', 'CALL_DROPPED', 'ANSWERED_BY_OTHER', 'CALLBACK_REQUESTED', 'DECLINED', 'OPTED_OUT');

-- CreateTable
CREATE TABLE "countries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" VARCHAR(2) NOT NULL,
    "name" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "default_language" VARCHAR(8) NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "countries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "public_holidays" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "country_id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "public_holidays_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sites" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "country_id" UUID NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "name" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "username" VARCHAR(64) NOT NULL,
    "phone" VARCHAR(20),
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "country_id" UUID,
    "locale" VARCHAR(8) NOT NULL DEFAULT 'en',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "session_version" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deactivated_at" TIMESTAMPTZ(3),

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_sites" (
    "user_id" UUID NOT NULL,
    "site_id" UUID NOT NULL,

    CONSTRAINT "user_sites_pkey" PRIMARY KEY ("user_id","site_id")
);

-- CreateTable
CREATE TABLE "mentor_profiles" (
    "user_id" UUID NOT NULL,
    "languages" TEXT[],
    "daily_capacity" INTEGER NOT NULL DEFAULT 40,
    "caseload_cap" INTEGER,
    "working_days" INTEGER[] DEFAULT ARRAY[1, 2, 3, 4, 5]::INTEGER[],

    CONSTRAINT "mentor_profiles_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "mentor_leaves" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "reason" TEXT,

    CONSTRAINT "mentor_leaves_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "session_version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "ip" VARCHAR(64),

    CONSTRAINT "user_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "login_attempts" (
    "id" BIGSERIAL NOT NULL,
    "username" VARCHAR(64) NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    "success" BOOLEAN NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "programme_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "programme_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clients" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "ref" VARCHAR(32) NOT NULL,
    "site_id" UUID NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "date_of_birth" DATE NOT NULL,
    "category" "ClientCategory" NOT NULL,
    "enrolment_date" DATE NOT NULL,
    "enrolment_source" VARCHAR(32) NOT NULL DEFAULT 'manual',
    "consent_calls" BOOLEAN NOT NULL DEFAULT false,
    "consent_messages" BOOLEAN NOT NULL DEFAULT false,
    "preferred_language" VARCHAR(8) NOT NULL,
    "art_start_date" DATE,
    "expected_delivery_date" DATE,
    "breastfeeding" BOOLEAN NOT NULL DEFAULT false,
    "breastfeeding_end_date" DATE,
    "last_vl_copies" INTEGER,
    "last_vl_date" DATE,
    "status" "ClientStatus" NOT NULL DEFAULT 'ACTIVE',
    "status_date" DATE,
    "status_reason" TEXT,
    "mentor_id" UUID,
    "last_reached_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "clients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "client_phones" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_id" UUID NOT NULL,
    "number" VARCHAR(20) NOT NULL,
    "is_primary" BOOLEAN NOT NULL DEFAULT true,
    "shared_phone" BOOLEAN NOT NULL DEFAULT false,
    "safe_from_minute" INTEGER,
    "safe_to_minute" INTEGER,
    "may_identify_caller" BOOLEAN NOT NULL DEFAULT false,
    "status" "PhoneStatus" NOT NULL DEFAULT 'OK',

    CONSTRAINT "client_phones_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "infants" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_id" UUID NOT NULL,
    "first_name" TEXT,
    "date_of_birth" DATE NOT NULL,

    CONSTRAINT "infants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "viral_load_results" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_id" UUID NOT NULL,
    "sample_date" DATE NOT NULL,
    "result_date" DATE NOT NULL,
    "copies" INTEGER NOT NULL,
    "reason_code" VARCHAR(8) NOT NULL DEFAULT 'DE392',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "viral_load_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assignments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_id" UUID NOT NULL,
    "mentor_id" UUID NOT NULL,
    "start_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "end_at" TIMESTAMPTZ(3),
    "reason" VARCHAR(32) NOT NULL,
    "note" TEXT,
    "changed_by_id" UUID,

    CONSTRAINT "assignments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_id" UUID NOT NULL,
    "infant_id" UUID,
    "date" DATE NOT NULL,
    "kind" "AppointmentKind" NOT NULL,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'SCHEDULED',
    "status_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "appointments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_tasks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_id" UUID NOT NULL,
    "mentor_id" UUID NOT NULL,
    "task_date" DATE NOT NULL,
    "reasons" TEXT[],
    "priority" INTEGER NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "claimed_by_id" UUID,
    "claimed_at" TIMESTAMPTZ(3),
    "first_due_date" DATE NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "call_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_attempts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "task_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "mentor_id" UUID NOT NULL,
    "phone_id" UUID,
    "disposition" "Disposition" NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "callback_at" TIMESTAMPTZ(3),
    "idempotency_key" VARCHAR(64) NOT NULL,
    "corrects_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "action" VARCHAR(64) NOT NULL,
    "entity_type" VARCHAR(32) NOT NULL,
    "entity_id" VARCHAR(64),
    "request_id" VARCHAR(64),
    "ip" VARCHAR(64),
    "meta" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "countries_code_key" ON "countries"("code");

-- CreateIndex
CREATE UNIQUE INDEX "public_holidays_country_id_date_key" ON "public_holidays"("country_id", "date");

-- CreateIndex
CREATE UNIQUE INDEX "sites_code_key" ON "sites"("code");

-- CreateIndex
CREATE INDEX "sites_country_id_idx" ON "sites"("country_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "users_phone_key" ON "users"("phone");

-- CreateIndex
CREATE INDEX "users_role_active_idx" ON "users"("role", "active");

-- CreateIndex
CREATE INDEX "user_sites_site_id_idx" ON "user_sites"("site_id");

-- CreateIndex
CREATE INDEX "mentor_leaves_user_id_start_date_idx" ON "mentor_leaves"("user_id", "start_date");

-- CreateIndex
CREATE INDEX "user_sessions_user_id_idx" ON "user_sessions"("user_id");

-- CreateIndex
CREATE INDEX "user_sessions_created_at_idx" ON "user_sessions"("created_at");

-- CreateIndex
CREATE INDEX "login_attempts_username_at_idx" ON "login_attempts"("username", "at");

-- CreateIndex
CREATE INDEX "login_attempts_ip_at_idx" ON "login_attempts"("ip", "at");

-- CreateIndex
CREATE UNIQUE INDEX "clients_ref_key" ON "clients"("ref");

-- CreateIndex
CREATE INDEX "clients_mentor_id_status_idx" ON "clients"("mentor_id", "status");

-- CreateIndex
CREATE INDEX "clients_site_id_status_idx" ON "clients"("site_id", "status");

-- CreateIndex
CREATE INDEX "clients_enrolment_date_idx" ON "clients"("enrolment_date");

-- CreateIndex
CREATE INDEX "clients_last_name_first_name_idx" ON "clients"("last_name", "first_name");

-- CreateIndex
CREATE INDEX "client_phones_client_id_idx" ON "client_phones"("client_id");

-- CreateIndex
CREATE INDEX "client_phones_number_idx" ON "client_phones"("number");

-- CreateIndex
CREATE INDEX "infants_client_id_idx" ON "infants"("client_id");

-- CreateIndex
CREATE INDEX "infants_date_of_birth_idx" ON "infants"("date_of_birth");

-- CreateIndex
CREATE INDEX "viral_load_results_client_id_sample_date_idx" ON "viral_load_results"("client_id", "sample_date");

-- CreateIndex
CREATE INDEX "assignments_client_id_start_at_idx" ON "assignments"("client_id", "start_at");

-- CreateIndex
CREATE INDEX "assignments_mentor_id_end_at_idx" ON "assignments"("mentor_id", "end_at");

-- CreateIndex
CREATE INDEX "appointments_client_id_date_idx" ON "appointments"("client_id", "date");

-- CreateIndex
CREATE INDEX "appointments_date_status_idx" ON "appointments"("date", "status");

-- CreateIndex
CREATE INDEX "call_tasks_mentor_id_task_date_status_priority_idx" ON "call_tasks"("mentor_id", "task_date", "status", "priority");

-- CreateIndex
CREATE INDEX "call_tasks_task_date_status_idx" ON "call_tasks"("task_date", "status");

-- CreateIndex
CREATE UNIQUE INDEX "call_tasks_client_id_task_date_key" ON "call_tasks"("client_id", "task_date");

-- CreateIndex
CREATE UNIQUE INDEX "call_attempts_idempotency_key_key" ON "call_attempts"("idempotency_key");

-- CreateIndex
CREATE INDEX "call_attempts_client_id_created_at_idx" ON "call_attempts"("client_id", "created_at");

-- CreateIndex
CREATE INDEX "call_attempts_task_id_idx" ON "call_attempts"("task_id");

-- CreateIndex
CREATE INDEX "call_attempts_mentor_id_created_at_idx" ON "call_attempts"("mentor_id", "created_at");

-- CreateIndex
CREATE INDEX "call_attempts_phone_id_created_at_idx" ON "call_attempts"("phone_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_entity_type_entity_id_at_idx" ON "audit_events"("entity_type", "entity_id", "at");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_at_idx" ON "audit_events"("actor_id", "at");

-- CreateIndex
CREATE INDEX "audit_events_action_at_idx" ON "audit_events"("action", "at");

-- AddForeignKey
ALTER TABLE "public_holidays" ADD CONSTRAINT "public_holidays_country_id_fkey" FOREIGN KEY ("country_id") REFERENCES "countries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sites" ADD CONSTRAINT "sites_country_id_fkey" FOREIGN KEY ("country_id") REFERENCES "countries"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_country_id_fkey" FOREIGN KEY ("country_id") REFERENCES "countries"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_sites" ADD CONSTRAINT "user_sites_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_sites" ADD CONSTRAINT "user_sites_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mentor_profiles" ADD CONSTRAINT "mentor_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mentor_leaves" ADD CONSTRAINT "mentor_leaves_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clients" ADD CONSTRAINT "clients_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clients" ADD CONSTRAINT "clients_mentor_id_fkey" FOREIGN KEY ("mentor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_phones" ADD CONSTRAINT "client_phones_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "infants" ADD CONSTRAINT "infants_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "viral_load_results" ADD CONSTRAINT "viral_load_results_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_mentor_id_fkey" FOREIGN KEY ("mentor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_infant_id_fkey" FOREIGN KEY ("infant_id") REFERENCES "infants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_tasks" ADD CONSTRAINT "call_tasks_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_tasks" ADD CONSTRAINT "call_tasks_mentor_id_fkey" FOREIGN KEY ("mentor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_attempts" ADD CONSTRAINT "call_attempts_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "call_tasks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_attempts" ADD CONSTRAINT "call_attempts_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_attempts" ADD CONSTRAINT "call_attempts_mentor_id_fkey" FOREIGN KEY ("mentor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_attempts" ADD CONSTRAINT "call_attempts_phone_id_fkey" FOREIGN KEY ("phone_id") REFERENCES "client_phones"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_attempts" ADD CONSTRAINT "call_attempts_corrects_id_fkey" FOREIGN KEY ("corrects_id") REFERENCES "call_attempts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

