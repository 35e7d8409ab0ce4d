"use client";

import { parseMajorToMinor } from "@agency/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { money } from "~/lib/billing";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { SelectField, TextField } from "../ui/field";
import { InlineAlert } from "../ui/inline-alert";
import { CurrencyOptions } from "./currency-options";

interface LineDraft {
  key: number;
  description: string;
  quantity: string;
  price: string;
  projectId: string;
}

const emptyLine = (key: number): LineDraft => ({ key, description: "", quantity: "1", price: "", projectId: "" });

/** A one-off invoice: lines (each optionally for one of the client's projects), tax kept separate. */
export function CreateInvoiceForm({ orgId, clientId, onDone }: { orgId: string; clientId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const projects = useQuery(trpc.projects.list.queryOptions({ orgId, clientId, limit: 100 }));
  const [currency, setCurrency] = useState("USD");
  const [lines, setLines] = useState<LineDraft[]>([emptyLine(0)]);
  const [tax, setTax] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [memo, setMemo] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [issueNow, setIssueNow] = useState(true);
  const issue = useMutation(trpc.invoices.issue.mutationOptions());
  const create = useMutation(
    trpc.invoices.create.mutationOptions({
      onSuccess: async (invoice) => {
        if (issueNow) await issue.mutateAsync({ orgId, invoiceId: invoice.id }).catch(() => undefined);
        await queryClient.invalidateQueries(trpc.invoices.list.infiniteQueryFilter());
        await queryClient.invalidateQueries(trpc.billing.clientBalance.queryFilter());
        onDone();
        router.push(`/app/billing/invoices/${invoice.id}`);
      },
    }),
  );

  const parsedLines = lines.map((line) => ({
    line,
    unitAmount: parseMajorToMinor(line.price, currency),
    quantity: Number(line.quantity),
  }));
  const subtotal = parsedLines.reduce((sum, { unitAmount, quantity }) => sum + (unitAmount !== null && Number.isInteger(quantity) ? unitAmount * quantity : 0), 0);
  const taxMinor = tax.trim() === "" ? 0 : parseMajorToMinor(tax, currency);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Record<string, string> = {};
    for (const { line, unitAmount, quantity } of parsedLines) {
      if (!line.description.trim()) next[`desc-${line.key}`] = "Describe the line";
      if (unitAmount === null) next[`price-${line.key}`] = `An amount in ${currency}`;
      if (!Number.isInteger(quantity) || quantity < 1) next[`qty-${line.key}`] = "At least 1";
    }
    if (taxMinor === null || taxMinor < 0) next.tax = `An amount in ${currency}, or empty`;
    if (subtotal < 0) next.form = "The lines add up to less than zero.";
    setErrors(next);
    if (Object.keys(next).length > 0) {
      const first = Object.keys(next)[0];
      event.currentTarget.querySelector<HTMLElement>(`#invoice-${first}`)?.focus();
      return;
    }
    create.mutate({
      orgId,
      clientId,
      currency,
      tax: taxMinor ?? 0,
      memo: memo.trim(),
      dueDate: dueDate || null,
      lines: parsedLines.map(({ line, unitAmount, quantity }) => ({
        description: line.description.trim(),
        quantity,
        unitAmount: unitAmount!,
        projectId: line.projectId || null,
      })),
    });
  }

  const update = (key: number, patch: Partial<LineDraft>) => setLines((current) => current.map((line) => (line.key === key ? { ...line, ...patch } : line)));
  const busy = create.isPending || issue.isPending;

  return (
    <form onSubmit={submit} noValidate aria-label="New invoice" className="space-y-4 rounded-lg bg-slate-50 p-4" onKeyDown={(event) => event.key === "Escape" && onDone()}>
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField id="invoice-currency" label="Currency" value={currency} onChange={(event) => setCurrency(event.target.value)}>
          <CurrencyOptions />
        </SelectField>
        <TextField id="invoice-dueDate" label="Due date" optional type="date" hint="Default: 30 days after issue." value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
        <TextField id="invoice-memo" label="Memo" optional value={memo} onChange={(event) => setMemo(event.target.value)} maxLength={2000} />
      </div>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Lines</legend>
        {lines.map((line, index) => (
          <div key={line.key} className="grid gap-3 rounded-lg bg-white p-3 ring-1 ring-slate-200 sm:grid-cols-[2fr_1fr_5rem_8rem_auto] sm:items-start">
            <TextField id={`invoice-desc-${line.key}`} label={`Line ${index + 1} description`} value={line.description} onChange={(event) => update(line.key, { description: event.target.value })} error={errors[`desc-${line.key}`]} maxLength={500} />
            <SelectField id={`invoice-project-${line.key}`} label="Project" optional value={line.projectId} onChange={(event) => update(line.key, { projectId: event.target.value })}>
              <option value="">None</option>
              {projects.data?.items.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.name}
                </option>
              ))}
            </SelectField>
            <TextField id={`invoice-qty-${line.key}`} label="Qty" inputMode="numeric" value={line.quantity} onChange={(event) => update(line.key, { quantity: event.target.value })} error={errors[`qty-${line.key}`]} />
            <TextField id={`invoice-price-${line.key}`} label={`Unit (${currency})`} inputMode="decimal" value={line.price} onChange={(event) => update(line.key, { price: event.target.value })} error={errors[`price-${line.key}`]} />
            {lines.length > 1 && (
              <Button variant="ghost" className="sm:mt-6" onClick={() => setLines((current) => current.filter((other) => other.key !== line.key))} aria-label={`Remove line ${index + 1}`}>
                Remove
              </Button>
            )}
          </div>
        ))}
        <Button variant="secondary" onClick={() => setLines((current) => [...current, emptyLine(Math.max(...current.map((l) => l.key)) + 1)])}>
          Add a line
        </Button>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField id="invoice-tax" label={`Tax (${currency})`} optional inputMode="decimal" value={tax} onChange={(event) => setTax(event.target.value)} error={errors.tax} hint="An amount, kept separate from the lines." />
        <div className="text-sm sm:col-span-2 sm:self-end">
          <p className="text-slate-600">
            Subtotal {money(subtotal, currency)} · tax {money(taxMinor ?? 0, currency)} ·{" "}
            <span className="font-semibold text-slate-900">total {money(subtotal + (taxMinor ?? 0), currency)}</span>
          </p>
        </div>
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" checked={issueNow} onChange={(event) => setIssueNow(event.target.checked)} className="size-4 rounded border-slate-300" />
        Issue it now (the client owes it from today); otherwise it stays a draft.
      </label>
      {errors.form && <InlineAlert tone="error">{errors.form}</InlineAlert>}
      {(create.error ?? issue.error) && <InlineAlert tone="error">{toUserFacingError(create.error ?? issue.error).message}</InlineAlert>}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : issueNow ? "Create and issue" : "Create draft"}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
