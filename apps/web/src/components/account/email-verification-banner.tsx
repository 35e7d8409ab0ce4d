"use client";

import { usePathname } from "next/navigation";
import { useState } from "react";
import { ResendVerification } from "./resend-verification";

/**
 * Shown on every app page while the account's email is unconfirmed. "Dismiss" hides it on this
 * page only: it is back on the next page, until the email is confirmed (the layout reads
 * account.me on every request).
 */
export function EmailVerificationBanner({ email }: { email: string }) {
  const pathname = usePathname();
  const [dismissedOn, setDismissedOn] = useState<string | null>(null);
  if (dismissedOn === pathname) return null;
  return (
    <section
      aria-label="Confirm your email address"
      data-testid="verify-email-banner"
      className="border-b border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950"
    >
      <div className="mx-auto flex max-w-7xl flex-col gap-2 sm:flex-row sm:items-center sm:gap-4">
        <p className="min-w-0 flex-1">
          <span className="font-semibold">Confirm your email address</span> to accept invitations and use single sign-on — we sent a
          link to <span className="break-words font-medium">{email}</span>.
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <ResendVerification />
          <button
            type="button"
            onClick={() => setDismissedOn(pathname)}
            className="rounded-md px-2 py-1 text-sm font-medium text-amber-900 underline-offset-2 hover:bg-amber-100 hover:underline"
            aria-label="Dismiss this notice on this page"
          >
            Dismiss
          </button>
        </div>
      </div>
    </section>
  );
}
