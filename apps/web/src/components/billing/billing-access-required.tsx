import { ButtonLink } from "../ui/button";
import { EmptyState } from "../ui/empty-state";

/** Shown instead of billing to roles without billing:read (members and viewers). */
export function BillingAccessRequired({ orgName }: { orgName: string }) {
  return (
    <div data-testid="billing-access-required">
      <EmptyState
        icon="⊘"
        title="Billing is for owners and admins"
        description={`Invoices, retainers and balances of ${orgName} are visible to its owners and admins. Ask one of them if you need something.`}
        action={
          <ButtonLink href="/app" variant="secondary">
            Back to the dashboard
          </ButtonLink>
        }
      />
    </div>
  );
}
