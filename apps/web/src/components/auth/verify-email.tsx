"use client";

import { useActionState } from "react";
import { verifyEmailAction } from "~/server/account-actions";
import { ResendVerification } from "../account/resend-verification";
import { Button, ButtonLink } from "../ui/button";
import { FormError } from "./auth-field";
import { AuthHeading } from "./auth-page";

export interface VerifyEmailViewer {
  signedIn: boolean;
  /** The signed-in account's own email state (null when signed out). */
  email: string | null;
  emailVerified: boolean;
}

/**
 * The page behind a verification link. Opening it spends nothing (mail scanners follow GET
 * links); the button posts the token (a server action, so it works before JavaScript loads).
 */
export function VerifyEmail({ token, viewer }: { token: string; viewer: VerifyEmailViewer }) {
  const [state, formAction, pending] = useActionState(verifyEmailAction, null);

  if (state?.status === "verified") {
    return (
      <div data-testid="email-verified">
        <AuthHeading title="Email confirmed" focus />
        <p className="text-sm text-slate-700">
          <span className="break-words font-semibold text-slate-900">{state.email}</span> is confirmed. You can now accept invitations and
          use single sign-on with this address.
        </p>
        <ButtonLink href={viewer.signedIn ? "/app" : "/sign-in"} className="mt-6 w-full">
          {viewer.signedIn ? "Continue to the app" : "Sign in"}
        </ButtonLink>
      </div>
    );
  }
  if (state?.status === "link_invalid") return <VerificationLinkInvalid message={state.message} viewer={viewer} />;

  return (
    <div>
      <AuthHeading title="Confirm your email address" subtitle="One click and this address is confirmed for your Agency OS account." />
      <form action={formAction} className="space-y-4" aria-describedby={state?.status === "error" ? "form-error" : undefined}>
        <input type="hidden" name="token" value={token} />
        {state?.status === "error" && (
          <FormError>
            <p>{state.message}</p>
          </FormError>
        )}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Confirming…" : "Confirm my email address"}
        </Button>
      </form>
    </div>
  );
}

/** An invalid, expired or used verification link: say so, and how to get a new one. */
export function VerificationLinkInvalid({ message, viewer }: { message: string; viewer: VerifyEmailViewer }) {
  return (
    <div data-testid="verification-link-invalid">
      <AuthHeading title="This link can't be used" focus />
      <FormError>
        {/* The API's message tells a signed-out reader to sign in; a signed-in one gets the button below instead. */}
        <p>{viewer.signedIn ? message.replace(/\s*Sign in and ask for a new one\.$/, "") : message}</p>
      </FormError>
      <p className="mt-3 text-sm text-slate-600">Confirmation links work once, for 24 hours, and only the newest one you were sent works.</p>
      <div className="mt-6 space-y-3">
        {viewer.signedIn && viewer.emailVerified && (
          <>
            <p className="text-sm font-medium text-emerald-800">Your email address ({viewer.email}) is already confirmed: nothing more to do.</p>
            <ButtonLink href="/app" className="w-full">
              Continue to the app
            </ButtonLink>
          </>
        )}
        {viewer.signedIn && !viewer.emailVerified && (
          <>
            <p className="text-sm text-slate-700">
              We can send a new link to <span className="font-semibold text-slate-900">{viewer.email}</span>.
            </p>
            <ResendVerification variant="primary" />
          </>
        )}
        {!viewer.signedIn && (
          // Signed in, the app's banner offers a new link.
          <ButtonLink href="/sign-in" className="w-full">
            Sign in
          </ButtonLink>
        )}
      </div>
    </div>
  );
}
