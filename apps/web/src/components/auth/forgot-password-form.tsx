"use client";

import { requestPasswordResetInputSchema } from "@agency/validators";
import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { fieldErrorsOf, type FieldErrors } from "~/lib/auth-flow";
import { requestPasswordResetAction } from "~/server/account-actions";
import { Button, ButtonLink } from "../ui/button";
import { AuthField, FormError, useFocusFirstInvalid } from "./auth-field";
import { AuthHeading } from "./auth-page";
import { CheckInbox } from "./check-inbox";

/** "Forgot password": asks for a reset link; the answer never says whether the address has an account. */
export function ForgotPasswordForm() {
  const form = useRef<HTMLFormElement>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  useFocusFirstInvalid(form, fieldErrors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget)) as { email: string };
    setEmail(data.email);
    const parsed = requestPasswordResetInputSchema.safeParse(data);
    if (!parsed.success) {
      setFieldErrors(fieldErrorsOf(parsed.error.issues));
      return;
    }
    setFieldErrors({});
    setFormError(null);
    setPending(true);
    const result = await requestPasswordResetAction(parsed.data).catch(() => ({
      status: "error" as const,
      message: "Could not reach the server. Check your connection and try again.",
    }));
    setPending(false);
    if (result.status === "check_email") setSentTo(result.email);
    else if (result.status === "invalid") setFieldErrors(result.fieldErrors);
    else setFormError(result.message);
  }

  if (sentTo) {
    return (
      <CheckInbox
        email={sentTo}
        actions={
          <>
            <ButtonLink href="/sign-in">Back to sign in</ButtonLink>
            <Button variant="secondary" onClick={() => setSentTo(null)}>
              Try another email address
            </Button>
          </>
        }
      >
        <p>
          If an account uses this address, the email holds a link to choose a new password. It works once, for one hour, and signs every
          device out of the account.
        </p>
      </CheckInbox>
    );
  }

  return (
    <div className="space-y-6">
      <div>
        <AuthHeading title="Reset your password" subtitle="Enter the email address of your account and we'll send you a link to choose a new password." />
        <form ref={form} onSubmit={onSubmit} noValidate className="space-y-4" aria-describedby={formError ? "form-error" : undefined}>
          <AuthField id="email" label="Email" type="email" autoComplete="email" error={fieldErrors.email} defaultValue={email} />
          {formError && (
            <FormError>
              <p>{formError}</p>
            </FormError>
          )}
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? "Sending…" : "Send reset link"}
          </Button>
        </form>
      </div>
      <p className="text-center text-sm text-slate-600">
        Remembered it?{" "}
        <Link className="font-medium text-brand-700 underline" href="/sign-in">
          Sign in
        </Link>
      </p>
    </div>
  );
}
