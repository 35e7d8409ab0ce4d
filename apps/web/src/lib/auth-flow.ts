import { TRPCClientError } from "@trpc/client";

/** Per-field messages for a form, first issue per field wins (what the forms show inline). */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field === "string" && !(field in errors)) errors[field] = issue.message;
  }
  return errors;
}

/** What the API said when it refused a call, read defensively (the shapes come over the wire). */
export interface ApiRefusal {
  httpStatus: number | null;
  code: string | null;
  /** The API's own message, only for answers (< 500): outages and bugs get ours. */
  message: string | null;
  /** `details.reason` (e.g. "email_unverified", "account_unverified"). */
  reason: string | null;
  retryAfterSeconds: number | null;
  fieldErrors: FieldErrors;
}

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" ? (value as Record<string, unknown>) : {};

export function apiRefusalOf(error: unknown): ApiRefusal {
  const none: ApiRefusal = { httpStatus: null, code: null, message: null, reason: null, retryAfterSeconds: null, fieldErrors: {} };
  if (!(error instanceof TRPCClientError)) return none;
  const data = record(error.data);
  const httpStatus = typeof data.httpStatus === "number" ? data.httpStatus : null;
  const details = record(data.details ?? record(error.shape).details);
  const issues = Array.isArray(details.issues)
    ? details.issues.filter(
        (issue): issue is { path: PropertyKey[]; message: string } =>
          Array.isArray(record(issue).path) && typeof record(issue).message === "string",
      )
    : [];
  const answered = httpStatus !== null && httpStatus < 500;
  return {
    httpStatus,
    code: typeof data.code === "string" ? data.code : null,
    message: answered ? humanizeWait(error.message) : null,
    reason: typeof details.reason === "string" ? details.reason : null,
    retryAfterSeconds: typeof details.retryAfterSeconds === "number" ? details.retryAfterSeconds : null,
    fieldErrors: fieldErrorsOf(issues),
  };
}

/**
 * The API states waits in seconds ("Try again in 898 s"); past a minute and a half people read
 * minutes better: "Try again in about 15 minutes". Other text is left as the API wrote it.
 */
export function humanizeWait(message: string): string {
  return message.replace(/\bin (\d+) s\b/, (whole, digits: string) => {
    const seconds = Number(digits);
    if (seconds < 90) return whole;
    const minutes = Math.ceil(seconds / 60);
    if (minutes < 120) return `in about ${minutes} minutes`;
    return `in about ${Math.ceil(minutes / 60)} hours`;
  });
}
