import { roleHasPermission } from "@agency/validators";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { BillingAccessRequired } from "~/components/billing/billing-access-required";
import { ClientBilling } from "~/components/billing/client-billing";
import { NoOrganization } from "~/components/ui/no-organization";
import { activeOrgState } from "~/server/active-org";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Client billing" };

const clientIdSchema = z.uuid();

export default async function ClientBillingRoute({ params }: { params: Promise<{ clientId: string }> }) {
  const { clientId } = await params;
  if (!clientIdSchema.safeParse(clientId).success) notFound();
  const sessionId = await currentSessionId();
  if (!sessionId) return null;
  const { active } = await activeOrgState(sessionId);
  if (!active) return <NoOrganization section="Billing" belongings="Invoices" />;
  if (!roleHasPermission(active.role, "billing:read")) return <BillingAccessRequired orgName={active.name} />;
  return (
    <ClientBilling
      key={`${active.id}:${clientId}`}
      org={{ id: active.id, name: active.name, canManage: roleHasPermission(active.role, "billing:manage") }}
      clientId={clientId}
    />
  );
}
