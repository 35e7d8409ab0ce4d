"use client";

import { signInInputSchema, signUpInputSchema } from "@agency/validators";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "../ui/button";

type Mode = "sign-in" | "sign-up";
type FieldErrors = Partial<Record<"name" | "email" | "password", string>>;

const inputClass =
  "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 aria-[invalid=true]:border-rose-500";

function Field(props: { id: "name" | "email" | "password"; label: string; type: string; autoComplete: string; error?: string }) {
  return (
    <div>
      <label htmlFor={props.id} className="block text-sm font-medium text-slate-800">
        {props.label}
      </label>
      <input
        id={props.id}
        name={props.id}
        type={props.type}
        autoComplete={props.autoComplete}
        required
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        className={inputClass}
      />
      {props.error && (
        <p id={`${props.id}-error`} className="mt-1 text-sm text-rose-700">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Sign-in and sign-up: validated with the API's own zod schemas, then next-auth's credentials flow. */
export function AuthForm({ mode, callbackUrl, providers }: { mode: Mode; callbackUrl: string; providers: { id: string; name: string }[] }) {
  const router = useRouter();
  // Switching between sign-in and sign-up keeps where the person was going (an invitation link, say).
  const carry = callbackUrl === "/app" ? "" : `?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const parsed = (mode === "sign-up" ? signUpInputSchema : signInInputSchema).safeParse(data);
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] as keyof FieldErrors] ??= issue.message;
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    setFormError(null);
    setPending(true);
    const result = await signIn("credentials", { ...parsed.data, mode, redirect: false });
    setPending(false);
    if (!result || result.error) {
      setFormError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Sign-in failed. Try again.");
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-describedby={formError ? "form-error" : undefined}>
        {mode === "sign-up" && <Field id="name" label="Your name" type="text" autoComplete="name" error={fieldErrors.name} />}
        <Field id="email" label="Email" type="email" autoComplete="email" error={fieldErrors.email} />
        <Field
          id="password"
          label="Password"
          type="password"
          autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
          error={fieldErrors.password}
        />
        {formError && (
          <p id="form-error" role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {formError}
          </p>
        )}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Please wait…" : mode === "sign-up" ? "Create account" : "Sign in"}
        </Button>
      </form>
      {providers.length > 0 && (
        <div className="space-y-2">
          <p className="text-center text-xs uppercase tracking-wide text-slate-500">or</p>
          {providers.map((provider) => (
            <Button key={provider.id} variant="secondary" className="w-full" onClick={() => void signIn(provider.id, { callbackUrl })}>
              Continue with {provider.name}
            </Button>
          ))}
        </div>
      )}
      <p className="text-center text-sm text-slate-600">
        {mode === "sign-up" ? (
          <>
            Already have an account? <Link className="font-medium text-brand-700 underline" href={`/sign-in${carry}`}>Sign in</Link>
          </>
        ) : (
          <>
            New here? <Link className="font-medium text-brand-700 underline" href={`/sign-up${carry}`}>Create an account</Link>
          </>
        )}
      </p>
    </div>
  );
}
