import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Latency buckets (seconds): a 1 ms read to a 10 s timeout. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Job runs are longer: a mail send to a webhook's 10 s timeout and beyond. */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** One row of queue depth, read when Prometheus scrapes. */
export interface QueueDepth {
  queue: string;
  /** e.g. created, retry, active, failed (pg-boss's states). */
  state: string;
  count: number;
}

export type QueueDepthReader = () => Promise<readonly QueueDepth[]>;

/**
 * The API's Prometheus series, on a registry of their own (one per process; tests build several).
 * Labels are bounded: procedures come from the router (only a matched procedure is observed),
 * routes are Fastify's route patterns ("unmatched" for anything else), codes come from the error
 * table, limit names from the rate-limit table, queues from the job code.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  let readQueueDepth: QueueDepthReader | undefined;
  let readPoolStats: (() => { total: number; idle: number; waiting: number }) | undefined;

  const metrics = {
    registry,
    httpRequestDuration: new Histogram({
      name: "agency_http_request_duration_seconds",
      help: "HTTP requests by route pattern, method and status: latency, and with _count the request rate.",
      labelNames: ["route", "method", "status"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    procedureDuration: new Histogram({
      name: "agency_trpc_procedure_duration_seconds",
      help: "tRPC procedure calls by procedure, type and result code (OK or the API error code): latency and rate.",
      labelNames: ["procedure", "type", "code"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    errors: new Counter({
      name: "agency_errors_total",
      help: "Errors answered, by API error code (tRPC procedures and plain routes).",
      labelNames: ["code"] as const,
      registers: [registry],
    }),
    dbTransactionDuration: new Histogram({
      name: "agency_db_transaction_duration_seconds",
      help: "Database transactions by kind (tenant, maintenance) and outcome (commit, rollback), including the wait for a connection.",
      labelNames: ["kind", "outcome"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    dbQueryDuration: new Histogram({
      name: "agency_db_query_duration_seconds",
      help: "Statements on pooled connections by outcome (ok, error).",
      labelNames: ["outcome"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    dbPoolConnections: new Gauge({
      name: "agency_db_pool_connections",
      help: "The database pool at scrape time: total and idle connections, and callers waiting for one.",
      labelNames: ["state"] as const,
      registers: [registry],
      collect() {
        const stats = readPoolStats?.();
        if (!stats) return;
        this.set({ state: "total" }, stats.total);
        this.set({ state: "idle" }, stats.idle);
        this.set({ state: "waiting" }, stats.waiting);
      },
    }),
    rateLimitRefusals: new Counter({
      name: "agency_rate_limit_refusals_total",
      help: "Requests refused by a rate limit, by limit name (rate-limit/limits.ts).",
      labelNames: ["limit"] as const,
      registers: [registry],
    }),
    sseConnections: new Gauge({
      name: "agency_sse_connections",
      help: "Open subscription streams (SSE) in this process.",
      registers: [registry],
    }),
    jobQueueDepth: new Gauge({
      name: "agency_job_queue_depth",
      help: "Jobs per queue and state, read from the queue at scrape time.",
      labelNames: ["queue", "state"] as const,
      registers: [registry],
      async collect() {
        if (!readQueueDepth) return;
        this.reset();
        for (const row of await readQueueDepth()) this.set({ queue: row.queue, state: row.state }, row.count);
      },
    }),
    jobRunDuration: new Histogram({
      name: "agency_job_run_duration_seconds",
      help: "Job runs by queue and outcome (completed, failed): run time, and with _count the run rate.",
      labelNames: ["queue", "outcome"] as const,
      buckets: JOB_BUCKETS,
      registers: [registry],
    }),
    jobFailures: new Counter({
      name: "agency_job_failures_total",
      help: "Failed job runs by queue and whether the job will be retried or went to the dead-letter queue.",
      labelNames: ["queue", "final"] as const,
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: "agency_webhook_deliveries_total",
      help: "Outbound webhook delivery attempts by outcome (success, http_error, timeout, network_error, refused).",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    /** The database pool whose counters agency_db_pool_connections reads at scrape time. */
    watchPool(reader: () => { total: number; idle: number; waiting: number }) {
      readPoolStats = reader;
    },
    /**
     * The job code registers how to read queue depth (e.g. pg-boss's getQueues); it is called on
     * each scrape, so the depth is as fresh as the scrape. One reader per process; a second replaces it.
     */
    setQueueDepthReader(reader: QueueDepthReader | undefined) {
      readQueueDepth = reader;
    },
    /**
     * Times one job run into agency_job_run_duration_seconds and counts a failure into
     * agency_job_failures_total (`final`: no retry is left). Rethrows the job's error.
     */
    async observeJobRun<T>(queue: string, run: () => Promise<T>, options: { finalAttempt?: boolean } = {}): Promise<T> {
      const stop = metrics.jobRunDuration.startTimer({ queue });
      try {
        const result = await run();
        stop({ outcome: "completed" });
        return result;
      } catch (error) {
        stop({ outcome: "failed" });
        metrics.jobFailures.inc({ queue, final: String(options.finalAttempt === true) });
        throw error;
      }
    },
  };
  return metrics;
}

export type ApiMetrics = ReturnType<typeof createMetrics>;
