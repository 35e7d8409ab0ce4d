import type { Prisma, TransactionClient } from "@agency/db";
import {
  isCurrencyCode,
  multiplyMinor,
  type BillingInterval,
  type DiscountInput,
  type ProrationDto,
  type RetainerDto,
  type RetainerStatus,
  type RetainerTermsDto,
} from "@agency/validators";
import { AppError } from "../../errors/app-error";
import { decodeTimestampCursor, encodeCursor } from "../../lib/cursor";
import { pageOf } from "../../lib/page";
import { chargeFor, grossAmount, periodContaining, proration, type Terms } from "./periods";
import { billingAudit, iso, isoOrNull, n, type BillingScope } from "./scope";

/**
 * Retainers: identity in `retainers`, terms in INSERT-only `retainer_versions`. The terms at
 * instant t are the version with the greatest effective_at ≤ t, ties → latest recorded_at, then
 * highest version. Every change is a new version row (history is never overwritten); a
 * back-dated correction is a row with an earlier effective_at and a later recorded_at.
 */

const RETAINER_SELECT = {
  id: true,
  clientId: true,
  name: true,
  currency: true,
  version: true,
  stripeSubscriptionId: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
  client: { select: { id: true, name: true } },
} as const satisfies Prisma.RetainerSelect;
type RetainerRow = Prisma.RetainerGetPayload<{ select: typeof RETAINER_SELECT }>;
type VersionRow = Prisma.RetainerVersionGetPayload<object>;

const TERMS_ORDER = [{ effectiveAt: "desc" }, { recordedAt: "desc" }, { version: "desc" }] as const satisfies Prisma.RetainerVersionOrderByWithRelationInput[];

/** The terms of a retainer at `at` (the contract's rule), or null before its first version. */
export function termsAt(tx: TransactionClient, orgId: string, retainerId: string, at: Date): Promise<VersionRow | null> {
  return tx.retainerVersion.findFirst({ where: { orgId, retainerId, effectiveAt: { lte: at } }, orderBy: [...TERMS_ORDER] });
}

/** The next change already recorded to take effect after `now`, if any. */
function scheduledAfter(tx: TransactionClient, orgId: string, retainerId: string, now: Date) {
  return tx.retainerVersion.findFirst({
    where: { orgId, retainerId, effectiveAt: { gt: now } },
    orderBy: [{ effectiveAt: "asc" }, { recordedAt: "desc" }, { version: "desc" }],
  });
}

export function toTermsDto(row: VersionRow): RetainerTermsDto {
  return {
    version: row.version,
    status: row.status,
    unitAmount: n(row.unitAmount),
    quantity: row.quantity,
    interval: row.interval,
    discount: row.discountKind
      ? {
          kind: row.discountKind,
          percentBp: row.discountPercentBp,
          amount: row.discountAmount === null ? null : n(row.discountAmount),
          duration: row.discountDuration ?? "once",
          months: row.discountMonths,
          startsAt: isoOrNull(row.discountStartsAt),
        }
      : null,
    trialEndsAt: isoOrNull(row.trialEndsAt),
    startsAt: iso(row.startsAt),
    endsAt: isoOrNull(row.endsAt),
    effectiveAt: iso(row.effectiveAt),
    recordedAt: iso(row.recordedAt),
    reason: row.reason,
    createdBy: row.createdBy,
  };
}

