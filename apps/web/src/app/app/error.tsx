"use client";

import { ErrorState } from "~/components/ui/error-state";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState
      title="This section failed to load"
      message="Something went wrong while showing this section. Try again; if it keeps happening, quote the reference below."
      requestId={error.digest ?? null}
      referenceLabel="Reference"
      onRetry={reset}
    />
  );
}
