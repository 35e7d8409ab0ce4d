"use client";

import { PASSWORD_MIN_LENGTH, passwordSchema } from "@agency/validators";
import { useRef, useState, type FormEvent } from "react";
import { fieldErrorsOf, type FieldErrors } from "~/lib/auth-flow";
import { resetPasswordAction } from "~/server/account-actions";
import { Button, ButtonLink } from "../ui/button";
import { AuthField, FormError, useFocusFirstInvalid } from "./auth-field";
import { AuthHeading } from "./auth-page";

type Outcome = { kind: "reset" } | { kind: "link_invalid"; message: string } | null;

/** New password + confirmation for a reset link (the shared policy); the API signs every device out. */
export function ResetPasswordForm({ token }: { token: string }) {
  const form = useRef<HTMLFormElement>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  useFocusFirstInvalid(form, fieldErrors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget)) as { password: string; confirmPassword: string };
    const errors = fieldErrorsOf(passwordSchema.safeParse(data.password).error?.issues.map((i) => ({ ...i, path: ["password"] })) ?? []);
    if (!errors.password && data.confirmPassword !== data.password) errors.confirmPassword = "The two passwords do not match";
    if (Object.keys(errors).length) {
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    setFormError(null);
    setPending(true);
    const result = await resetPasswordAction({ token, ...data }).catch(() => ({
      status: "error" as const,
      message: "Could not reach the server. Check your connection and try again.",
    }));
    setPending(false);
    if (result.status === "reset") setOutcome({ kind: "reset" });
    else if (result.status === "link_invalid") setOutcome({ kind: "link_invalid", message: result.message });
    else if (result.status === "invalid") setFieldErrors(result.fieldErrors);
    else setFormError(result.message);
  }

  if (outcome?.kind === "reset") {
    return (
      <div data-testid="password-reset-done">
        <AuthHeading title="Password changed" focus />
        <div className="space-y-3 text-sm text-slate-700">
          <p>Your new password is set. Every device that was signed in to your account has been signed out, this one included.</p>
          <p>Sign in with the new password to continue.</p>
        </div>
        <ButtonLink href="/sign-in" className="mt-6 w-full">
          Sign in
        </ButtonLink>
      </div>
    );
  }
  if (outcome?.kind === "link_invalid") return <ResetLinkInvalid message={outcome.message} />;

  return (
    <div>
      <AuthHeading title="Choose a new password" subtitle="Every device signed in to your account will be signed out." />
      <form ref={form} onSubmit={onSubmit} noValidate className="space-y-4" aria-describedby={formError ? "form-error" : undefined}>
        <AuthField
          id="password"
          label="New password"
          type="password"
          autoComplete="new-password"
          error={fieldErrors.password}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters, and not a common password.`}
        />
        <AuthField id="confirmPassword" label="Confirm new password" type="password" autoComplete="new-password" error={fieldErrors.confirmPassword} />
        {formError && (
          <FormError>
            <p>{formError}</p>
          </FormError>
        )}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Saving…" : "Set new password"}
        </Button>
      </form>
    </div>
  );
}

/** An unknown, used or expired reset link (or an incomplete one): say so, and offer a new one. */
export function ResetLinkInvalid({ message }: { message: string }) {
  return (
    <div data-testid="reset-link-invalid">
      <AuthHeading title="This link can't be used" focus />
      <FormError>
        <p>{message}</p>
      </FormError>
      <p className="mt-3 text-sm text-slate-600">Reset links work once, for one hour. Only the newest link you asked for works.</p>
      <div className="mt-6 flex flex-col gap-3">
        <ButtonLink href="/forgot-password">Ask for a new link</ButtonLink>
        <ButtonLink href="/sign-in" variant="secondary">
          Back to sign in
        </ButtonLink>
      </div>
    </div>
  );
}