function toRetainerDto(row: RetainerRow, terms: VersionRow, scheduled: VersionRow | null, now: Date): RetainerDto {
  const inService = terms.startsAt <= now && (!terms.endsAt || now < terms.endsAt) && terms.status !== "canceled";
  const period = inService ? periodContaining(terms.startsAt, terms.interval, now) : null;
  const nextStart = period?.start ?? terms.startsAt;
  return {
    id: row.id,
    clientId: row.clientId,
    client: row.client,
    name: row.name,
    currency: row.currency,
    version: row.version,
    stripeSubscriptionId: row.stripeSubscriptionId,
    terms: toTermsDto(terms),
    scheduled: scheduled ? toTermsDto(scheduled) : null,
    grossPerInterval: grossAmount(terms),
    nextChargeAmount: chargeFor(terms, nextStart).net,
    currentPeriod: period ? { start: iso(period.start), end: iso(period.end) } : null,
    cancelAtPeriodEnd: terms.status !== "canceled" && terms.endsAt !== null && period !== null && terms.endsAt.getTime() === period.end.getTime(),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

async function findRetainer(scope: BillingScope, retainerId: string) {
  const row = await scope.tx.retainer.findFirst({ where: { id: retainerId, orgId: scope.org.id, deletedAt: null }, select: RETAINER_SELECT });
  if (!row) throw new AppError("NOT_FOUND", "Retainer not found.");
  return row;
}

async function dtoFor(scope: BillingScope, row: RetainerRow, now = new Date()): Promise<RetainerDto> {
  const terms = (await termsAt(scope.tx, scope.org.id, row.id, now)) ?? (await scheduledAfter(scope.tx, scope.org.id, row.id, now));
  if (!terms) throw new Error(`retainer ${row.id} has no versions`);
  const scheduled = await scheduledAfter(scope.tx, scope.org.id, row.id, now);
  return toRetainerDto(row, terms, scheduled && scheduled.id !== terms.id ? scheduled : null, now);
}

export async function getRetainer(scope: BillingScope, retainerId: string): Promise<RetainerDto> {
  return dtoFor(scope, await findRetainer(scope, retainerId));
}

/** Every version, newest recorded first (the audit of terms). */
export async function retainerHistory(scope: BillingScope, retainerId: string): Promise<RetainerTermsDto[]> {
  await findRetainer(scope, retainerId);
  const rows = await scope.tx.retainerVersion.findMany({
    where: { orgId: scope.org.id, retainerId },
    orderBy: [{ recordedAt: "desc" }, { version: "desc" }],
    take: 500,
  });
  return rows.map(toTermsDto);
}

/** Newest first, keyset-paginated; the current terms of the whole page in one query. */
export async function listRetainers(
  scope: BillingScope,
  input: { clientId?: string; status?: RetainerStatus; cursor?: string; limit: number },
) {
  const now = new Date();
  const where: Prisma.RetainerWhereInput = { orgId: scope.org.id, deletedAt: null, ...(input.clientId ? { clientId: input.clientId } : {}) };
  if (input.cursor) {
    const { at, id } = decodeTimestampCursor(input.cursor);
    where.AND = { createdAt: { lte: at }, OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] };
  }
  if (input.status) {
    // Filter on the current terms' status (one subquery, not a row-by-row lookup).
    const ids = await scope.tx.$queryRaw<{ retainer_id: string }[]>`
      SELECT retainer_id FROM (
        SELECT DISTINCT ON (retainer_id) retainer_id, status FROM retainer_versions
         WHERE org_id = ${scope.org.id}::uuid AND effective_at <= ${now}
         ORDER BY retainer_id, effective_at DESC, recorded_at DESC, version DESC) current
       WHERE status = ${input.status}::retainer_status`;
    where.id = { in: ids.map((row) => row.retainer_id) };
  }
  const rows = await scope.tx.retainer.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: RETAINER_SELECT,
  });
  const page = pageOf(rows, input.limit, (last) => encodeCursor(last.createdAt.getTime(), last.id));
  const ids = page.rows.map((row) => row.id);
  const versions = ids.length
    ? await scope.tx.retainerVersion.findMany({ where: { orgId: scope.org.id, retainerId: { in: ids } }, orderBy: [...TERMS_ORDER] })
    : [];
  const items = page.rows.map((row) => {
    const own = versions.filter((version) => version.retainerId === row.id);
    const current = own.find((version) => version.effectiveAt <= now) ?? own.at(-1)!;
    const future = own.filter((version) => version.effectiveAt > now).sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime())[0] ?? null;
    return toRetainerDto(row, current, future && future.id !== current.id ? future : null, now);
  });
  return { items, nextCursor: page.nextCursor };
}

function discountColumns(discount: DiscountInput | null | undefined, startsAt: Date) {
  if (!discount) {
    return { discountKind: null, discountPercentBp: null, discountAmount: null, discountDuration: null, discountMonths: null, discountStartsAt: null };
  }
  return {
    discountKind: discount.kind,
    discountPercentBp: discount.kind === "percent" ? discount.percentBp : null,
    discountAmount: discount.kind === "amount" ? BigInt(discount.amount) : null,
    discountDuration: discount.duration,
    discountMonths: discount.duration === "repeating" ? (discount.months ?? null) : null,
    discountStartsAt: startsAt,
  };
}

/** unit × quantity must stay within 2^53 − 1 minor units (every later computation relies on it). */
function assertChargeFits(unitAmount: number, quantity: number, currency: string) {
  try {
    multiplyMinor(unitAmount, quantity, currency);
  } catch {
    throw new AppError("VALIDATION_ERROR", "Price × quantity exceeds 2^53 − 1 minor units.");
  }
}

