import type { Metadata } from "next";
import { AuthForm } from "~/components/auth/auth-form";
import { AuthPage } from "~/components/auth/auth-page";
import { enabledOAuthProviders } from "~/server/auth";
import { safeCallbackUrl } from "~/lib/callback-url";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  return (
    <AuthPage title="Create your account" subtitle="Passwords need 10+ characters and must not be a common one.">
      <AuthForm mode="sign-up" callbackUrl={safeCallbackUrl(params.callbackUrl)} providers={enabledOAuthProviders} />
    </AuthPage>
  );
}
