import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestStore {
  requestId: string;
}

/** Carries the request id through every async hop so any log line can include it. */
export const requestContext = new AsyncLocalStorage<RequestStore>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

// Inbound ids are echoed back and logged, so only accept short, boring ones.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Accepts a sane inbound `x-request-id`, otherwise generates a UUID. */
export function requestIdFrom(header: string | string[] | undefined | null): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SAFE_REQUEST_ID.test(value) ? value : randomUUID();
}
