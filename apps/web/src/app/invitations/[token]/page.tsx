import { acceptInvitationInputSchema, type InvitationPreview } from "@agency/validators";
import type { Metadata } from "next";
import { AuthPage } from "~/components/auth/auth-page";
import { AcceptInvitation } from "~/components/organizations/accept-invitation";
import { InvitationSummary } from "~/components/organizations/invitation-summary";
import { ButtonLink } from "~/components/ui/button";
import { errorDataOf } from "~/lib/api-error";
import { currentAccount } from "~/server/current-account";
import { serverApi } from "~/server/internal-api";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";


/** What the link is for (organization, inviter, role, state); the web server asks, the invitee need not be signed in. */
async function lookUp(token: string): Promise<Lookup> {
  if (!acceptInvitationInputSchema.safeParse({ token }).success) return { problem: "incomplete" };
  try {
    return { preview: await serverApi().invitations.preview.query({ token }) };
  } catch (error) {
    const { httpStatus } = errorDataOf(error);
    if (httpStatus === 404) return { problem: "unknown" };
    if (httpStatus === 429) return { problem: "busy" };
    return { problem: "unavailable" };
  }
}

const PROBLEMS = {
  incomplete: {
    title: "This invitation link is incomplete",
    text: "Copy the whole link from the email, or ask the person who invited you for a new invitation.",
  },
  unknown: {
    title: "This invitation link doesn't work",
    text: "It may have been withdrawn, replaced by a newer invitation, or copied only in part. Ask the person who invited you to send a new one.",
  },
  busy: { title: "Too many attempts", text: "This address opened too many invitation links in a short time. Wait a minute and reload the page." },
  unavailable: { title: "We couldn't check this invitation", text: "The service did not answer. Reload the page in a moment." },
} as const;

type Lookup = { preview: InvitationPreview } | { problem: keyof typeof PROBLEMS };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const here = `/invitations/${encodeURIComponent(token)}`;
  const [user, lookup] = await Promise.all([currentAccount(), lookUp(token)]);

  if ("problem" in lookup) {
    const problem = PROBLEMS[lookup.problem];
    return (
      <AuthPage title={problem.title}>
        <p className="mb-4 text-sm text-slate-700">{problem.text}</p>
        <ButtonLink href={user ? "/app" : "/"} variant="secondary" className="w-full">
          {user ? "Go to the app" : "Go to the home page"}
        </ButtonLink>
      </AuthPage>
    );
  }
  const { preview } = lookup;
  if (preview.state !== "pending") {
    return (
      <AuthPage title={preview.state === "expired" ? "This invitation has expired" : "This invitation was already used"}>
        <InvitationSummary preview={preview} />
        <p className="mb-4 text-sm text-slate-700">
          {preview.state === "expired"
            ? `Ask ${preview.inviterName ?? "the person who invited you"} to send a new invitation.`
            : "Each invitation link works once. If it was you, open the app; otherwise ask for a new invitation."}
        </p>
        <ButtonLink href={user ? "/app" : "/sign-in"} variant="secondary" className="w-full">
          {user ? "Go to the app" : "Sign in"}
        </ButtonLink>
      </AuthPage>
    );
  }
  if (!user) {
    const callback = encodeURIComponent(here);
    return (
      <AuthPage title="You're invited">
        <InvitationSummary preview={preview} />
        <p className="mb-4 text-sm text-slate-700">
          Sign in, or create an account, with the email address the invitation was sent to. A new account confirms its email
          address before it can join.
        </p>
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
    <AuthPage title={`Join ${preview.organizationName}`}>
      <InvitationSummary preview={preview} />
      <AcceptInvitation token={token} user={{ name: user.name, email: user.email }} here={here} />
    </AuthPage>
  );
}
