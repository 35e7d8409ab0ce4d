"use client";

import { parseMajorToMinor, type BillingInterval } from "@agency/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { SelectField, TextField } from "../ui/field";
import { InlineAlert } from "../ui/inline-alert";
import { CurrencyOptions } from "./currency-options";

type DiscountKind = "" | "percent" | "amount";
type Errors = Partial<Record<"name" | "price" | "quantity" | "startDate" | "trialEnd" | "discount" | "months", string>>;

const dayToIso = (day: string) => new Date(`${day}T00:00:00.000Z`).toISOString();

/** A new retainer: price per interval in the currency's own decimals, optional trial and discount. */
export function CreateRetainerForm({ orgId, clientId, onDone }: { orgId: string; clientId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("Monthly retainer");
  const [currency, setCurrency] = useState("USD");
  const [price, setPrice] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [interval, setInterval] = useState<BillingInterval>("month");
  const [startDate, setStartDate] = useState(new Date().toISOString().slice(0, 10));
  const [trialEnd, setTrialEnd] = useState("");
  const [discountKind, setDiscountKind] = useState<DiscountKind>("");
  const [discountValue, setDiscountValue] = useState("");
  const [duration, setDuration] = useState<"once" | "repeating" | "forever">("forever");
  const [months, setMonths] = useState("3");
  const [errors, setErrors] = useState<Errors>({});
  const create = useMutation(
    trpc.retainers.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.retainers.list.queryFilter());
        onDone();
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Errors = {};
    const unitAmount = parseMajorToMinor(price, currency);
    if (!name.trim()) next.name = "Name the retainer";
    if (unitAmount === null || unitAmount < 0) next.price = `Enter a price in ${currency}, like 2500${currency === "JPY" ? "" : ".00"}`;
    const qty = Number(quantity);
    if (!Number.isInteger(qty) || qty < 1) next.quantity = "A whole number, at least 1";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate)) next.startDate = "Pick a start date";
    if (trialEnd && trialEnd <= startDate) next.trialEnd = "The trial must end after the start";
    let discount: Parameters<typeof create.mutate>[0]["discount"] = null;
    if (discountKind === "percent") {
      const percent = Number(discountValue);
      if (!(percent > 0 && percent <= 100) || !/^\d+(\.\d{1,2})?$/.test(discountValue)) next.discount = "A percentage between 0.01 and 100";
      else discount = { kind: "percent", percentBp: Math.round(percent * 100), duration, months: duration === "repeating" ? Number(months) : null };
    } else if (discountKind === "amount") {
      const amount = parseMajorToMinor(discountValue, currency);
      if (amount === null || amount < 1) next.discount = `An amount in ${currency}`;
      else discount = { kind: "amount", amount, duration, months: duration === "repeating" ? Number(months) : null };
    }
    if (discountKind && duration === "repeating" && !(Number.isInteger(Number(months)) && Number(months) >= 1 && Number(months) <= 120)) {
      next.months = "1 to 120 months";
    }
    setErrors(next);
    if (Object.keys(next).length > 0) {
      const first = Object.keys(next)[0];
      event.currentTarget.querySelector<HTMLElement>(`#retainer-${first}`)?.focus();
      return;
    }
    create.mutate({
      orgId,
      clientId,
      name: name.trim(),
      currency,
      unitAmount: unitAmount!,
      quantity: qty,
      interval,
      startsAt: dayToIso(startDate),
      trialEndsAt: trialEnd ? dayToIso(trialEnd) : null,
      discount,
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="New retainer" className="space-y-4 rounded-lg bg-slate-50 p-4" onKeyDown={(event) => event.key === "Escape" && onDone()}>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id="retainer-name" label="Name" value={name} onChange={(event) => setName(event.target.value)} error={errors.name} maxLength={200} autoFocus />
        <SelectField id="retainer-currency" label="Currency" value={currency} onChange={(event) => setCurrency(event.target.value)}>
          <CurrencyOptions />
        </SelectField>
        <TextField id="retainer-price" label={`Price per unit (${currency})`} inputMode="decimal" placeholder={currency === "JPY" ? "50000" : "2500.00"} value={price} onChange={(event) => setPrice(event.target.value)} error={errors.price} />
        <TextField id="retainer-quantity" label="Quantity" inputMode="numeric" value={quantity} onChange={(event) => setQuantity(event.target.value)} error={errors.quantity} hint="Seats, hours or units billed each interval." />
        <SelectField id="retainer-interval" label="Billed every" value={interval} onChange={(event) => setInterval(event.target.value as BillingInterval)}>
          <option value="month">Month</option>
          <option value="quarter">Quarter</option>
          <option value="year">Year</option>
        </SelectField>
        <TextField id="retainer-startDate" label="Starts on" type="date" value={startDate} onChange={(event) => setStartDate(event.target.value)} error={errors.startDate} />
        <TextField id="retainer-trialEnd" label="Free trial until" optional type="date" value={trialEnd} onChange={(event) => setTrialEnd(event.target.value)} error={errors.trialEnd} />
        <SelectField id="retainer-discountKind" label="Discount" value={discountKind} onChange={(event) => setDiscountKind(event.target.value as DiscountKind)}>
          <option value="">No discount</option>
          <option value="percent">Percent off</option>
          <option value="amount">Amount off each charge</option>
        </SelectField>
        {discountKind && (
          <>
            <TextField
              id="retainer-discount"
              label={discountKind === "percent" ? "Percent off" : `Amount off (${currency})`}
              inputMode="decimal"
              value={discountValue}
              onChange={(event) => setDiscountValue(event.target.value)}
              error={errors.discount}
            />
            <SelectField id="retainer-duration" label="Discount applies" value={duration} onChange={(event) => setDuration(event.target.value as typeof duration)}>
              <option value="once">Once (first charge)</option>
              <option value="repeating">For a number of months</option>
              <option value="forever">Forever</option>
            </SelectField>
            {duration === "repeating" && (
              <TextField id="retainer-months" label="Months" inputMode="numeric" value={months} onChange={(event) => setMonths(event.target.value)} error={errors.months} />
            )}
          </>
        )}
      </div>
      {create.error && <InlineAlert tone="error">{toUserFacingError(create.error).message}</InlineAlert>}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create retainer"}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
