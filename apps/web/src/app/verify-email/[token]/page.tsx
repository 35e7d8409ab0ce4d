import { emailLinkTokenSchema } from "@agency/validators";
import type { Metadata } from "next";
import { AuthPage } from "~/components/auth/auth-page";
import { VerificationLinkInvalid, VerifyEmail, type VerifyEmailViewer } from "~/components/auth/verify-email";
import { currentAccount } from "~/server/current-account";

export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/** The page behind a verification link: a button spends the link, opening the page does not. */
export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const me = await currentAccount();
  const viewer: VerifyEmailViewer = { signedIn: Boolean(me), email: me?.email ?? null, emailVerified: me?.emailVerified ?? false };
  return (
    <AuthPage>
      {emailLinkTokenSchema.safeParse(token).success ? (
        <VerifyEmail token={token} viewer={viewer} />
      ) : (
        <VerificationLinkInvalid message="This link is incomplete. Copy the whole link from the email." viewer={viewer} />
      )}
    </AuthPage>
  );
}
