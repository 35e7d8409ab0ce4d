import type { TestApi } from "../helpers/test-api";

type Db = TestApi["prisma"];

/** The first instant of the month `offset` months from the current one (UTC). */
export function monthStartFromNow(offset: number, day = 1): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, day));
}

export const monthKeyFromNow = (offset: number) => monthStartFromNow(offset).toISOString().slice(0, 7);

/** A retainer and its first version (written with the fixture connection's own rights). */
export async function seedRetainer(
  db: Db,
  input: {
    orgId: string;
    clientId: string;
    currency?: string;
    unitAmount: bigint;
    interval?: "month" | "quarter" | "year";
    startsAt: Date;
  },
) {
  const currency = input.currency ?? "USD";
  const retainer = await db.retainer.create({
    data: { orgId: input.orgId, clientId: input.clientId, name: "Retainer", currency },
  });
  await addVersion(db, {
    orgId: input.orgId,
    retainerId: retainer.id,
    clientId: input.clientId,
    version: 1,
    currency,
    unitAmount: input.unitAmount,
    interval: input.interval ?? "month",
    startsAt: input.startsAt,
    effectiveAt: input.startsAt,
  });
  return retainer.id;
}

export async function addVersion(
  db: Db,
  input: {
    orgId: string;
    retainerId: string;
    clientId: string;
    version: number;
    currency?: string;
    unitAmount: bigint;
    interval?: "month" | "quarter" | "year";
    status?: "active" | "paused" | "canceled";
    startsAt: Date;
    endsAt?: Date | null;
    effectiveAt: Date;
  },
) {
  await db.retainerVersion.create({
    data: {
      orgId: input.orgId,
      retainerId: input.retainerId,
      clientId: input.clientId,
      version: input.version,
      effectiveAt: input.effectiveAt,
      status: input.status ?? "active",
      unitAmount: input.unitAmount,
      quantity: 1,
      interval: input.interval ?? "month",
      currency: input.currency ?? "USD",
      startsAt: input.startsAt,
      endsAt: input.endsAt ?? null,
    },
  });
}
