-- ─── Users: a time zone ───────────────────────────────────────────────────────
-- An IANA name ("America/New_York"); NULL means UTC. The API accepts only names its runtime's
-- Intl knows and stores the runtime's own spelling (packages/validators timeZoneSchema); the
-- database only bounds the length. Used for the days a person sees: My work's "today" and the
-- due-tomorrow notification (services/notifications). Nobody else's day depends on it.
--
-- No grant: app_user already reads and updates its own row (policy users_self, table grants of
-- migration 20261124090000_init), and app_maintenance — the due-tomorrow job — holds SELECT on
-- the whole "users" table (migration 20261201100000_tenant_boundary), which covers new columns.
ALTER TABLE "users" ADD COLUMN "time_zone" TEXT;
ALTER TABLE "users"
  ADD CONSTRAINT "users_time_zone_length" CHECK ("time_zone" IS NULL OR char_length("time_zone") BETWEEN 1 AND 64);
