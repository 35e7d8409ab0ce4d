import type { Metadata } from "next";
import { AuthPage } from "~/components/auth/auth-page";
import { AcceptInvitation } from "~/components/organizations/accept-invitation";
import { ButtonLink } from "~/components/ui/button";
import { currentAccount } from "~/server/current-account";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const here = `/invitations/${encodeURIComponent(token)}`;
  const user = await currentAccount();
  if (!user) {
    const callback = encodeURIComponent(here);
    return (
      <AuthPage
        title="You're invited"
        subtitle="A teammate invited you to their organization on Agency OS. Sign in, or create an account, with the email address the invitation was sent to. A new account confirms its email address before it can join."
      >
        <div className="flex flex-col gap-3">
          <ButtonLink href={`/sign-in?callbackUrl=${callback}`}>Sign in to accept</ButtonLink>
          <ButtonLink href={`/sign-up?callbackUrl=${callback}`} variant="secondary">
            Create an account
          </ButtonLink>
        </div>
      </AuthPage>
    );
  }
  return (
    <AuthPage title="Join organization" subtitle="A teammate invited you to their organization on Agency OS.">
      <AcceptInvitation token={token} user={{ name: user.name, email: user.email }} here={here} />
    </AuthPage>
  );
}
