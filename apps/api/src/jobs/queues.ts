import type { Queue } from "pg-boss";

/**
 * Every queue the worker runs, with its retry, timeout and concurrency settings: the one place to
 * read or change them. The worker applies these options at every start (createQueue, then
 * updateQueue), so a change here reaches the database with the next deploy of the worker.
 *
 * Each queue has a dead-letter queue `<name>.dead`: a job that failed its last retry is copied
 * there and stays (30 days) until an operator redrives it (`pnpm agency jobs retry --dead`).
 *
 * Adding a queue: see README "Jobs" → "Adding a queue".
 */
export interface QueueDefinition {
  name: string;
  /** pg-boss queue options: policy, retries (exponential backoff with jitter), expiry. */
  options: Omit<Queue, "name" | "deadLetter">;
  /** Jobs of this queue one worker process runs at the same time. */
  localConcurrency: number;
  /** Seconds between fetches when the queue is idle. */
  pollingIntervalSeconds?: number;
}

/** What each queue's job carries. Services enqueue with `enqueue()` (jobs/enqueue.ts). */
export interface JobPayloads {
  /** One row of email_outbox to send over SMTP. */
  "email.deliver": { emailId: string };
  /** The hourly trash purge (scheduled; no payload). */
  "trash.purge": Record<string, never>;
  /** One attempt of one webhook_deliveries row (an endpoint or Slack); a retry is a new job. */
  "webhook.deliver": { deliveryId: string };
  /** Every minute: re-enqueues deliveries overdue by more than a minute (no job survived for them). */
  "webhook.sweep": Record<string, never>;
  /** Every 15 minutes: one email per recipient of the notifications they get by email (no payload). */
  "notifications.digest": Record<string, never>;
  /** Hourly: `due_soon` notifications for tasks due tomorrow (no payload; idempotent per day). */
  "notifications.due-soon": Record<string, never>;
  /** Hourly: the current period's invoice of live retainers Stripe does not bill (no payload; idempotent per period). */
  "billing.retainer-invoices": Record<string, never>;
  /** Apply one stored Stripe webhook event (a stripe_events row), re-reading its object from Stripe. */
  "stripe.event": { eventRowId: string };
  /** One outbound change to the organization's Stripe account, idempotency keys derived from our ids. */
  "stripe.sync": StripeSyncPayload;
}

/** What a stripe.sync job pushes to Stripe (apps/api/src/billing/stripe/sync.ts, reversals.ts). */
export type StripeSyncPayload =
  | { kind: "customer"; clientId: string }
  | { kind: "subscription"; retainerId: string }
  | { kind: "invoice"; invoiceId: string }
  /** An invoice voided here: its Stripe invoice is voided too (the hosted page can no longer be paid). */
  | { kind: "invoice_void"; invoiceId: string }
  /**
   * A refund of a Stripe payment asked for here. Stripe refunds first; our refund (id `refundId`,
   * chosen when asked, the idempotency key's source) is recorded once Stripe has answered.
   */
  | { kind: "refund"; refundId: string; paymentId: string; amount: number; reason: string | null };
export type QueueName = keyof JobPayloads;

/**
 * Queues services may enqueue into from a transaction: the allowlist in table app_job_queues
 * (a migration adds a row and creates the pg-boss queue; test/jobs.test.ts checks they agree).
 */
export const APP_ENQUEUED_QUEUES = ["email.deliver", "webhook.deliver", "stripe.event", "stripe.sync"] as const satisfies readonly QueueName[];
export type AppQueueName = (typeof APP_ENQUEUED_QUEUES)[number];

export const deadLetterQueueOf = (name: string) => `${name}.dead`;

/** Dead-letter queues are never worked: jobs wait there, 30 days, for a redrive. */
export const DEAD_LETTER_OPTIONS = {
  policy: "standard",
  retryLimit: 0,
  retentionSeconds: 30 * 24 * 3600,
  deleteAfterSeconds: 30 * 24 * 3600,
} as const satisfies Omit<Queue, "name">;

/**
 * Stripe work (README "Stripe"): 9 attempts, retry k waiting 5 s × 2^(k−1) … 5 s × 2^k (capped at
 * 15 min) — about an hour of Stripe being down before the dead-letter queue. Each attempt is one
 * or a few SDK calls (10 s timeout each, one network retry) and one transaction.
 */
/** Scheduled work that runs once at a time across every worker, retried twice a minute or more apart. */
const SCHEDULED_SINGLETON_OPTIONS = {
  policy: "singleton",
  retryLimit: 2,
  retryDelay: 60,
  retryBackoff: true,
  retryDelayMax: 600,
  retentionSeconds: 3600,
} as const satisfies Partial<QueueDefinition["options"]>;

