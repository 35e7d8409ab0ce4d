import type { Metadata } from "next";
import { AuthPage } from "~/components/auth/auth-page";
import { DevOutboxLink } from "~/components/auth/dev-outbox-link";
import { SignInForm } from "~/components/auth/sign-in-form";
import { safeCallbackUrl } from "~/lib/callback-url";
import { OAUTH_REFUSED, readAuthNotice } from "~/server/auth-cookies";
import { enabledOAuthProviders } from "~/server/auth";


export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  "signed-out": "Your session ended (signed out on another device, or expired). Sign in again.",
};

/**
 * What to tell someone sent back here: our own notices by key, the API's explanation of a
 * refused OAuth sign-in (from the short-lived cookie next-auth's callback set — never text from
 * the URL), or a generic line for next-auth's other error codes.
 */
async function noticeFor(params: Record<string, string | undefined>): Promise<string | null> {
  if (params.reason && NOTICES[params.reason]) return NOTICES[params.reason]!;
  if (!params.error) return null;
  if (params.error === OAUTH_REFUSED) {
    const refusal = await readAuthNotice();
    if (refusal) return refusal;
  }
  return "Sign-in with that provider failed. Try again.";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const notice = await noticeFor(params);
  return (
    <AuthPage
      title="Sign in"
      subtitle="Welcome back to your workspace."
      notice={notice}
      footer={<DevOutboxLink />}
    >
      <SignInForm callbackUrl={safeCallbackUrl(params.callbackUrl)} providers={enabledOAuthProviders} />
    </AuthPage>
  );
}
