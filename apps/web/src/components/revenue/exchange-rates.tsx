"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { InlineAlert } from "../ui/inline-alert";
import { Spinner } from "../ui/spinner";

/**
 * The organization's exchange rates (1 unit of a currency = rate × base currency, per day) and its
 * base currency. Everyone who reads revenue sees them; admins and owners (org:update) edit them.
 */
export function ExchangeRates({
  orgId,
  baseCurrency,
  canManage,
}: {
  orgId: string;
  baseCurrency: string;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rates = useQuery(trpc.revenue.listRates.queryOptions({ orgId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.revenue.pathKey() });
  const [form, setForm] = useState({ currency: "", day: new Date().toISOString().slice(0, 10), rate: "" });
  const [base, setBase] = useState(baseCurrency);
  const setRate = useMutation(
    trpc.revenue.setRate.mutationOptions({
      onSuccess: () => {
        setForm((current) => ({ ...current, rate: "" }));
        void refresh();
      },
    }),
  );
  const deleteRate = useMutation(trpc.revenue.deleteRate.mutationOptions({ onSuccess: () => void refresh() }));
  const updateBase = useMutation(trpc.revenue.updateSettings.mutationOptions({ onSuccess: () => void refresh() }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRate.mutate({ orgId, currency: form.currency.trim().toUpperCase(), day: form.day, rate: form.rate.trim() });
  };
  const error = setRate.error ?? deleteRate.error ?? updateBase.error;

  return (
    <div className="space-y-4" data-testid="exchange-rates">
      <p className="text-sm text-slate-600">
        Revenue is reported in <strong className="text-slate-900">{baseCurrency}</strong>. Each month uses the latest
        rate recorded on or before its last day; a currency without a rate is left out and flagged.
      </p>
      {canManage && (
        <div className="space-y-4">
          <form
            onSubmit={submit}
            className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-end"
            aria-label="Record an exchange rate"
          >
            <TextField
              id="rate-currency"
              label="Currency"
              required
              maxLength={3}
              placeholder="EUR"
              value={form.currency}
              onChange={(event) => setForm({ ...form, currency: event.target.value })}
            />
            <TextField
              id="rate-day"
              label="Day"
              type="date"
              required
              value={form.day}
              onChange={(event) => setForm({ ...form, day: event.target.value })}
            />
            <TextField
              id="rate-value"
              label={`Rate in ${baseCurrency}`}
              required
              inputMode="decimal"
              placeholder="1.0825"
              value={form.rate}
              onChange={(event) => setForm({ ...form, rate: event.target.value })}
            />
            <Button type="submit" disabled={setRate.isPending}>
              {setRate.isPending ? "Saving…" : "Save rate"}
            </Button>
          </form>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              updateBase.mutate({ orgId, baseCurrency: base.trim().toUpperCase() });
            }}
            className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,12rem)_auto] sm:items-end sm:justify-start"
            aria-label="Change the base currency"
          >
            <div>
              <TextField
                id="base-currency"
                label="Base currency"
                required
                maxLength={3}
                value={base}
                onChange={(event) => setBase(event.target.value)}
              />
            </div>
            <Button
              type="submit"
              variant="secondary"
              disabled={updateBase.isPending || base.trim().toUpperCase() === baseCurrency}
            >
              Change
            </Button>
          </form>
        </div>
      )}
      {error && <InlineAlert tone="error">{toUserFacingError(error).message}</InlineAlert>}
      {rates.isPending ? (
        <Spinner label="Loading exchange rates" />
      ) : rates.isError ? (
        <InlineAlert tone="error">
          Exchange rates could not be loaded: {toUserFacingError(rates.error).message}
        </InlineAlert>
      ) : rates.data.items.length === 0 ? (
        <p className="text-sm text-slate-600">No rates recorded. Retainers in {baseCurrency} need none.</p>
      ) : (
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Recorded exchange rates">
          <table className="min-w-full text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-3 text-left font-semibold">
                  Day
                </th>
                <th scope="col" className="px-3 py-2 text-left font-semibold">
                  Currency
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  1 unit in {baseCurrency}
                </th>
                {canManage && (
                  <th scope="col" className="py-2 pl-3">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 tabular-nums text-slate-800">
              {rates.data.items.map((rate) => (
                <tr key={rate.id}>
                  <td className="py-2 pr-3">{rate.day}</td>
                  <td className="px-3 py-2">{rate.currency}</td>
                  <td className="px-3 py-2 text-right">{rate.rate}</td>
                  {canManage && (
                    <td className="py-2 pl-3 text-right">
                      <Button
                        variant="ghost"
                        className="!px-2 !py-1 text-rose-700"
                        aria-label={`Delete the ${rate.currency} rate of ${rate.day}`}
                        onClick={() => deleteRate.mutate({ orgId, currency: rate.currency, day: rate.day })}
                      >
                        Delete
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