function assertAmount(value: number, what: string, min = 0) {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new AppError("VALIDATION_ERROR", `${what} must be a whole number of minor units ≥ ${min} (within 2^53 − 1).`);
  }
}

export interface CreateRetainerInput {
  clientId: string;
  name: string;
  currency: string;
  unitAmount: number;
  quantity?: number;
  interval?: BillingInterval;
  startsAt?: Date;
  trialEndsAt?: Date | null;
  endsAt?: Date | null;
  discount?: DiscountInput | null;
  stripeSubscriptionId?: string | null;
}

export async function createRetainer(scope: BillingScope, input: CreateRetainerInput): Promise<RetainerDto> {
  const orgId = scope.org.id;
  if (!isCurrencyCode(input.currency)) throw new AppError("VALIDATION_ERROR", `Unknown currency ${input.currency}: use an ISO 4217 code.`);
  assertAmount(input.unitAmount, "The price");
  const quantity = input.quantity ?? 1;
  if (!Number.isInteger(quantity) || quantity < 1) throw new AppError("VALIDATION_ERROR", "Quantity must be a whole number ≥ 1.");
  if (input.discount?.kind === "amount") assertAmount(input.discount.amount, "The discount", 1);
  assertChargeFits(input.unitAmount, quantity, input.currency);
  const client = await scope.tx.client.findFirst({ where: { id: input.clientId, orgId, deletedAt: null }, select: { id: true } });
  if (!client) throw new AppError("NOT_FOUND", "Client not found.");
  const now = new Date();
  const startsAt = input.startsAt ?? now;
  if (input.endsAt && input.endsAt <= startsAt) throw new AppError("VALIDATION_ERROR", "The end must be after the start.");
  if (input.trialEndsAt && input.trialEndsAt <= startsAt) throw new AppError("VALIDATION_ERROR", "The trial must end after the start.");
  const retainer = await scope.tx.retainer.create({
    data: {
      orgId,
      clientId: input.clientId,
      name: input.name,
      currency: input.currency,
      stripeSubscriptionId: input.stripeSubscriptionId ?? null,
      createdBy: scope.actor.userId,
    },
    select: { id: true },
  });
  await scope.tx.retainerVersion.create({
    data: {
      orgId,
      retainerId: retainer.id,
      clientId: input.clientId,
      version: 1,
      // Terms recorded now apply from the start (a start in the past is a back-dated retainer).
      effectiveAt: startsAt < now ? startsAt : now,
      // A trial is `active` terms with trial_ends_at set: the revenue rule excludes the trial
      // time by that date, and no second version is needed when the trial ends.
      status: "active",
      unitAmount: BigInt(input.unitAmount),
      quantity,
      interval: input.interval ?? "month",
      currency: input.currency,
      ...discountColumns(input.discount, startsAt),
      trialEndsAt: input.trialEndsAt ?? null,
      startsAt,
      endsAt: input.endsAt ?? null,
      createdBy: scope.actor.userId,
      reason: "created",
    },
  });
  await billingAudit(scope, "retainer.created", { type: "retainer", id: retainer.id }, {
    clientId: input.clientId,
    currency: input.currency,
    unitAmount: input.unitAmount,
    quantity,
    interval: input.interval ?? "month",
  });
  return dtoFor(scope, await findRetainer(scope, retainer.id));
}

/** Locks the retainer row (serialising changes to one retainer) and checks the version the caller saw. */
async function lockRetainer(scope: BillingScope, retainerId: string, expectedVersion: number | undefined) {
  const locked = await scope.tx.$queryRaw<{ id: string; version: number }[]>`
    SELECT id, version FROM retainers WHERE id = ${retainerId}::uuid AND org_id = ${scope.org.id}::uuid AND deleted_at IS NULL FOR UPDATE`;
  const row = locked[0];
  if (!row) throw new AppError("NOT_FOUND", "Retainer not found.");
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw new AppError("CONFLICT", "Someone else changed this retainer. Review the latest version and try again.", {
      current: await getRetainer(scope, retainerId),
    });
  }
  return row;
}

type TermsPatch = Partial<
  Pick<
    VersionRow,
    | "status"
    | "unitAmount"
    | "quantity"
    | "interval"
    | "endsAt"
    | "discountKind"
    | "discountPercentBp"
    | "discountAmount"
    | "discountDuration"
    | "discountMonths"
    | "discountStartsAt"
  >
>;

