import { roleHasPermission } from "@agency/validators";
import type { Metadata } from "next";
import { StripeConnectPanel } from "~/components/billing/stripe/stripe-connect-panel";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { webEnv } from "~/env";
import { activeOrgState } from "~/server/active-org";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Stripe · Billing" };

/** Billing → Stripe: the organization's Stripe connection (owners change it, admins see it). */
export default async function BillingStripePage() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const { active } = await activeOrgState(sessionId);
  if (!active || !roleHasPermission(active.role, "billing:read")) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Stripe</h1>
        <EmptyState
          icon="$"
          title={active ? "Billing is for owners and admins" : "You are not in an organization yet"}
          description={active ? "Ask an owner of this organization about billing." : "Create an organization first."}
          action={<ButtonLink href="/app">Back to dashboard</ButtonLink>}
        />
      </div>
    );
  }
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Stripe</h1>
        <p className="mt-1 text-sm text-slate-600">
          Bill clients through your own Stripe account: hosted payment links, subscriptions for retainers, payments recorded in the
          ledger as Stripe reports them.
        </p>
      </div>
      <StripeConnectPanel
        key={active.id}
        orgId={active.id}
        canManage={roleHasPermission(active.role, "billing:manage")}
        apiOrigin={webEnv.API_URL}
      />
    </div>
  );
}
