import type { TransactionClient } from "@agency/db";
import { currentRequestId } from "../observability/request-context";
import type { AppQueueName, JobPayloads } from "./queues";

export interface EnqueueOptions {
  /** Run no earlier than this many seconds from now (0 – 30 days). */
  startAfterSeconds?: number;
  /** At most one queued job per key (pg-boss singleton key); a duplicate enqueue returns null. */
  singletonKey?: string;
}

/**
 * Enqueues a job in the caller's transaction: it exists if and only if the transaction commits.
 * Goes through the SECURITY DEFINER function app_enqueue_job() (app_user has no right on pg-boss's
 * tables), which refuses queues outside the allowlist and stamps the verified organization and the
 * acting user into the job; the request id comes from the scope (or the request being served), so
 * the worker's log lines join the request's. Returns the job id (null: the singleton key was taken).
 */
export async function enqueue<Q extends AppQueueName>(
  scope: { tx: TransactionClient; request?: { requestId: string } },
  queue: Q,
  payload: JobPayloads[Q],
  options: EnqueueOptions = {},
): Promise<string | null> {
  const requestId = scope.request?.requestId ?? currentRequestId() ?? null;
  const rows = await scope.tx.$queryRaw<{ id: string | null }[]>`
    SELECT app_enqueue_job(${queue}, ${JSON.stringify(payload)}::jsonb, ${requestId}::text,
                           ${options.startAfterSeconds ?? 0}::int, ${options.singletonKey ?? null}::text)::text AS id`;
  return rows[0]?.id ?? null;
}
