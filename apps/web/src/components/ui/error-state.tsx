import { Button } from "./button";

/** An error a person can act on: what happened, the request id to quote, and a retry. */
export function ErrorState({
  title,
  message,
  requestId,
  onRetry,
  retrying = false,
  referenceLabel = "Request id",
}: {
  title: string;
  message: string;
  requestId?: string | null;
  onRetry?: () => void;
  retrying?: boolean;
  /** What the reference is: the API's request id, or a render error's digest. */
  referenceLabel?: string;
}) {
  return (
    <div role="alert" className="rounded-xl border border-rose-200 bg-rose-50 p-5">
      <h2 className="text-sm font-semibold text-rose-800">{title}</h2>
      <p className="mt-1 text-sm text-rose-700">{message}</p>
      {requestId && (
        <p className="mt-2 text-xs text-rose-700">
          {referenceLabel}:{" "}
          <code className="select-all font-mono" data-testid="error-request-id">
            {requestId}
          </code>
        </p>
      )}
      {onRetry && (
        <Button variant="secondary" className="mt-4" onClick={onRetry} disabled={retrying}>
          {retrying ? "Retrying…" : "Try again"}
        </Button>
      )}
    </div>
  );
}
