"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { TextField } from "../ui/field";
import { InlineAlert } from "../ui/inline-alert";
import { Spinner } from "../ui/spinner";
import { formatDate } from "~/lib/dates";

const usd = (micros: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: micros > 0 && micros < 10_000 ? 4 : 2 }).format(micros / 1_000_000);
const tokens = (n: number) => new Intl.NumberFormat("en-US").format(n);

function monthOptions(count = 6): string[] {
  const now = new Date();
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  });
}

/** Admins: this month's budget and what is left, tokens and cost per member per month, the budget and the off switch. */
export function AssistantUsage({ org }: { org: { id: string; name: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const months = monthOptions();
  const [month, setMonth] = useState(months[0]!);
  const usage = useQuery(trpc.assistant.usage.queryOptions({ orgId: org.id, month }));
  const update = useMutation(
    trpc.assistant.updateSettings.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.assistant.pathKey() }),
    }),
  );
  const [budgetInput, setBudgetInput] = useState<string | null>(null);
  const [budgetError, setBudgetError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  if (usage.isPending) return <Spinner label="Loading usage" />;
  if (usage.isError) {
    const error = toUserFacingError(usage.error);
    return <ErrorState title="Usage could not load" message={error.message} requestId={error.requestId} onRetry={() => void usage.refetch()} />;
  }
  const data = usage.data;
  const budgetText = budgetInput ?? (data.budgetMicros / 1_000_000).toFixed(2);
  const usedShare = data.budgetMicros > 0 ? Math.min(1, (data.spentMicros + data.reservedMicros) / data.budgetMicros) : 1;

  const saveBudget = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const value = Number(budgetText.replace(/[$,\s]/g, ""));
    if (!/^\$?\s*[\d,]*(\.\d{0,6})?$/.test(budgetText.trim()) || !Number.isFinite(value) || value < 0 || value > 1_000_000_000) {
      setBudgetError("Enter an amount in US dollars, e.g. 25 or 25.50");
      return;
    }
    setBudgetError(null);
    try {
      await update.mutateAsync({ orgId: org.id, monthlyBudgetMicros: Math.round(value * 1_000_000) });
      setBudgetInput(null);
      setSaved("Budget saved.");
    } catch (error) {
      setBudgetError(toUserFacingError(error).message);
    }
  };
  const toggle = async () => {
    setSaved(null);
    try {
      await update.mutateAsync({ orgId: org.id, enabled: !data.enabled });
      setSaved(data.enabled ? "The assistant is now off for everyone in this organization." : "The assistant is on again.");
    } catch (error) {
      setBudgetError(toUserFacingError(error).message);
    }
  };

  return (
    <div className="space-y-6">
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="This month's budget">
          <dl className="grid grid-cols-3 gap-3 text-sm" data-testid="assistant-budget">
            <div>
              <dt className="text-slate-600">Budget</dt>
              <dd className="text-lg font-semibold text-slate-900">{usd(data.budgetMicros)}</dd>
            </div>
            <div>
              <dt className="text-slate-600">Spent</dt>
              <dd className="text-lg font-semibold text-slate-900">{usd(data.spentMicros)}</dd>
            </div>
            <div>
              <dt className="text-slate-600">Left</dt>
              <dd className="text-lg font-semibold text-slate-900" data-testid="assistant-budget-left">
                {usd(data.remainingMicros)}
              </dd>
            </div>
          </dl>
          <div className="mt-3 h-2 rounded-full bg-slate-100" role="progressbar" aria-label="Budget used" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(usedShare * 100)}>
            <div className={`h-2 rounded-full ${usedShare >= 0.9 ? "bg-rose-500" : "bg-brand-600"}`} style={{ width: `${usedShare * 100}%` }} />
          </div>
          <p className="mt-2 text-xs text-slate-600">Resets on {formatDate(data.resetsAt)} (UTC).</p>
          <form onSubmit={(event) => void saveBudget(event)} className="mt-4 flex flex-wrap items-end gap-2">
            <div className="w-40">
              <TextField
                id="assistant-budget-input"
                label="Monthly budget (USD)"
                inputMode="decimal"
                value={budgetText}
                onChange={(event) => setBudgetInput(event.target.value)}
                error={budgetError}
              />
            </div>
            <Button type="submit" disabled={update.isPending}>
              Save budget
            </Button>
          </form>
        </Card>
        <Card title="Assistant for this organization">
          <p className="text-sm text-slate-700">
            The assistant is <strong data-testid="assistant-enabled">{data.enabled ? "on" : "off"}</strong> for everyone in {org.name}.
          </p>
          <Button variant="secondary" className="mt-3" onClick={() => void toggle()} disabled={update.isPending}>
            {data.enabled ? "Turn the assistant off" : "Turn the assistant on"}
          </Button>
        </Card>
      </div>
      {saved && <InlineAlert tone="success">{saved}</InlineAlert>}
      <Card
        title="Usage per member"
        action={
          <label className="flex items-center gap-2 text-sm text-slate-700">
            Month
            <select value={month} onChange={(event) => setMonth(event.target.value)} className="rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm">
              {months.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
        }
      >
        {data.users.length === 0 ? (
          <EmptyState icon="✦" title="No assistant use this month" description="Tokens and cost per member appear here once people use the assistant." />
        ) : (
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Assistant usage per member">
            <table className="w-full text-left text-sm" data-testid="assistant-usage-table">
              <thead className="text-xs uppercase text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4">Member</th>
                  <th scope="col" className="py-2 pr-4 text-right">Requests</th>
                  <th scope="col" className="py-2 pr-4 text-right">Input tokens</th>
                  <th scope="col" className="py-2 pr-4 text-right">Output tokens</th>
                  <th scope="col" className="py-2 text-right">Cost</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.users.map((user) => (
                  <tr key={user.userId ?? "none"}>
                    <td className="py-2 pr-4 font-medium text-slate-900">{user.name}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{tokens(user.requests)}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{tokens(user.inputTokens)}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{tokens(user.outputTokens)}</td>
                    <td className="py-2 text-right tabular-nums">{usd(user.costMicros)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
