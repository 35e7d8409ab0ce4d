import { Card } from "../ui/card";

/**
 * STRIPE SLOT — the Stripe integration replaces this placeholder with its own connection panel
 * (`components/billing/stripe/`): change the import in billing-overview.tsx. Until then billing
 * works without Stripe: invoices are issued here and marked paid by bank transfer.
 */
export function StripeConnectionPanel({ orgId: _orgId, canManage: _canManage }: { orgId: string; canManage: boolean }) {
  return (
    <Card title="Payments" className="border-l-4 border-l-slate-300">
      <div data-testid="stripe-not-connected">
        <p className="text-sm font-medium text-slate-900">Stripe not connected</p>
        <p className="mt-1 text-sm text-slate-600">
          Invoices and the ledger work manually: issue an invoice, then mark it as paid by bank transfer when the money arrives.
        </p>
      </div>
    </Card>
  );
}
