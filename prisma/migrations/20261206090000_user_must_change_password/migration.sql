-- A one-time password (npm run admin:create) must be replaced at the first sign-in: until then the
-- account can do nothing but change it (lib/authz.ts). Adding a column with a constant default is
-- instant on PostgreSQL 11+ and safe while the previous version of the app runs.
ALTER TABLE "users" ADD COLUMN "must_change_password" BOOLEAN NOT NULL DEFAULT false;
