import type { ConstructorOptions, Job, PgBoss } from "pg-boss";
import type { Logger } from "pino";
import type { ErrorReporter } from "../observability/error-reporting";
import type { ApiMetrics } from "../observability/metrics";
import { requestContext } from "../observability/request-context";
import { withJobSpan } from "../observability/tracing";
import { createBoss } from "./boss";
import { isEnvelope, type JobEnvelope } from "./envelope";
import {
  DEAD_LETTER_OPTIONS,
  deadLetterQueueOf,
  type JobPayloads,
  type QueueDefinition,
  type QueueName,
} from "./queues";

/** What a handler gets: the payload, the context the database stamped, and a signal for shutdown and expiry. */
export interface JobContext<P> {
  id: string;
  queue: string;
  payload: P;
  orgId: string | null;
  actorId: string | null;
  requestId: string | null;
  /** 0 on the first attempt. */
  retryCount: number;
  /** Aborted when the job expires or the worker's drain time runs out. */
  signal: AbortSignal;
  /** Carries jobId, queue, orgId and requestId on every line. */
  log: Logger;
  /**
   * Sends a job from the worker (pg-boss directly, outside any tenant transaction): a follow-up
   * such as a webhook retry. It carries this job's organization and request id (or `orgId` given).
   */
  send: JobSender;
}

export type JobSender = <Q extends QueueName>(
  queue: Q,
  payload: JobPayloads[Q],
  options?: { startAfter?: Date; orgId?: string | null },
) => Promise<string | null>;

/** Throw to fail the attempt (pg-boss retries with backoff, then dead-letters); return to complete. */
export type JobHandler<P = unknown> = (job: JobContext<P>) => Promise<unknown>;

export interface JobRunnerOptions {
  databaseUrl: string;
  log: Logger;
  queues: { definition: QueueDefinition; handler: JobHandler<never> }[];
  schedules?: { queue: string; cron: string }[];
  /** Queues whose schedule is off here: removed when a previous start registered it. */
  unscheduled?: string[];
  poolMax?: number;
  /** Tests shorten pg-boss's timers. */
  bossOverrides?: Partial<ConstructorOptions>;
  /** The worker's metrics (null when off): job run time and failures, queue depth at scrape time. */
  metrics?: ApiMetrics | null;
  /**
   * The error service (null when SENTRY_DSN is unset): a job's last failed attempt — the one that
   * sends it to the dead-letter queue — is reported, tagged `job:<queue>` with its org and request id.
   */
  errors?: ErrorReporter | null;
}

/**
 * The worker's engine: one pg-boss instance that creates (or updates) each queue and its dead-letter
 * queue, registers the schedules, and works every queue with its own concurrency. stop() stops
 * fetching, lets running jobs finish within the drain time, then releases (fails, so they are
 * retried) whatever is still running, and closes the pool.
 */
export function createJobRunner(options: JobRunnerOptions) {
  const boss: PgBoss = createBoss({
    databaseUrl: options.databaseUrl,
    log: options.log,
    poolMax: options.poolMax,
    role: "worker",
    overrides: options.bossOverrides,
  });

  const metrics = options.metrics ?? null;
  const errors = options.errors ?? null;
  async function start() {
    await boss.start();
    metrics?.setQueueDepthReader(() => queueDepth(boss));
    for (const { definition } of options.queues) await ensureQueue(boss, definition);
    for (const schedule of options.schedules ?? []) {
      await boss.schedule(schedule.queue, schedule.cron, null, { tz: "UTC" });
    }
    // A schedule turned off by configuration: a previous start may have registered it.
    for (const queue of options.unscheduled ?? []) await boss.unschedule(queue);
    for (const { definition, handler } of options.queues) {
      await boss.work(
        definition.name,
        {
          localConcurrency: definition.localConcurrency,
          batchSize: 1,
          pollingIntervalSeconds: definition.pollingIntervalSeconds ?? 2,
        },
        ([job]: Job<unknown>[]) =>
          job ? runJob({ log: options.log, boss, metrics, errors, definition }, job, handler as JobHandler) : Promise.resolve(),
      );
    }
    options.log.info({ queues: options.queues.map((q) => q.definition.name) }, "worker started");
  }

  let stopping: Promise<void> | undefined;
  /** Graceful: running jobs get `drainMs` to finish; the rest are released for another worker. */
  const stop = (drainMs: number) => (stopping ??= boss.stop({ graceful: true, timeout: drainMs, close: true }));

  return { boss, start, stop };
}

