"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
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
  (await cookies()).set(ACTIVE_ORG_COOKIE, orgId, {
    path: "/",
    sameSite: "lax",
    httpOnly: true,
    // Secure whenever the page was served over https (server actions always send Origin).
    secure: (await headers()).get("origin")?.startsWith("https://") ?? false,
    maxAge: ONE_YEAR,
  });
  if (redirectTo) redirect(safeCallbackUrl(redirectTo));
  return undefined;
}

/** Forgets the active organization (after leaving it): the next page falls back to the user's first organization. */
export async function forgetActiveOrganization(redirectTo = "/app"): Promise<void> {
  (await cookies()).delete(ACTIVE_ORG_COOKIE);
  redirect(safeCallbackUrl(redirectTo));
}
