import { addCalendarMonths } from "./months";
import type { RetainerVersionInput } from "./types";

/**
 * MRR is held in "scaled" minor units: minor units × 120,000 (12 months × 10,000 basis points),
 * so quarter ÷ 3, year ÷ 12 and any basis-point discount are exact integers. Rounding to the
 * minor unit happens once, per client, after summing (see engine.ts).
 */
export const SCALE = 120_000n;

const MONTHS_PER_INTERVAL = { month: 12n, quarter: 4n, year: 1n } as const; // × (12 / months)

/** The ordering of the contract: effective_at, then recorded_at, then version. */
export function compareVersions(a: RetainerVersionInput, b: RetainerVersionInput): number {
  return (
    a.effectiveAt.getTime() - b.effectiveAt.getTime() ||
    a.recordedAt.getTime() - b.recordedAt.getTime() ||
    a.version - b.version
  );
}

/** Monthly value of one interval charge, scaled, with or without the version's discount. */
function scaledMonthly(version: RetainerVersionInput, withDiscount: boolean): bigint {
  const charge = version.unitAmount * BigInt(version.quantity);
  let discountedBp: bigint; // charge × 10,000 after discount
  if (!withDiscount || version.discountKind === null) discountedBp = charge * 10_000n;
  else if (version.discountKind === "percent")
    discountedBp = charge * BigInt(10_000 - (version.discountPercentBp ?? 0));
  else {
    const off = version.discountAmount ?? 0n;
    discountedBp = (charge > off ? charge - off : 0n) * 10_000n;
  }
  return discountedBp * MONTHS_PER_INTERVAL[version.interval];
}

/** A version with its time-independent values worked out once. */
export type PreparedVersion = RetainerVersionInput & {
  full: bigint;
  discounted: bigint;
  discountEndsAt: Date | null;
};

export function prepareVersion(version: RetainerVersionInput): PreparedVersion {
  const duration = version.discountKind === null ? null : version.discountDuration;
  const discountEndsAt =
    duration === "repeating" && version.discountMonths !== null
      ? addCalendarMonths(version.discountStartsAt ?? version.startsAt, version.discountMonths)
      : null;
  return { ...version, full: scaledMonthly(version, false), discounted: scaledMonthly(version, true), discountEndsAt };
}

/**
 * Scaled MRR of a retainer whose terms at `t` are `version` (0 when it does not count).
 * Counts iff status is active or past_due, starts_at ≤ t < ends_at, and not in trial.
 * Discounts: forever always; repeating while t is before its end (starting at
 * discount_starts_at, or starts_at); once never (it lowers one invoice, not the recurring value).
 */
export function scaledMrrAt(version: PreparedVersion, t: Date): bigint {
  const time = t.getTime();
  if (version.status !== "active" && version.status !== "past_due") return 0n;
  if (version.startsAt.getTime() > time) return 0n;
  if (version.endsAt !== null && time >= version.endsAt.getTime()) return 0n;
  if (version.trialEndsAt !== null && version.trialEndsAt.getTime() > time) return 0n;
  switch (version.discountKind === null ? null : version.discountDuration) {
    case "forever":
      return version.discounted;
    case "repeating": {
      const startsAt = (version.discountStartsAt ?? version.startsAt).getTime();
      const active = version.discountEndsAt !== null && time >= startsAt && time < version.discountEndsAt.getTime();
      return active ? version.discounted : version.full;
    }
    default:
      return version.full;
  }
}
