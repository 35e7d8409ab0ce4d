"use client";

import { acceptInvitationInputSchema } from "@agency/validators";
import { signOut } from "next-auth/react";
import { useActionState } from "react";
import { acceptInvitationAction } from "~/app/app/org-actions";
import { ResendVerification } from "../account/resend-verification";
import { Button, ButtonLink } from "../ui/button";

/** "Accept invitation" for the signed-in user; the organization joined becomes active and the app opens. */
export function AcceptInvitation({ token, user, here }: { token: string; user: { name: string; email: string }; here: string }) {
  const [state, formAction, pending] = useActionState(acceptInvitationAction, null);
  const malformed = acceptInvitationInputSchema.safeParse({ token });
  if (!malformed.success) {
    return (
      <div className="space-y-4">
        <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {malformed.error.issues[0]?.message ?? "This invitation link is not valid."} Copy the whole link from the email, or ask for a new
          invitation.
        </p>
        <ButtonLink href="/app" variant="secondary">
          Go to the app
        </ButtonLink>
      </div>
    );
  }

  const unverified = state?.httpStatus === 403 && state.reason === "email_unverified";
  const wrongAccount = state?.httpStatus === 403 && !unverified;
  const unusable = state?.httpStatus === 404;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        Signed in as <span className="font-medium text-slate-900">{user.name}</span> ({user.email}).
      </p>
      {state && (
        <div
          role="alert"
          className={`space-y-1 rounded-lg px-3 py-2 text-sm ${unverified ? "bg-amber-50 text-amber-950 ring-1 ring-inset ring-amber-200" : "bg-rose-50 text-rose-800"}`}
        >
          <p className="font-semibold">
            {unverified
              ? "Confirm your email address first"
              : wrongAccount
                ? "This invitation is for another account"
                : unusable
                  ? "This invitation can't be used"
                  : "That didn't work"}
          </p>
          <p>{state.message}</p>
          {unusable && <p>Ask the person who invited you to send a new invitation.</p>}
          {unverified && (
            <p>
              The link went to <span className="font-medium">{user.email}</span>; once confirmed, come back to this page and accept.
            </p>
          )}
        </div>
      )}
      {unverified && <ResendVerification variant="primary" />}
      {wrongAccount ? (
        <div className="flex flex-col gap-3">
          <Button onClick={() => void signOut({ callbackUrl: `/sign-in?callbackUrl=${encodeURIComponent(here)}` })}>
            Sign out and use another account
          </Button>
          <ButtonLink href="/app" variant="secondary">
            Go to the app
          </ButtonLink>
        </div>
      ) : unusable ? (
        <ButtonLink href="/app" variant="secondary" className="w-full">
          Go to the app
        </ButtonLink>
      ) : (
        <form action={formAction}>
          <input type="hidden" name="token" value={token} />
          <Button type="submit" className="w-full" variant={unverified ? "secondary" : "primary"} disabled={pending}>
            {pending ? "Joining…" : unverified ? "I've confirmed it — accept invitation" : "Accept invitation"}
          </Button>
        </form>
      )}
    </div>
  );
}
