"use client";

import { useActionState } from "react";
import { unsubscribeAction } from "~/server/notification-actions";
import { FormError } from "../auth/auth-field";
import { AuthHeading } from "../auth/auth-page";
import { Button, ButtonLink } from "../ui/button";

/** One click and a confirm: the button posts the token (a server action: works before JavaScript loads). */
export function Unsubscribe({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(unsubscribeAction, null);

  if (state?.status === "unsubscribed") {
    return (
      <div data-testid="unsubscribed">
        <AuthHeading title="You're unsubscribed" focus />
        <p className="text-sm text-slate-700">
          Agency OS will not email you notifications any more. Your inbox in the app keeps working, and you can turn
          emails back on, kind by kind, in your settings.
        </p>
        <ButtonLink href="/app/settings#notifications" variant="secondary" className="mt-6 w-full">
          Notification settings
        </ButtonLink>
      </div>
    );
  }
  if (state?.status === "link_invalid") {
    return (
      <div data-testid="unsubscribe-invalid">
        <AuthHeading title="This link can't be used" focus />
        <FormError>
          <p>{state.message}</p>
        </FormError>
        <ButtonLink href="/app/settings#notifications" variant="secondary" className="mt-6 w-full">
          Notification settings
        </ButtonLink>
      </div>
    );
  }
  return (
    <div>
      <AuthHeading
        title="Stop notification emails?"
        subtitle="You will no longer get emails about assignments, mentions, comments, status changes or due dates. In-app notifications stay on."
      />
      <form
        action={formAction}
        className="space-y-4"
        aria-describedby={state?.status === "error" ? "form-error" : undefined}
      >
        <input type="hidden" name="token" value={token} />
        {state?.status === "error" && (
          <FormError>
            <p>{state.message}</p>
          </FormError>
        )}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Unsubscribing…" : "Unsubscribe from emails"}
        </Button>
      </form>
    </div>
  );
}
