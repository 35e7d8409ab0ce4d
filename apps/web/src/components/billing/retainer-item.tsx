"use client";

import { parseMajorToMinor, toMajorString } from "@agency/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { billingDate, INTERVAL_LABEL, money, retainerState, type ProrationRecord, type RetainerRecord } from "~/lib/billing";
import { useTRPC } from "~/trpc/react";
import { StripeRetainerAction } from "./stripe/stripe-invoice-actions";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { InlineAlert } from "../ui/inline-alert";
import { Spinner } from "../ui/spinner";

/** One retainer: its terms now, what the next charge is, and (for owners) what can change. */
export function RetainerItem({ orgId, retainer, canManage }: { orgId: string; retainer: RetainerRecord; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [panel, setPanel] = useState<null | "change" | "history">(null);
  const [done, setDone] = useState<string | null>(null);
  const state = retainerState(retainer);
  const { terms, currency } = retainer;
  const refresh = async (message: string) => {
    setDone(message);
    setPanel(null);
    await Promise.all([
      queryClient.invalidateQueries(trpc.retainers.list.queryFilter()),
      queryClient.invalidateQueries(trpc.invoices.list.infiniteQueryFilter()),
      queryClient.invalidateQueries(trpc.billing.clientBalance.queryFilter()),
      queryClient.invalidateQueries(trpc.billing.balances.queryFilter()),
    ]);
  };
  // Idempotent per period: a second click answers the period's existing invoice.
  const invoice = useMutation(
    trpc.invoices.generateForRetainer.mutationOptions({
      onSuccess: (result) => refresh(`Invoice ${result.number ?? "(draft)"} covers this period — ${money(result.total, result.currency)}, ${result.status}.`),
    }),
  );
  const pause = useMutation(trpc.retainers.pause.mutationOptions({ onSuccess: () => refresh("Retainer paused: nothing is billed until you resume it.") }));
  const resume = useMutation(trpc.retainers.resume.mutationOptions({ onSuccess: () => refresh("Retainer resumed.") }));
  const cancel = useMutation(
    trpc.retainers.cancel.mutationOptions({ onSuccess: (next) => refresh(`Canceled at the end of the period: service ends ${billingDate(next.terms.endsAt)}.`) }),
  );
  const error = invoice.error ?? pause.error ?? resume.error ?? cancel.error;
  const busy = invoice.isPending || pause.isPending || resume.isPending || cancel.isPending;
  const base = { orgId, retainerId: retainer.id, expectedVersion: retainer.version };
  const live = terms.status !== "canceled" && !(terms.endsAt && new Date(terms.endsAt) <= new Date());

  return (
    <li className="rounded-lg p-4 ring-1 ring-slate-200" data-testid="retainer-item">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-medium text-slate-900">{retainer.name}</p>
          <p className="mt-0.5 text-sm text-slate-600">
            {terms.quantity} × {money(terms.unitAmount, currency)} per {INTERVAL_LABEL[terms.interval]}
            {terms.discount &&
              ` · ${terms.discount.kind === "percent" ? `${(terms.discount.percentBp ?? 0) / 100}% off` : `${money(terms.discount.amount ?? 0, currency)} off`} (${terms.discount.duration === "repeating" ? `${terms.discount.months} months` : terms.discount.duration})`}
          </p>
          <p className="mt-0.5 text-xs text-slate-500">
            {retainer.currentPeriod
              ? `Current period ${billingDate(retainer.currentPeriod.start)} – ${billingDate(retainer.currentPeriod.end)} · next charge ${money(retainer.nextChargeAmount, currency)}`
              : `Starts ${billingDate(terms.startsAt)}`}
          </p>
        </div>
        <Badge tone={state.tone}>{state.label}</Badge>
      </div>
      {retainer.stripeSubscriptionId && (
        <p className="mt-2 text-xs text-slate-600" data-testid="retainer-billed-by-stripe">
          Billed by its Stripe subscription: Stripe invoices each period, and those invoices appear here when Stripe issues them.
        </p>
      )}
      {done && (
        <div className="mt-3">
          <InlineAlert tone="success">{done}</InlineAlert>
        </div>
      )}
      {error && (
        <div className="mt-3">
          <InlineAlert tone="error">{toUserFacingError(error).message}</InlineAlert>
        </div>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        {canManage && live && <StripeRetainerAction orgId={orgId} retainer={retainer} />}
        {canManage && live && terms.status !== "paused" && retainer.currentPeriod && !retainer.stripeSubscriptionId && (
          <Button className="!px-3 !py-1.5" onClick={() => invoice.mutate({ orgId, retainerId: retainer.id })} disabled={busy}>
            {invoice.isPending ? "Invoicing…" : "Invoice this period"}
          </Button>
        )}
        {canManage && live && (
          <Button variant="secondary" className="!px-3 !py-1.5" aria-expanded={panel === "change"} onClick={() => setPanel(panel === "change" ? null : "change")} disabled={busy}>
            Change price or quantity
          </Button>
        )}
        {canManage && live && terms.status !== "paused" && (
          <Button variant="secondary" className="!px-3 !py-1.5" onClick={() => pause.mutate(base)} disabled={busy}>
            Pause
          </Button>
        )}
        {canManage && terms.status === "paused" && (
          <Button variant="secondary" className="!px-3 !py-1.5" onClick={() => resume.mutate(base)} disabled={busy}>
            Resume
          </Button>
        )}
        {canManage && live && !retainer.cancelAtPeriodEnd && (
          <Button
            variant="ghost"
            className="!px-3 !py-1.5"
            disabled={busy}
            onClick={() => {
              const end = retainer.currentPeriod ? billingDate(retainer.currentPeriod.end) : "now";
              if (window.confirm(`Cancel ${retainer.name} at the end of the current period (${end})? Service and billing continue until then.`)) {
                cancel.mutate({ ...base, atPeriodEnd: true });
              }
            }}
          >
            Cancel at period end
          </Button>
        )}
        <Button variant="ghost" className="!px-3 !py-1.5" aria-expanded={panel === "history"} onClick={() => setPanel(panel === "history" ? null : "history")}>
          History
        </Button>
      </div>
      {panel === "change" && <ChangeRetainerForm orgId={orgId} retainer={retainer} onDone={(proration) => refresh(`New terms recorded. ${proration.explanation}`)} onCancel={() => setPanel(null)} />}
      {panel === "history" && <RetainerHistory orgId={orgId} retainer={retainer} />}
    </li>
  );
}

/** New price/quantity, with the proration for the rest of the current period shown before saving. */
function ChangeRetainerForm({
  orgId,
  retainer,
  onDone,
  onCancel,
}: {
  orgId: string;
  retainer: RetainerRecord;
  onDone: (proration: ProrationRecord) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const { currency, terms } = retainer;
  const [price, setPrice] = useState(toMajorString(terms.unitAmount, currency));
  const [quantity, setQuantity] = useState(String(terms.quantity));
  const [reason, setReason] = useState("");
  const unitAmount = parseMajorToMinor(price, currency);
  const qty = Number(quantity);
  const valid = unitAmount !== null && unitAmount >= 0 && Number.isInteger(qty) && qty >= 1;
  const changed = valid && (unitAmount !== terms.unitAmount || qty !== terms.quantity);
  const input = { orgId, retainerId: retainer.id, expectedVersion: retainer.version, unitAmount: unitAmount ?? 0, quantity: valid ? qty : 1 };
  const preview = useQuery({ ...trpc.retainers.previewChange.queryOptions(input), enabled: changed });
  const change = useMutation(trpc.retainers.change.mutationOptions({ onSuccess: (result) => onDone(result.proration) }));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!changed) return;
    change.mutate({ ...input, ...(reason.trim() ? { reason: reason.trim() } : {}) });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Change retainer" className="mt-3 space-y-3 rounded-lg bg-slate-50 p-3" onKeyDown={(event) => event.key === "Escape" && onCancel()}>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField id={`change-price-${retainer.id}`} label={`Price per unit (${currency})`} inputMode="decimal" value={price} onChange={(event) => setPrice(event.target.value)} error={unitAmount === null ? `Enter an amount in ${currency}` : null} autoFocus />
        <TextField id={`change-quantity-${retainer.id}`} label="Quantity" inputMode="numeric" value={quantity} onChange={(event) => setQuantity(event.target.value)} error={Number.isInteger(qty) && qty >= 1 ? null : "At least 1"} />
        <TextField id={`change-reason-${retainer.id}`} label="Reason" optional value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} />
      </div>
      <div aria-live="polite" data-testid="proration-preview">
        {!changed ? (
          <p className="text-sm text-slate-600">Change the price or quantity to see what it costs for the rest of this period.</p>
        ) : preview.isPending ? (
          <Spinner label="Working out the proration…" />
        ) : preview.isError ? (
          <InlineAlert tone="error">{toUserFacingError(preview.error).message}</InlineAlert>
        ) : (
          <div className="rounded-lg bg-white p-3 text-sm ring-1 ring-slate-200">
            <p className="font-medium text-slate-900">Proration for the rest of this period</p>
            <dl className="mt-2 grid grid-cols-3 gap-2">
              <div>
                <dt className="text-xs text-slate-500">Credit (unused old terms)</dt>
                <dd className="tabular-nums">{money(preview.data.credit, currency)}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Charge (new terms)</dt>
                <dd className="tabular-nums">{money(preview.data.charge, currency)}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Net this period</dt>
                <dd className="font-semibold tabular-nums">{money(preview.data.net, currency)}</dd>
              </div>
            </dl>
            <p className="mt-2 text-slate-600">{preview.data.explanation}</p>
          </div>
        )}
      </div>
      {change.error && <InlineAlert tone="error">{toUserFacingError(change.error).message}</InlineAlert>}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={!changed || change.isPending}>
          {change.isPending ? "Saving…" : "Save new terms"}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function RetainerHistory({ orgId, retainer }: { orgId: string; retainer: RetainerRecord }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.retainers.history.queryOptions({ orgId, retainerId: retainer.id }));
  if (history.isPending) return <Spinner label="Loading history…" />;
  if (history.isError) return <InlineAlert tone="error">{toUserFacingError(history.error).message}</InlineAlert>;
  return (
    <ol className="mt-3 space-y-1 text-sm text-slate-700" aria-label="Versions of the terms">
      {history.data.items.map((version) => (
        <li key={version.version} className="flex flex-wrap gap-x-3">
          <span className="font-medium">v{version.version}</span>
          <span>
            {version.status} · {version.quantity} × {money(version.unitAmount, retainer.currency)} / {version.interval}
            {version.endsAt ? ` · ends ${billingDate(version.endsAt)}` : ""}
          </span>
          <span className="text-slate-500">
            from {billingDate(version.effectiveAt)} (recorded {billingDate(version.recordedAt)}){version.reason ? ` — ${version.reason}` : ""}
          </span>
        </li>
      ))}
    </ol>
  );
}
