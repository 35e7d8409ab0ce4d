import type { InvitationPreview } from "@agency/validators";
import { formatDate } from "~/lib/dates";

const ROLE_NAMES: Record<InvitationPreview["role"], string> = {
  owner: "an owner",
  admin: "an admin",
  member: "a member",
  viewer: "a viewer",
};

/** "Ana Lima invited you to join Acme Studio as a member." with the link's expiry. */
export function InvitationSummary({ preview }: { preview: InvitationPreview }) {
  return (
    <div className="mb-4 space-y-1" data-testid="invitation-summary">
      <p className="text-base text-slate-900">
        {preview.inviterName ? <span className="font-semibold">{preview.inviterName}</span> : "A teammate"} invited you to join{" "}
        <span className="font-semibold">{preview.organizationName}</span> as {ROLE_NAMES[preview.role]}.
      </p>
      {preview.state === "pending" && (
        <p className="text-xs text-slate-600">
          The invitation is valid until <time dateTime={preview.expiresAt}>{formatDate(preview.expiresAt)}</time>.
        </p>
      )}
    </div>
  );
}
