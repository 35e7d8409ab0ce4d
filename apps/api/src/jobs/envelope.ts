/**
 * The data of a job enqueued by app_enqueue_job(): the database stamps the verified organization
 * and the acting user around the caller's payload, so a worker can trust them. Jobs pg-boss creates
 * itself (schedules) or the CLI sends carry no envelope.
 */
export interface JobEnvelope<P> {
  orgId: string | null;
  actorId: string | null;
  requestId: string | null;
  payload: P;
}

export function isEnvelope(data: unknown): data is JobEnvelope<unknown> {
  return typeof data === "object" && data !== null && "payload" in data && "orgId" in data;
}
