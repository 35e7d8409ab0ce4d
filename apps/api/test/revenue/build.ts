import type { RetainerVersionInput } from "../../src/revenue";

let recorded = 0;

/** A retainer version with sensible defaults (USD, monthly, active, no discount). */
export function version(
  overrides: Partial<RetainerVersionInput> & Pick<RetainerVersionInput, "retainerId" | "clientId" | "effectiveAt">,
): RetainerVersionInput {
  recorded++;
  return {
    version: 1,
    recordedAt: new Date(Date.UTC(2030, 0, 1, 0, 0, recorded)),
    status: "active",
    unitAmount: 10_000n,
    quantity: 1,
    interval: "month",
    currency: "USD",
    discountKind: null,
    discountPercentBp: null,
    discountAmount: null,
    discountDuration: null,
    discountMonths: null,
    discountStartsAt: null,
    trialEndsAt: null,
    startsAt: overrides.effectiveAt,
    endsAt: null,
    ...overrides,
  };
}

export const at = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
