import { roleHasPermission } from "@agency/validators";
import type { Metadata } from "next";
import { BillingAccessRequired } from "~/components/billing/billing-access-required";
import { BillingOverview } from "~/components/billing/billing-overview";
import { NoOrganization } from "~/components/ui/no-organization";
import { activeOrgState } from "~/server/active-org";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingRoute() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const { active } = await activeOrgState(sessionId);
  if (!active) return <NoOrganization section="Billing" belongings="Invoices" />;
  if (!roleHasPermission(active.role, "billing:read")) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Billing</h1>
        <BillingAccessRequired orgName={active.name} />
      </div>
    );
  }
  return <BillingOverview key={active.id} org={{ id: active.id, name: active.name, canManage: roleHasPermission(active.role, "billing:manage") }} />;
}
