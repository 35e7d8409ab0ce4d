"use server";

import {
  requestPasswordResetInputSchema,
  resetPasswordInputSchema,
  signUpInputSchema,
  verifyEmailInputSchema,
} from "@agency/validators";
import { apiRefusalOf, fieldErrorsOf, type FieldErrors } from "~/lib/auth-flow";
import { forgetSessionCookie, rememberDevice } from "./auth-cookies";
import { serverApi } from "./internal-api";

/**
 * The account flows that happen before anyone is signed in, as server actions: they call the
 * API's internal auth procedures through serverApi() (the shared secret, plus the browser's
 * address and user agent from the request being served), which the proxy never lets a browser
 * reach. Each validates with the shared schema first and answers a plain object the form shows.
 */

export type FormFailure = { status: "invalid"; fieldErrors: FieldErrors } | { status: "error"; message: string };

const UNAVAILABLE = "The service is unavailable right now. Try again in a moment.";

function failure(error: unknown): FormFailure {
  const refusal = apiRefusalOf(error);
  if (Object.keys(refusal.fieldErrors).length) return { status: "invalid", fieldErrors: refusal.fieldErrors };
  return { status: "error", message: refusal.message ?? UNAVAILABLE };
}

/** Sign-up: the same answer for a new and an existing email, and nobody is signed in. */
export async function signUpAction(input: { name: string; email: string; password: string }): Promise<
  { status: "check_email"; email: string } | FormFailure
> {
  const parsed = signUpInputSchema.safeParse(input);
  if (!parsed.success) return { status: "invalid", fieldErrors: fieldErrorsOf(parsed.error.issues) };
  try {
    await serverApi().auth.signUp.mutate(parsed.data);
  } catch (error) {
    return failure(error);
  }
  return { status: "check_email", email: parsed.data.email };
}

/** "Forgot password": the same answer whether or not the email has an account. */
export async function requestPasswordResetAction(input: { email: string }): Promise<
  { status: "check_email"; email: string } | FormFailure
> {
  const parsed = requestPasswordResetInputSchema.safeParse(input);
  if (!parsed.success) return { status: "invalid", fieldErrors: fieldErrorsOf(parsed.error.issues) };
  try {
    await serverApi().auth.requestPasswordReset.mutate(parsed.data);
  } catch (error) {
    return failure(error);
  }
  return { status: "check_email", email: parsed.data.email };
}

export type ResetPasswordResult = { status: "reset" } | { status: "link_invalid"; message: string } | FormFailure;

/**
 * Spends a reset link. The API signs every device out; this browser keeps a device cookie (the
 * owner is never locked out of the browser they reset from) and forgets its own dead session.
 */
export async function resetPasswordAction(input: { token: string; password: string; confirmPassword: string }): Promise<ResetPasswordResult> {
  const parsed = resetPasswordInputSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error.issues);
    if (fieldErrors.token) return { status: "link_invalid", message: "This reset link is incomplete. Copy the whole link from the email." };
    return { status: "invalid", fieldErrors };
  }
  if (input.confirmPassword !== input.password) {
    return { status: "invalid", fieldErrors: { confirmPassword: "The two passwords do not match" } };
  }
  let deviceToken: string;
  try {
    ({ deviceToken } = await serverApi().auth.resetPassword.mutate(parsed.data));
  } catch (error) {
    const refusal = apiRefusalOf(error);
    if (refusal.httpStatus === 404) return { status: "link_invalid", message: refusal.message ?? "This reset link can't be used." };
    return failure(error);
  }
  await rememberDevice(deviceToken);
  await forgetSessionCookie();
  return { status: "reset" };
}

export type VerifyEmailState =
  | { status: "verified"; email: string }
  | { status: "link_invalid"; message: string }
  | { status: "error"; message: string };

/** The verification page's button (a POST: mail scanners follow GET links, so opening the page spends nothing). */
export async function verifyEmailAction(_previous: VerifyEmailState | null, form: FormData): Promise<VerifyEmailState> {
  const parsed = verifyEmailInputSchema.safeParse({ token: String(form.get("token") ?? "") });
  if (!parsed.success) return { status: "link_invalid", message: "This link is incomplete. Copy the whole link from the email." };
  try {
    const { email } = await serverApi().auth.verifyEmail.mutate(parsed.data);
    return { status: "verified", email };
  } catch (error) {
    const refusal = apiRefusalOf(error);
    if (refusal.httpStatus === 404) return { status: "link_invalid", message: refusal.message ?? "This link can't be used." };
    return { status: "error", message: refusal.message ?? UNAVAILABLE };
  }
}