/** Creates the queue and its dead-letter queue when missing, and applies the options of queues.ts. */
export async function ensureQueue(boss: PgBoss, definition: QueueDefinition) {
  const deadLetter = deadLetterQueueOf(definition.name);
  await boss.createQueue(deadLetter, DEAD_LETTER_OPTIONS);
  await boss.createQueue(definition.name, { ...definition.options, deadLetter });
  // createQueue leaves an existing queue as it is; the policy cannot change after creation.
  const {
    policy: _policy,
    partition: _partition,
    retryDelayMax: _retryDelayMax,
    heartbeatSeconds: _heartbeat,
    ...updatable
  } = definition.options;
  await boss.updateQueue(definition.name, { ...updatable, deadLetter });
}

/** Queue depth by state, from pg-boss's queue counters (read on each metrics scrape). */
async function queueDepth(boss: PgBoss) {
  const queues = await boss.getQueues();
  return queues.flatMap((q) => [
    { queue: q.name, state: "deferred", count: q.deferredCount },
    { queue: q.name, state: "ready", count: q.readyCount },
    { queue: q.name, state: "active", count: q.activeCount },
    { queue: q.name, state: "failed", count: q.failedCount },
  ]);
}

interface RunJobDeps {
  log: Logger;
  boss: PgBoss;
  metrics: ApiMetrics | null;
  errors: ErrorReporter | null;
  definition: QueueDefinition;
}

async function runJob(deps: RunJobDeps, job: Job<unknown>, handler: JobHandler) {
  const { log, boss, metrics, errors, definition } = deps;
  const finalAttempt = job.retryCount >= (definition.options.retryLimit ?? 0);
  const queue = definition.name;
  const envelope = isEnvelope(job.data) ? job.data : null;
  const send: JobSender = async (target, payload, sendOptions = {}) => {
    const data: JobEnvelope<unknown> = {
      orgId: sendOptions.orgId !== undefined ? sendOptions.orgId : (envelope?.orgId ?? null),
      actorId: null,
      requestId: envelope?.requestId ?? null,
      payload,
    };
    return boss.send(target, data as object, sendOptions.startAfter ? { startAfter: sendOptions.startAfter } : {});
  };
  const context: JobContext<unknown> = {
    id: job.id,
    queue,
    payload: envelope ? envelope.payload : (job.data ?? {}),
    orgId: envelope?.orgId ?? null,
    actorId: envelope?.actorId ?? null,
    requestId: envelope?.requestId ?? null,
    retryCount: job.retryCount,
    signal: job.signal,
    log: log.child({ jobId: job.id, queue, orgId: envelope?.orgId ?? undefined, attempt: job.retryCount + 1 }),
    send,
  };
  const attempt = async () => {
    const started = performance.now();
    try {
      const result = await handler(context);
      context.log.info({ durationMs: Math.round(performance.now() - started) }, "job completed");
      return result;
    } catch (error) {
      const e = error as Error;
      context.log.warn(
        { durationMs: Math.round(performance.now() - started), error: { type: e.name, message: e.message }, finalAttempt },
        "job failed",
      );
      // Earlier attempts are retried; the last one goes to the dead-letter queue: someone should know.
      if (finalAttempt) {
        errors?.report(error, {
          procedure: `job:${queue}`,
          orgId: envelope?.orgId ?? undefined,
          requestId: envelope?.requestId ?? undefined,
        });
      }
      throw error;
    }
  };
  // A span per run (joined to the enqueuing request by its id), timed and counted by the metrics.
  const run = () =>
    withJobSpan(
      queue,
      {
        queue,
        jobId: job.id,
        orgId: envelope?.orgId ?? undefined,
        requestId: envelope?.requestId ?? undefined,
        attempt: job.retryCount + 1,
      },
      () =>
        metrics
          ? metrics.observeJobRun(queue, attempt, { finalAttempt })
          : attempt(),
    );
  // The logger's mixin adds the request id of the request that enqueued the job to every line.
  return envelope?.requestId ? requestContext.run({ requestId: envelope.requestId }, run) : run();
}
