-- Webhook deliveries move onto the job queue: one `webhook.deliver` job per attempt of one
-- webhook_deliveries row (payload { deliveryId }), enqueued in the business transaction that makes the
-- delivery due (app_enqueue_job, so it commits or rolls back with the row). The retry schedule lives in
-- the handler (a failed attempt sends a new job starting at the next attempt's time); pg-boss's own
-- retries only cover a worker that died mid-attempt. `webhook.sweep` (a cron schedule the worker
-- registers; pg-boss creates no job for it here) needs no migration row: the worker creates its queue.
--
-- As in 20261207130000_jobs: the queue and its dead-letter queue are created as app_jobs (which owns
-- pg-boss's schema), with the options of apps/api/src/jobs/queues.ts (the worker re-applies them).
SET ROLE app_jobs;
SELECT pgboss.create_queue('webhook.deliver.dead', '{"policy":"standard","retryLimit":0,"retentionSeconds":2592000,"deleteAfterSeconds":2592000}');
SELECT pgboss.create_queue('webhook.deliver', '{"policy":"standard","retryLimit":2,"retryDelay":30,"retryBackoff":true,"retryDelayMax":300,"expireInSeconds":60,"retentionSeconds":345600,"deleteAfterSeconds":604800,"deadLetter":"webhook.deliver.dead"}');
RESET ROLE;

-- Deliveries belong to an organization: the job may only be enqueued with a verified one.
INSERT INTO "app_job_queues" ("name", "requires_org", "description") VALUES
  ('webhook.deliver', true, 'One delivery attempt of one webhook_deliveries row (endpoint or Slack)');
