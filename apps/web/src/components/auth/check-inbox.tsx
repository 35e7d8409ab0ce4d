"use client";

import type { ReactNode } from "react";
import { AuthHeading } from "./auth-page";

/**
 * "Check your inbox", naming the address. The words must not depend on whether the address has
 * an account (sign-up and "forgot password" answer the same either way): `children` is the
 * same for both cases by construction, since the page never learns which it was.
 */
export function CheckInbox({ email, children, actions }: { email: string; children: ReactNode; actions: ReactNode }) {
  return (
    <div data-testid="check-inbox">
      <AuthHeading title="Check your inbox" focus />
      <div className="space-y-3 text-sm text-slate-700">
        <p>
          We sent an email to <span className="break-words font-semibold text-slate-900" data-testid="check-inbox-email">{email}</span>.
        </p>
        {children}
        <p className="text-slate-600">Nothing after a few minutes? Check your spam or junk folder, and that the address is right.</p>
      </div>
      <div className="mt-6 flex flex-col gap-3">{actions}</div>
    </div>
  );
}