/** Writes the next version: `before` with `patch` applied, effective at `effectiveAt`. */
async function insertVersion(scope: BillingScope, before: VersionRow, patch: TermsPatch, effectiveAt: Date, reason: string | undefined) {
  const max = await scope.tx.retainerVersion.aggregate({ where: { orgId: scope.org.id, retainerId: before.retainerId }, _max: { version: true } });
  const { id: _id, recordedAt: _recordedAt, version: _version, ...carried } = before;
  const row = await scope.tx.retainerVersion.create({
    data: {
      ...carried,
      ...patch,
      version: (max._max.version ?? 0) + 1,
      effectiveAt,
      createdBy: scope.actor.userId,
      reason: reason ?? null,
    },
  });
  await scope.tx.retainer.updateMany({ where: { id: before.retainerId, orgId: scope.org.id }, data: { version: { increment: 1 } } });
  return row;
}

async function termsForChange(scope: BillingScope, retainerId: string, effectiveAt: Date) {
  const before = await termsAt(scope.tx, scope.org.id, retainerId, effectiveAt);
  if (!before) throw new AppError("UNPROCESSABLE", "The retainer has no terms at that date: it was recorded later.");
  return before;
}

function asTerms(row: VersionRow): Terms {
  return row;
}

export interface ChangeRetainerInput {
  retainerId: string;
  expectedVersion?: number;
  effectiveAt?: Date;
  unitAmount?: number;
  quantity?: number;
  interval?: BillingInterval;
  discount?: DiscountInput | null;
  reason?: string;
}

function changePatch(before: VersionRow, input: ChangeRetainerInput, effectiveAt: Date): TermsPatch {
  const patch: TermsPatch = {};
  if (input.unitAmount !== undefined) {
    assertAmount(input.unitAmount, "The price");
    if (BigInt(input.unitAmount) !== before.unitAmount) patch.unitAmount = BigInt(input.unitAmount);
  }
  if (input.quantity !== undefined) {
    if (!Number.isInteger(input.quantity) || input.quantity < 1) throw new AppError("VALIDATION_ERROR", "Quantity must be a whole number ≥ 1.");
    if (input.quantity !== before.quantity) patch.quantity = input.quantity;
  }
  if (input.interval !== undefined && input.interval !== before.interval) patch.interval = input.interval;
  if (input.discount !== undefined) {
    if (input.discount?.kind === "amount") assertAmount(input.discount.amount, "The discount", 1);
    Object.assign(patch, discountColumns(input.discount, effectiveAt));
  }
  assertChargeFits(Number(patch.unitAmount ?? before.unitAmount), patch.quantity ?? before.quantity, before.currency);
  return patch;
}

/** What a change would cost for the rest of the current period (nothing is written). */
export async function previewRetainerChange(scope: BillingScope, input: ChangeRetainerInput): Promise<ProrationDto> {
  await findRetainer(scope, input.retainerId);
  const effectiveAt = input.effectiveAt ?? new Date();
  const before = await termsForChange(scope, input.retainerId, effectiveAt);
  return proration(asTerms(before), { ...asTerms(before), ...changePatch(before, input, effectiveAt) }, effectiveAt);
}

/** New terms (price, quantity, interval, discount) from `effectiveAt` (default now), with the proration explained. */
export async function changeRetainer(scope: BillingScope, input: ChangeRetainerInput): Promise<{ retainer: RetainerDto; proration: ProrationDto }> {
  await lockRetainer(scope, input.retainerId, input.expectedVersion);
  const effectiveAt = input.effectiveAt ?? new Date();
  const before = await termsForChange(scope, input.retainerId, effectiveAt);
  if (before.status === "canceled") throw new AppError("UNPROCESSABLE", "This retainer is canceled: its terms can no longer change.");
  const patch = changePatch(before, input, effectiveAt);
  if (Object.keys(patch).length === 0) throw new AppError("VALIDATION_ERROR", "Change at least one term (price, quantity, interval or discount).");
  const after = await insertVersion(scope, before, patch, effectiveAt, input.reason ?? "changed");
  const prorated = proration(asTerms(before), asTerms(after), effectiveAt);
  await billingAudit(scope, "retainer.changed", { type: "retainer", id: input.retainerId }, {
    version: after.version,
    effectiveAt: iso(effectiveAt),
    backdated: effectiveAt < after.recordedAt,
    changes: Object.fromEntries(
      Object.keys(patch).map((key) => [key, { before: jsonable(before[key as keyof VersionRow]), after: jsonable(after[key as keyof VersionRow]) }]),
    ),
    proration: { credit: prorated.credit, charge: prorated.charge, net: prorated.net },
  });
  return { retainer: await getRetainer(scope, input.retainerId), proration: prorated };
}

function jsonable(value: unknown): Prisma.InputJsonValue | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value as Prisma.InputJsonValue;
}

