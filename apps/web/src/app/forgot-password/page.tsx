import type { Metadata } from "next";
import { AuthPage } from "~/components/auth/auth-page";
import { DevOutboxLink } from "~/components/auth/dev-outbox-link";
import { ForgotPasswordForm } from "~/components/auth/forgot-password-form";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <AuthPage footer={<DevOutboxLink />}>
      <ForgotPasswordForm />
    </AuthPage>
  );
}
