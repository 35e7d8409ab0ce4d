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

function dataOf(error: unknown): ErrorData {
  if (error instanceof TRPCClientError && error.data && typeof error.data === "object") return error.data as ErrorData;
  return {};
}

/** 4xx errors are answers, not outages: retrying will not help. */
export function isClientError(error: unknown): boolean {
  const status = dataOf(error).httpStatus;
  return typeof status === "number" && status >= 400 && status < 500;
}

/** Turns any error from the API client into what a person should read. */
export function toUserFacingError(error: unknown): UserFacingError {
  const data = dataOf(error);
  const requestId = data.requestId ?? null;
  if (data.code === "RATE_LIMITED") {
    return { title: "Slow down a little", message: (error as Error).message, requestId };
  }
  if (typeof data.httpStatus === "number" && data.httpStatus < 500 && error instanceof Error) {
    return { title: "That didn't work", message: error.message, requestId };
  }
  if (error instanceof TRPCClientError && !data.httpStatus) {
    return {
      title: "Can't reach the API",
      message: "The web app could not connect to the API. Check that it is running, then retry.",
      requestId,
    };
  }
  return {
    title: "Something went wrong",
    message: "The API had a problem answering. Retry in a moment; quote the request id if it keeps happening.",
    requestId,
  };
}
