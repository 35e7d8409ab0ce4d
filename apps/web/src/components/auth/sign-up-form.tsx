"use client";

import { signUpInputSchema } from "@agency/validators";
import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { fieldErrorsOf, type FieldErrors } from "~/lib/auth-flow";
import { signUpAction } from "~/server/account-actions";
import { Button, ButtonLink } from "../ui/button";
import { AuthField, FormError, useFocusFirstInvalid } from "./auth-field";
import { AuthHeading } from "./auth-page";
import { CheckInbox } from "./check-inbox";
import { carryCallback, ProviderButtons } from "./provider-buttons";

type Values = { name: string; email: string; password: string };

/**
 * Sign-up through a server action (auth.signUp): the same "check your inbox" for a new and an
 * existing email, and no one is signed in — the new account confirms its email, then signs in.
 */
export function SignUpForm({ callbackUrl, providers }: { callbackUrl: string; providers: { id: string; name: string }[] }) {
  const form = useRef<HTMLFormElement>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  // Kept across "use another email", so the form comes back filled in (the password excepted).
  const [values, setValues] = useState<Partial<Values>>({});
  useFocusFirstInvalid(form, fieldErrors);
  const carry = carryCallback(callbackUrl);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget)) as Values;
    setValues({ name: data.name, email: data.email });
    const parsed = signUpInputSchema.safeParse(data);
    if (!parsed.success) {
      setFieldErrors(fieldErrorsOf(parsed.error.issues));
      return;
    }
    setFieldErrors({});
    setFormError(null);
    setPending(true);
    const result = await signUpAction(parsed.data).catch(() => ({
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
            <ButtonLink href={`/sign-in${carry}`}>Go to sign in</ButtonLink>
            <Button variant="secondary" onClick={() => setSentTo(null)}>
              Use another email address
            </Button>
          </>
        }
      >
        <p>
          If this address is new to Agency OS, the email holds a link to confirm it (valid for 24 hours); once confirmed, sign in. If it
          already has an account, the email tells you how to sign in or reset the password.
        </p>
      </CheckInbox>
    );
  }

  return (
    <div className="space-y-6">
      <div>
        <AuthHeading title="Create your account" subtitle="Passwords need 10+ characters and must not be a common one." />
        <form ref={form} onSubmit={onSubmit} noValidate className="space-y-4" aria-describedby={formError ? "form-error" : undefined}>
          <AuthField id="name" label="Your name" type="text" autoComplete="name" error={fieldErrors.name} defaultValue={values.name} />
          <AuthField id="email" label="Email" type="email" autoComplete="email" error={fieldErrors.email} defaultValue={values.email} />
          <AuthField id="password" label="Password" type="password" autoComplete="new-password" error={fieldErrors.password} />
          {formError && (
            <FormError>
              <p>{formError}</p>
            </FormError>
          )}
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? "Creating account…" : "Create account"}
          </Button>
        </form>
      </div>
      <ProviderButtons providers={providers} callbackUrl={callbackUrl} />
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link className="font-medium text-brand-700 underline" href={`/sign-in${carry}`}>
          Sign in
        </Link>
      </p>
    </div>
  );
}
