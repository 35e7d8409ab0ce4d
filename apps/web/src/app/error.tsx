"use client";

import { ErrorState } from "~/components/ui/error-state";

export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <ErrorState
        title="This page failed to load"
        message="Something went wrong while showing this page. Try again; if it keeps happening, quote the reference below."
        requestId={error.digest ?? null}
        referenceLabel="Reference"
        onRetry={reset}
      />
    </main>
  );
}
