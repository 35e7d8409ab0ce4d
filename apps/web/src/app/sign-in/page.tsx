import type { Metadata } from "next";
import { AuthForm } from "~/components/auth/auth-form";
import { AuthPage } from "~/components/auth/auth-page";
import { enabledOAuthProviders } from "~/server/auth";
import { safeCallbackUrl } from "~/lib/callback-url";
import Link from "next/link";
import { devOutboxAvailable } from "~/server/dev-outbox";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  "signed-out": "Your session ended (signed out on another device, or expired). Sign in again.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const notice = (params.reason && NOTICES[params.reason]) || (params.error ? "Sign-in with that provider failed. Try again." : null);
  const outbox = await devOutboxAvailable();
  return (
    <AuthPage
      title="Sign in"
      subtitle="Welcome back to your workspace."
      notice={notice}
      footer={
        outbox ? (
          <Link href="/dev/outbox" className="underline hover:text-slate-800">
            Dev outbox: emails the app sent
          </Link>
        ) : null
      }
    >
      <AuthForm mode="sign-in" callbackUrl={safeCallbackUrl(params.callbackUrl)} providers={enabledOAuthProviders} />
    </AuthPage>
  );
}
