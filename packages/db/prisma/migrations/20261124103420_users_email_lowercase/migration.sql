-- Emails are stored lower-cased (the API's emailSchema lower-cases them), so the
-- unique index on "email" is case-insensitive in effect. Enforce it here too: a
-- code path that forgets to normalise fails loudly instead of creating a
-- second account for "Alice@Example.com".
UPDATE "users" SET "email" = lower("email") WHERE "email" <> lower("email");

ALTER TABLE "users"
  ADD CONSTRAINT "users_email_lowercase" CHECK ("email" = lower("email"));
