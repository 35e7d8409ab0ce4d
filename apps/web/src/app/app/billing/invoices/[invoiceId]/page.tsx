import { roleHasPermission } from "@agency/validators";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { BillingAccessRequired } from "~/components/billing/billing-access-required";
import { InvoiceDetail } from "~/components/billing/invoice-detail";
import { NoOrganization } from "~/components/ui/no-organization";
import { activeOrgState } from "~/server/active-org";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Invoice" };

const invoiceIdSchema = z.uuid();

export default async function InvoiceRoute({ params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  if (!invoiceIdSchema.safeParse(invoiceId).success) notFound();
  const sessionId = await currentSessionId();
  if (!sessionId) return null;
  const { active } = await activeOrgState(sessionId);
  if (!active) return <NoOrganization section="Billing" belongings="Invoices" />;
  if (!roleHasPermission(active.role, "billing:read")) return <BillingAccessRequired orgName={active.name} />;
  return (
    <InvoiceDetail
      key={`${active.id}:${invoiceId}`}
      org={{ id: active.id, name: active.name, canManage: roleHasPermission(active.role, "billing:manage") }}
      invoiceId={invoiceId}
    />
  );
}