export async function pauseRetainer(scope: BillingScope, input: { retainerId: string; expectedVersion?: number; reason?: string }) {
  await lockRetainer(scope, input.retainerId, input.expectedVersion);
  const now = new Date();
  const before = await termsForChange(scope, input.retainerId, now);
  if (before.status === "paused") throw new AppError("CONFLICT", "This retainer is already paused.");
  if (before.status === "canceled") throw new AppError("UNPROCESSABLE", "A canceled retainer cannot be paused.");
  await insertVersion(scope, before, { status: "paused" }, now, input.reason ?? "paused");
  await billingAudit(scope, "retainer.paused", { type: "retainer", id: input.retainerId });
  return getRetainer(scope, input.retainerId);
}

export async function resumeRetainer(scope: BillingScope, input: { retainerId: string; expectedVersion?: number; reason?: string }) {
  await lockRetainer(scope, input.retainerId, input.expectedVersion);
  const now = new Date();
  const before = await termsForChange(scope, input.retainerId, now);
  if (before.status !== "paused") throw new AppError("CONFLICT", "Only a paused retainer can be resumed.");
  await insertVersion(scope, before, { status: "active" }, now, input.reason ?? "resumed");
  await billingAudit(scope, "retainer.resumed", { type: "retainer", id: input.retainerId });
  return getRetainer(scope, input.retainerId);
}

/**
 * Cancel at the end of the current period (default: service and billing continue until then;
 * the terms get ends_at = the period's end) or now (status canceled).
 */
export async function cancelRetainer(
  scope: BillingScope,
  input: { retainerId: string; expectedVersion?: number; atPeriodEnd?: boolean; reason?: string },
) {
  await lockRetainer(scope, input.retainerId, input.expectedVersion);
  const now = new Date();
  const before = await termsForChange(scope, input.retainerId, now);
  if (before.status === "canceled") throw new AppError("CONFLICT", "This retainer is already canceled.");
  const period = before.startsAt <= now ? periodContaining(before.startsAt, before.interval, now) : null;
  const atPeriodEnd = (input.atPeriodEnd ?? true) && period !== null;
  if (atPeriodEnd) {
    if (before.endsAt && before.endsAt <= period.end) throw new AppError("CONFLICT", "This retainer already ends by the end of this period.");
    await insertVersion(scope, before, { endsAt: period.end }, now, input.reason ?? "cancel at period end");
  } else {
    await insertVersion(scope, before, { status: "canceled", endsAt: before.startsAt < now ? now : null }, now, input.reason ?? "canceled");
  }
  await billingAudit(scope, "retainer.canceled", { type: "retainer", id: input.retainerId }, {
    atPeriodEnd,
    endsAt: atPeriodEnd ? iso(period.end) : iso(now),
  });
  return getRetainer(scope, input.retainerId);
}

/**
 * For subscription webhooks: the status (and end) the payment provider reports, from
 * `effectiveAt`. Writes a version only when it differs from the terms then (a replayed or stale
 * event changes nothing).
 */
export async function applyRetainerStatus(
  scope: BillingScope,
  input: { retainerId: string; status: RetainerStatus; effectiveAt: Date; endsAt?: Date | null; reason?: string },
): Promise<{ retainer: RetainerDto; changed: boolean }> {
  await lockRetainer(scope, input.retainerId, undefined);
  const before = await termsForChange(scope, input.retainerId, input.effectiveAt);
  const endsAt = input.endsAt === undefined ? before.endsAt : input.endsAt;
  const same = before.status === input.status && (endsAt?.getTime() ?? null) === (before.endsAt?.getTime() ?? null);
  if (!same) {
    if (endsAt && endsAt <= before.startsAt) throw new AppError("VALIDATION_ERROR", "The end must be after the start.");
    const version = await insertVersion(scope, before, { status: input.status, endsAt }, input.effectiveAt, input.reason ?? `status ${input.status}`);
    await billingAudit(scope, "retainer.status_applied", { type: "retainer", id: input.retainerId }, {
      status: input.status,
      version: version.version,
      effectiveAt: iso(input.effectiveAt),
    });
  }
  return { retainer: await getRetainer(scope, input.retainerId), changed: !same };
}

export async function setRetainerStripeSubscription(scope: BillingScope, input: { retainerId: string; stripeSubscriptionId: string | null }) {
  const { count } = await scope.tx.retainer.updateMany({
    where: { id: input.retainerId, orgId: scope.org.id },
    data: { stripeSubscriptionId: input.stripeSubscriptionId },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "Retainer not found.");
}
