import { emailLinkTokenSchema } from "@agency/validators";
import type { Metadata } from "next";
import { AuthPage } from "~/components/auth/auth-page";
import { ResetLinkInvalid, ResetPasswordForm } from "~/components/auth/reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

/** The page behind a reset link. Opening it spends nothing; the form's submit does. */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const wellFormed = emailLinkTokenSchema.safeParse(token).success;
  return (
    <AuthPage>
      {wellFormed ? (
        <ResetPasswordForm token={token} />
      ) : (
        <ResetLinkInvalid message="This reset link is incomplete. Copy the whole link from the email, or ask for a new one." />
      )}
    </AuthPage>
  );
}