const STRIPE_QUEUE_OPTIONS = {
  policy: "standard",
  retryLimit: 8,
  retryDelay: 5,
  retryBackoff: true,
  retryDelayMax: 900,
  expireInSeconds: 120,
  retentionSeconds: 14 * 24 * 3600,
  deleteAfterSeconds: 7 * 24 * 3600,
} as const satisfies QueueDefinition["options"];

export const QUEUES: Record<QueueName, QueueDefinition> = {
  "email.deliver": {
    name: "email.deliver",
    options: {
      policy: "standard",
      // 6 attempts; retry k waits a random 10 s × 2^(k−1) … 10 s × 2^k (10–20 s, …, 160–320 s), at most 15 min.
      retryLimit: 5,
      retryDelay: 10,
      retryBackoff: true,
      retryDelayMax: 900,
      // A send is bounded by the SMTP transport's own timeouts (10 s connect, 15 s socket).
      expireInSeconds: 120,
      retentionSeconds: 14 * 24 * 3600,
      deleteAfterSeconds: 7 * 24 * 3600,
    },
    localConcurrency: 5,
    pollingIntervalSeconds: 1,
  },
  "trash.purge": {
    name: "trash.purge",
    options: {
      // One purge runs at a time across every worker; pg-boss's cron creates one job per occurrence.
      policy: "singleton",
      retryLimit: 2,
      retryDelay: 60,
      retryBackoff: true,
      retryDelayMax: 900,
      expireInSeconds: 3600,
      retentionSeconds: 24 * 3600,
      deleteAfterSeconds: 7 * 24 * 3600,
    },
    localConcurrency: 1,
  },
  "webhook.deliver": {
    name: "webhook.deliver",
    options: {
      policy: "standard",
      // The retry schedule (10 attempts over ~3 days) lives in the handler: a failed attempt is
      // recorded and a new job sent with startAfter = the next attempt's time. pg-boss's own retries
      // only cover a worker that crashed or a handler that threw (database down) mid-attempt.
      retryLimit: 2,
      retryDelay: 30,
      retryBackoff: true,
      retryDelayMax: 300,
      // An attempt is bounded by the 10 s request timeout (plus DNS and two short transactions).
      expireInSeconds: 60,
      retentionSeconds: 4 * 24 * 3600,
      deleteAfterSeconds: 7 * 24 * 3600,
    },
    localConcurrency: 10,
    pollingIntervalSeconds: 1,
  },
  "webhook.sweep": {
    name: "webhook.sweep",
    options: {
      // One sweep at a time across every worker.
      policy: "singleton",
      retryLimit: 0,
      expireInSeconds: 120,
      retentionSeconds: 3600,
      deleteAfterSeconds: 24 * 3600,
    },
    localConcurrency: 1,
  },
  "notifications.digest": {
    name: "notifications.digest",
    // One digest at a time across every worker (the batch is also claimed FOR UPDATE SKIP LOCKED).
    options: { ...SCHEDULED_SINGLETON_OPTIONS, expireInSeconds: 600, deleteAfterSeconds: 24 * 3600 },
    localConcurrency: 1,
  },
  "notifications.due-soon": {
    name: "notifications.due-soon",
    options: { ...SCHEDULED_SINGLETON_OPTIONS, expireInSeconds: 600, deleteAfterSeconds: 24 * 3600 },
    localConcurrency: 1,
  },
  "billing.retainer-invoices": {
    name: "billing.retainer-invoices",
    // One run at a time across every worker; each retainer is its own transaction, so a retry
    // (or a second run) finds the periods already invoiced and issues nothing twice.
    options: { ...SCHEDULED_SINGLETON_OPTIONS, expireInSeconds: 1800, deleteAfterSeconds: 7 * 24 * 3600 },
    localConcurrency: 1,
  },
  "stripe.event": { name: "stripe.event", options: STRIPE_QUEUE_OPTIONS, localConcurrency: 5, pollingIntervalSeconds: 1 },
  "stripe.sync": { name: "stripe.sync", options: STRIPE_QUEUE_OPTIONS, localConcurrency: 5, pollingIntervalSeconds: 1 },
};

/** Recurring jobs, registered by every worker at start (idempotent: one row per queue). */
export const SCHEDULES: { queue: QueueName; cron: string }[] = [
  // Hourly, at minute 7 (UTC).
  { queue: "trash.purge", cron: "7 * * * *" },
  // Every minute: deliveries whose job was lost (a worker died between recording an attempt and
  // sending the retry job) are picked up within about two minutes of their due time.
  { queue: "webhook.sweep", cron: "* * * * *" },
  // Notification emails are batched: at most one digest email per person every 15 minutes.
  { queue: "notifications.digest", cron: "*/15 * * * *" },
  // Hourly at minute 17 (UTC): due-tomorrow notifications (one per task and day, so reruns add none).
  { queue: "notifications.due-soon", cron: "17 * * * *" },
  // Hourly at minute 27 (UTC): invoices for retainer periods that began since the last run.
  { queue: "billing.retainer-invoices", cron: "27 * * * *" },
];
