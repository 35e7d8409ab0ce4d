"use client";

import "./globals.css";

/** Last resort when the root layout itself fails: it replaces the whole document, so it brings its own html/body. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="font-sans">
        <main className="mx-auto max-w-xl px-4 py-16">
          <div role="alert" className="rounded-xl border border-rose-200 bg-rose-50 p-5">
            <h1 className="text-base font-semibold text-rose-800">Agency OS could not start this page</h1>
            <p className="mt-1 text-sm text-rose-700">
              Reload to try again. If it keeps happening, quote the reference below.
            </p>
            {error.digest && (
              <p className="mt-2 text-xs text-rose-700">
                Reference: <code className="font-mono">{error.digest}</code>
              </p>
            )}
            <button
              type="button"
              onClick={reset}
              className="mt-4 rounded-lg bg-white px-4 py-2 text-sm font-semibold text-slate-900 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            >
              Try again
            </button>
          </div>
        </main>
      </body>
    </html>
  );
}
