import { ButtonLink } from "../ui/button";
import { EmptyState } from "../ui/empty-state";

/** Shown instead of the audit log to members and viewers: why, and who can help. */
export function AdminAccessRequired({ orgName }: { orgName: string }) {
  return (
    <div data-testid="audit-admin-required">
      <EmptyState
        icon="⊘"
        title="You need admin access"
        description={`The audit log shows who changed what in ${orgName}. Only owners and admins can read it; ask one of them if you need it.`}
        action={
          <ButtonLink href="/app" variant="secondary">
            Back to the dashboard
          </ButtonLink>
        }
      />
    </div>
  );
}
