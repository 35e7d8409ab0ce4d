"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { apiRefusalOf } from "~/lib/auth-flow";
import { safeCallbackUrl } from "~/lib/callback-url";
import { ACTIVE_ORG_COOKIE } from "~/server/active-org";
import { serverApi } from "~/server/internal-api";
import { currentSessionId } from "~/server/session";

const ONE_YEAR = 60 * 60 * 24 * 365;

/**
 * Makes `orgId` the active organization (only if the signed-in user is a
 * member: the API's `organizations.mine` decides), then optionally navigates.
 * Returns an error message instead of throwing, for the caller to show.
 */
export async function activateOrganization(orgId: string, redirectTo?: string): Promise<{ error: string } | undefined> {
  const sessionId = await currentSessionId();
  if (!sessionId) redirect("/sign-in?reason=signed-out");
  const orgs = await serverApi(sessionId).organizations.mine.query();
  if (!orgs.some((org) => org.id === orgId)) return { error: "You are not a member of that organization." };
  await setActiveOrgCookie(orgId);
  if (redirectTo) redirect(safeCallbackUrl(redirectTo));
  return undefined;
}

async function setActiveOrgCookie(orgId: string) {
  (await cookies()).set(ACTIVE_ORG_COOKIE, orgId, {
    path: "/",
    sameSite: "lax",
    httpOnly: true,
    // Secure whenever the page was served over https (server actions always send Origin).
    secure: (await headers()).get("origin")?.startsWith("https://") ?? false,
    maxAge: ONE_YEAR,
  });
}

export interface AcceptInvitationState {
  httpStatus: number | null;
  message: string;
  /** The API's `details.reason`, e.g. "email_unverified" (the account must confirm its email first). */
  reason: string | null;
}

/**
 * Accepts the invitation in the form's `token` as the signed-in user, makes the
 * organization active and opens the app. A server action (not a browser call)
 * so the button works even before the page's JavaScript has loaded.
 */
export async function acceptInvitationAction(_previous: AcceptInvitationState | null, form: FormData): Promise<AcceptInvitationState> {
  const sessionId = await currentSessionId();
  const token = String(form.get("token") ?? "");
  if (!sessionId) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/invitations/${encodeURIComponent(token)}`)}`);
  let orgId: string;
  try {
    orgId = (await serverApi(sessionId).invitations.accept.mutate({ token })).id;
  } catch (error) {
    const refusal = apiRefusalOf(error);
    return {
      httpStatus: refusal.httpStatus,
      message: refusal.message ?? "The API could not accept the invitation right now. Try again in a moment.",
      reason: refusal.reason,
    };
  }
  await setActiveOrgCookie(orgId);
  redirect("/app");
}

/** Forgets the active organization (after leaving it): the next page falls back to the user's first organization. */
export async function forgetActiveOrganization(redirectTo = "/app"): Promise<void> {
  (await cookies()).delete(ACTIVE_ORG_COOKIE);
  redirect(safeCallbackUrl(redirectTo));
}
