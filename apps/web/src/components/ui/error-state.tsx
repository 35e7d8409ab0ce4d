import { Button } from "./button";

export function ErrorState({
  title,
  message,
  requestId,
  onRetry,
}: {
  title: string;
  message: string;
  requestId?: string | null;
  onRetry?: () => void;
}) {
  return (
    <div role="alert" className="rounded-xl border border-rose-200 bg-rose-50 p-5">
      <h2 className="text-sm font-semibold text-rose-800">{title}</h2>
      <p className="mt-1 text-sm text-rose-700">{message}</p>
      {requestId && (
        <p className="mt-2 text-xs text-rose-600">
          Request id: <code className="font-mono">{requestId}</code>
        </p>
      )}
      {onRetry && (
        <Button variant="secondary" className="mt-4" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}
