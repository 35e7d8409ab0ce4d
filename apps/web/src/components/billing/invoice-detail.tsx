"use client";

import { parseMajorToMinor, toMajorString } from "@agency/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { billingDate, money, type InvoiceDetailRecord } from "~/lib/billing";
import { useTRPC } from "~/trpc/react";
import { StripeInvoiceActions } from "./stripe/stripe-invoice-actions";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { TextField } from "../ui/field";
import { InlineAlert } from "../ui/inline-alert";
import { Spinner } from "../ui/spinner";
import { InvoiceStatusBadge } from "./invoice-status-badge";

const ACCOUNT_LABEL: Record<string, string> = {
  accounts_receivable: "Receivable (client)",
  revenue: "Revenue",
  tax_payable: "Tax payable",
  cash: "Cash",
  refunds: "Refunds",
  stripe_fees: "Stripe fees",
  write_offs: "Write-offs",
};

/** One invoice: amounts, lines, payments, refunds, its journal entries, and what can be done next. */
export function InvoiceDetail({ org, invoiceId }: { org: { id: string; name: string; canManage: boolean }; invoiceId: string }) {
  const trpc = useTRPC();
  const invoice = useQuery(trpc.invoices.get.queryOptions({ orgId: org.id, invoiceId }));
  if (invoice.isPending) return <Spinner label="Loading invoice…" />;
  if (invoice.isError) {
    const error = toUserFacingError(invoice.error);
    return <ErrorState title="Could not load this invoice" message={error.message} requestId={error.requestId} onRetry={() => void invoice.refetch()} />;
  }
  const data = invoice.data;
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/app/billing/clients/${data.clientId}`} className="text-sm font-medium text-brand-700 hover:underline">
          ← {data.client.name}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900" data-testid="invoice-number">
            {data.number ?? (data.status === "void" ? "Voided draft" : "Draft invoice")}
          </h1>
          <span data-testid="invoice-status">
            <InvoiceStatusBadge status={data.status} />
          </span>
        </div>
        {data.memo && <p className="mt-1 text-sm text-slate-600">{data.memo}</p>}
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Amounts" className="lg:col-span-2">
          <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
            <Amount label="Subtotal" value={money(data.subtotal, data.currency)} />
            <Amount label="Tax" value={money(data.tax, data.currency)} />
            <Amount label="Total" value={money(data.total, data.currency)} strong />
            <Amount label="Paid" value={money(data.amountPaid, data.currency)} />
            <Amount label="Refunded" value={money(data.amountRefunded, data.currency)} />
            <Amount label="Still due" value={money(data.amountDue, data.currency)} strong testId="invoice-amount-due" />
          </dl>
          <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-2 border-t border-slate-200 pt-4 text-sm sm:grid-cols-4">
            <Amount label="Issued" value={billingDate(data.issuedAt)} />
            <Amount label="Due" value={billingDate(data.dueAt)} />
            <Amount label="Paid on" value={billingDate(data.paidAt)} />
            <Amount label="Period" value={data.periodStart ? `${billingDate(data.periodStart)} – ${billingDate(data.periodEnd)}` : "—"} />
          </dl>
        </Card>
        {org.canManage ? <InvoiceActions orgId={org.id} invoice={data} /> : <Card title="Actions"><p className="text-sm text-slate-600">Only owners change invoices and record payments.</p></Card>}
        <StripeInvoiceActions orgId={org.id} invoice={data} canManage={org.canManage} />
      </div>
      <Card title="Lines">
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Invoice lines">
          {/* At phone width the project moves under the description and the unit price is left out
              (quantity × unit = amount), so the amount stays in view without scrolling sideways. */}
          <table className="w-full text-sm sm:min-w-[32rem]">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2 pr-3 font-medium">Description</th>
                <th className="hidden py-2 pr-3 font-medium sm:table-cell">Project</th>
                <th className="py-2 pr-3 text-right font-medium">Qty</th>
                <th className="hidden py-2 pr-3 text-right font-medium sm:table-cell">Unit</th>
                <th className="py-2 text-right font-medium">Amount</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {data.lines.map((line) => (
                <tr key={line.id}>
                  <td className="py-2 pr-3 text-slate-900">
                    {line.description}
                    {line.project ? <span className="block text-xs text-slate-500 sm:hidden">{line.project.name}</span> : null}
                  </td>
                  <td className="hidden py-2 pr-3 text-slate-600 sm:table-cell">{line.project?.name ?? "—"}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{line.quantity}</td>
                  <td className="hidden py-2 pr-3 text-right tabular-nums sm:table-cell">{money(line.unitAmount, data.currency)}</td>
                  <td className="py-2 text-right tabular-nums">{money(line.amount, data.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Payments and refunds">
          {data.payments.length === 0 && data.refunds.length === 0 ? (
            <p className="text-sm text-slate-600">Nothing received yet.</p>
          ) : (
            <ul className="divide-y divide-slate-200 text-sm" data-testid="invoice-payments">
              {data.payments.map((payment) => (
                <li key={payment.id} className="flex flex-wrap justify-between gap-2 py-2">
                  <span>
                    {billingDate(payment.receivedAt)} · {payment.method.replace("_", " ")}
                    {payment.externalId ? ` · ref ${payment.externalId}` : ""}
                  </span>
                  <span className="font-medium tabular-nums text-emerald-700">+{money(payment.amount, payment.currency)}</span>
                </li>
              ))}
              {data.refunds.map((refund) => (
                <li key={refund.id} className="flex flex-wrap justify-between gap-2 py-2">
                  <span>
                    {billingDate(refund.createdAt)} · refund{refund.reason ? ` · ${refund.reason}` : ""}
                  </span>
                  <span className="font-medium tabular-nums text-rose-700">−{money(refund.amount, refund.currency)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Ledger entries">
          {data.journal.length === 0 ? (
            <p className="text-sm text-slate-600">A draft moves no money: entries appear once it is issued.</p>
          ) : (
            <ul className="space-y-3 text-sm">
              {data.journal.map((entry) => (
                <li key={entry.id} className="rounded-lg bg-slate-50 p-3">
                  <p className="font-medium text-slate-900">
                    {entry.memo || entry.kind} <span className="font-normal text-slate-500">· {billingDate(entry.effectiveAt)}</span>
                  </p>
                  <ul className="mt-1 space-y-0.5">
                    {entry.lines.map((line) => (
                      <li key={line.accountId} className="flex justify-between gap-2 text-slate-700">
                        <span>
                          {line.amount > 0 ? "Dr" : "Cr"} {ACCOUNT_LABEL[line.accountKind] ?? line.accountKind}
                        </span>
                        <span className="tabular-nums">{money(Math.abs(line.amount), line.currency)}</span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}

function Amount({ label, value, strong, testId }: { label: string; value: string; strong?: boolean; testId?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`tabular-nums ${strong ? "font-semibold text-slate-900" : "text-slate-800"}`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

type Panel = null | "pay" | "refund";

/** The next steps this invoice allows, each one confirmed, each one transaction. */
function InvoiceActions({ orgId, invoice }: { orgId: string; invoice: InvoiceDetailRecord }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [panel, setPanel] = useState<Panel>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = async (message: string) => {
    setPanel(null);
    setDone(message);
    await Promise.all([
      queryClient.invalidateQueries(trpc.invoices.get.queryFilter({ orgId, invoiceId: invoice.id })),
      queryClient.invalidateQueries(trpc.invoices.list.infiniteQueryFilter()),
      queryClient.invalidateQueries(trpc.billing.clientBalance.queryFilter()),
      queryClient.invalidateQueries(trpc.billing.balances.queryFilter()),
    ]);
  };
  const issue = useMutation(trpc.invoices.issue.mutationOptions({ onSuccess: () => refresh("Invoice issued.") }));
  const voidIt = useMutation(trpc.invoices.void.mutationOptions({ onSuccess: () => refresh("Invoice voided.") }));
  const writeOff = useMutation(trpc.invoices.markUncollectible.mutationOptions({ onSuccess: () => refresh("Invoice written off.") }));
  const error = issue.error ?? voidIt.error ?? writeOff.error;
  const busy = issue.isPending || voidIt.isPending || writeOff.isPending;
  const refundable = invoice.payments.reduce((sum, payment) => sum + payment.amount - payment.amountRefunded, 0);
  const base = { orgId, invoiceId: invoice.id, expectedVersion: invoice.version };

  return (
    <Card title="Actions">
      <div className="space-y-3">
        {done && <InlineAlert tone="success">{done}</InlineAlert>}
        {error && <InlineAlert tone="error">{toUserFacingError(error).message}</InlineAlert>}
        <div className="flex flex-wrap gap-2">
          {invoice.status === "draft" && (
            <Button onClick={() => issue.mutate(base)} disabled={busy}>
              {issue.isPending ? "Issuing…" : "Issue invoice"}
            </Button>
          )}
          {(invoice.status === "open" || invoice.status === "uncollectible") && (
            <Button onClick={() => setPanel(panel === "pay" ? null : "pay")} aria-expanded={panel === "pay"} disabled={busy}>
              Mark as paid
            </Button>
          )}
          {refundable > 0 && (
            <Button variant="secondary" onClick={() => setPanel(panel === "refund" ? null : "refund")} aria-expanded={panel === "refund"} disabled={busy}>
              Refund
            </Button>
          )}
          {(invoice.status === "draft" || (invoice.status === "open" && invoice.amountPaid === 0)) && (
            <Button
              variant="secondary"
              disabled={busy}
              onClick={() => {
                if (window.confirm(`Void ${invoice.number ?? "this draft"}? The client will no longer owe it.`)) voidIt.mutate(base);
              }}
            >
              Void
            </Button>
          )}
          {invoice.status === "open" && (
            <Button
              variant="ghost"
              disabled={busy}
              onClick={() => {
                if (window.confirm(`Write off what is still due on ${invoice.number}?`)) writeOff.mutate(base);
              }}
            >
              Mark uncollectible
            </Button>
          )}
        </div>
        {invoice.status === "paid" && refundable === 0 && <p className="text-sm text-slate-600">Paid in full. Nothing left to do.</p>}
        {invoice.status === "void" && <p className="text-sm text-slate-600">Void: nothing is owed.</p>}
        {panel === "pay" && <PaymentForm orgId={orgId} invoice={invoice} onDone={() => refresh("Payment recorded.")} onCancel={() => setPanel(null)} />}
        {panel === "refund" && (
          <RefundForm
            orgId={orgId}
            invoice={invoice}
            refundable={refundable}
            // A Stripe payment is refunded by Stripe: the answer is the invoice before the refund, recorded when Stripe has made it.
            onDone={(answered) =>
              refresh(answered.amountRefunded === invoice.amountRefunded ? "Refund sent to Stripe. It shows here once Stripe has made it (a few seconds)." : "Refund recorded.")
            }
            onCancel={() => setPanel(null)}
          />
        )}
      </div>
    </Card>
  );
}

function PaymentForm({ orgId, invoice, onDone, onCancel }: { orgId: string; invoice: InvoiceDetailRecord; onDone: () => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const outstanding = invoice.total - invoice.amountPaid;
  const [amount, setAmount] = useState(toMajorString(invoice.status === "open" ? invoice.amountDue : outstanding, invoice.currency));
  const [reference, setReference] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const pay = useMutation(trpc.invoices.markPaid.mutationOptions({ onSuccess: onDone }));
  function submit(event: FormEvent) {
    event.preventDefault();
    const minor = parseMajorToMinor(amount, invoice.currency);
    if (minor === null || minor < 1) return setFieldError(`Enter an amount in ${invoice.currency}, like ${toMajorString(outstanding, invoice.currency)}`);
    if (minor > outstanding) return setFieldError(`At most ${money(outstanding, invoice.currency)} is left to pay`);
    setFieldError(null);
    pay.mutate({ orgId, invoiceId: invoice.id, amount: minor, method: "bank_transfer", ...(reference.trim() ? { reference: reference.trim() } : {}) });
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Record a bank transfer" className="space-y-3 rounded-lg bg-slate-50 p-3" onKeyDown={(event) => event.key === "Escape" && onCancel()}>
      <TextField id="payment-amount" label={`Amount received (${invoice.currency})`} inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} error={fieldError} autoFocus />
      <TextField id="payment-reference" label="Bank reference" optional hint="Recording the same reference twice records one payment." value={reference} onChange={(event) => setReference(event.target.value)} maxLength={255} />
      {pay.error && <InlineAlert tone="error">{toUserFacingError(pay.error).message}</InlineAlert>}
      <div className="flex gap-2">
        <Button type="submit" disabled={pay.isPending}>
          {pay.isPending ? "Recording…" : "Record bank transfer"}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function RefundForm({
  orgId,
  invoice,
  refundable,
  onDone,
  onCancel,
}: {
  orgId: string;
  invoice: InvoiceDetailRecord;
  refundable: number;
  onDone: (answered: { amountRefunded: number }) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const [amount, setAmount] = useState(toMajorString(refundable, invoice.currency));
  const [reason, setReason] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const refund = useMutation(trpc.invoices.refund.mutationOptions({ onSuccess: onDone }));
  function submit(event: FormEvent) {
    event.preventDefault();
    const minor = parseMajorToMinor(amount, invoice.currency);
    if (minor === null || minor < 1) return setFieldError(`Enter an amount in ${invoice.currency}`);
    if (minor > refundable) return setFieldError(`At most ${money(refundable, invoice.currency)} can be refunded`);
    setFieldError(null);
    refund.mutate({ orgId, invoiceId: invoice.id, amount: minor, ...(reason.trim() ? { reason: reason.trim() } : {}) });
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Refund" className="space-y-3 rounded-lg bg-slate-50 p-3" onKeyDown={(event) => event.key === "Escape" && onCancel()}>
      <TextField id="refund-amount" label={`Refund amount (${invoice.currency})`} inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} error={fieldError} autoFocus />
      <TextField id="refund-reason" label="Reason" optional value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} />
      {refund.error && <InlineAlert tone="error">{toUserFacingError(refund.error).message}</InlineAlert>}
      <div className="flex gap-2">
        <Button type="submit" disabled={refund.isPending}>
          {refund.isPending ? "Refunding…" : "Record refund"}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
