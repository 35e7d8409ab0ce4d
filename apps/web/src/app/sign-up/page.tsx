import type { Metadata } from "next";
import { AuthPage } from "~/components/auth/auth-page";
import { DevOutboxLink } from "~/components/auth/dev-outbox-link";
import { SignUpForm } from "~/components/auth/sign-up-form";
import { safeCallbackUrl } from "~/lib/callback-url";
import { enabledOAuthProviders } from "~/server/auth";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  return (
    <AuthPage footer={<DevOutboxLink />}>
      <SignUpForm callbackUrl={safeCallbackUrl(params.callbackUrl)} providers={enabledOAuthProviders} />
    </AuthPage>
  );
}
