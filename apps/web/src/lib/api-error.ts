import { TRPCClientError } from "@trpc/client";

export interface UserFacingError {
  title: string;
  message: string;
  requestId: string | null;
}

interface ErrorData {
  code?: string;
  httpStatus?: number;
  requestId?: string;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
}

/**
 * What the API (or the web proxy) said about an error, read defensively:
 * `data` comes from our error formatter, but a proxy, an outage or an old
 * API version may send something else, or nothing.
 */
export function errorDataOf(error: unknown): ErrorData {
  if (!(error instanceof TRPCClientError)) return {};
  const data = asRecord(error.data) ?? {};
  const shape = asRecord(error.shape) ?? {};
  const pick = (key: string) =>
    typeof data[key] === "string" ? data[key] : typeof shape[key] === "string" ? shape[key] : undefined;
  return {
    code: pick("code"),
    httpStatus: typeof data.httpStatus === "number" ? data.httpStatus : undefined,
    requestId: pick("requestId"),
  };
}

/** 4xx errors are answers, not outages: retrying will not help. */
export function isClientError(error: unknown): boolean {
  const status = errorDataOf(error).httpStatus;
  return typeof status === "number" && status >= 400 && status < 500;
}

/** Turns any error from the API client into what a person should read. */
export function toUserFacingError(error: unknown): UserFacingError {
  const data = errorDataOf(error);
  const requestId = data.requestId ?? null;
  if (data.code === "RATE_LIMITED") {
    return { title: "Slow down a little", message: (error as Error).message, requestId };
  }
  if (typeof data.httpStatus === "number" && data.httpStatus < 500 && error instanceof Error) {
    return { title: "That didn't work", message: error.message, requestId };
  }
  if (data.code === "SERVICE_UNAVAILABLE" || (error instanceof TRPCClientError && !data.httpStatus)) {
    return {
      title: "Can't reach the API",
      message: "The web app could not get an answer from the API. Check that it is running, then retry.",
      requestId,
    };
  }
  return {
    title: "Something went wrong",
    message: "The API had a problem answering. Retry in a moment; quote the request id if it keeps happening.",
    requestId,
  };
}
