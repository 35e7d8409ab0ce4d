"use client";

import { signInInputSchema } from "@agency/validators";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { fieldErrorsOf, type FieldErrors } from "~/lib/auth-flow";
import { Button } from "../ui/button";
import { AuthField, FormError, useFocusFirstInvalid } from "./auth-field";
import { carryCallback, ProviderButtons } from "./provider-buttons";

/** The API's refusal once the account's (or this browser's) failure budget is spent. */
const LOCKED_OUT = /too many failed sign-ins/i;

/** Email + password through next-auth's credentials flow (the API checks; the device cookie rides along). */
export function SignInForm({ callbackUrl, providers }: { callbackUrl: string; providers: { id: string; name: string }[] }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  useFocusFirstInvalid(form, fieldErrors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = signInInputSchema.safeParse(Object.fromEntries(new FormData(event.currentTarget)));
    if (!parsed.success) {
      setFieldErrors(fieldErrorsOf(parsed.error.issues));
      return;
    }
    setFieldErrors({});
    setFormError(null);
    setPending(true);
    const result = await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false }).catch(
      () => undefined,
    );
    if (!result || result.error) {
      setPending(false);
      setFormError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Sign-in failed. Try again.");
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <form ref={form} onSubmit={onSubmit} noValidate className="space-y-4" aria-describedby={formError ? "form-error" : undefined}>
        <AuthField id="email" label="Email" type="email" autoComplete="email" error={fieldErrors.email} />
        <div>
          <AuthField id="password" label="Password" type="password" autoComplete="current-password" error={fieldErrors.password} />
          {/* After the field, so Tab goes from email straight to password. */}
          <p className="mt-2 text-right text-sm">
            <Link href="/forgot-password" className="font-medium text-brand-700 underline hover:text-brand-800">
              Forgot your password?
            </Link>
          </p>
        </div>
        {formError && (
          <FormError>
            <p>{formError}</p>
            {LOCKED_OUT.test(formError) && (
              <p className="mt-1">
                <Link href="/forgot-password" className="font-medium underline">
                  Reset your password
                </Link>{" "}
                to get back in now.
              </p>
            )}
          </FormError>
        )}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <ProviderButtons providers={providers} callbackUrl={callbackUrl} />
      <p className="text-center text-sm text-slate-600">
        New here?{" "}
        <Link className="font-medium text-brand-700 underline" href={`/sign-up${carryCallback(callbackUrl)}`}>
          Create an account
        </Link>
      </p>
    </div>
  );
}
