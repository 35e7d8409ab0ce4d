"use client";

import { acceptInvitationInputSchema } from "@agency/validators";
import { useMutation } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState, useTransition } from "react";
import { activateOrganization } from "~/app/app/org-actions";
import { errorDataOf, toUserFacingError } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";
import { Button, ButtonLink } from "../ui/button";

/** "Accept invitation" for the signed-in user; the organization joined becomes active and the app opens. */
export function AcceptInvitation({ token, user, here }: { token: string; user: { name: string; email: string }; here: string }) {
  const trpc = useTRPC();
  const [activating, startTransition] = useTransition();
  const [activationError, setActivationError] = useState<string | null>(null);
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: (org) =>
        startTransition(async () => {
          const result = await activateOrganization(org.id, "/app");
          if (result?.error) setActivationError(result.error);
        }),
    }),
  );
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

  const status = accept.error ? errorDataOf(accept.error).httpStatus : undefined;
  const wrongAccount = status === 403;
  const unusable = status === 404;
  const busy = accept.isPending || activating || (accept.isSuccess && !activationError);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        Signed in as <span className="font-medium text-slate-900">{user.name}</span> ({user.email}).
      </p>
      {accept.error && (
        <div role="alert" className="space-y-1 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          <p className="font-medium">
            {wrongAccount ? "This invitation is for another account" : unusable ? "This invitation can't be used" : "That didn't work"}
          </p>
          <p>{toUserFacingError(accept.error).message}</p>
          {unusable && <p>Ask the person who invited you to send a new invitation.</p>}
        </div>
      )}
      {activationError && (
        <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {activationError}
        </p>
      )}
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
        <Button className="w-full" disabled={busy} onClick={() => accept.mutate({ token })}>
          {busy ? "Joining…" : "Accept invitation"}
        </Button>
      )}
    </div>
  );
}
