import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";

/** Where a transaction's connection is handed to the code that opened the transaction. */
interface ConnectionSlot {
  client?: pg.PoolClient;
  /** What the transaction is: work inside a tenant transaction may open no other. */
  kind: "tenant" | "maintenance";
}

const slots = new AsyncLocalStorage<ConnectionSlot>();

/**
 * A pg pool that hands the connection Prisma checks out for an interactive
 * transaction back to the code that started it, so the same transaction can run
 * plain SQL on it without Prisma's per-query compilation (the hot paths). Only a
 * `connect()` called inside `withCapturedConnection` is captured, and each call gets
 * its own slot, so concurrent or nested transactions never see each other's.
 */
export class CapturingPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback);
    const slot = slots.getStore();
    const connecting = super.connect();
    if (!slot || slot.client) return connecting;
    return connecting.then((client) => {
      slot.client = client;
      return client;
    });
  }
}

/** Thrown when code running inside a tenant transaction tries to open another transaction or reach the pool. */
export class BoundaryViolation extends Error {
  override name = "BoundaryViolation";
}

/**
 * Refuses anything but the current transaction while a tenant transaction's work runs: an org
 * call is ONE transaction, and nothing inside it may reach rights beyond app_user (maintenance)
 * or the connecting role's own (the pool).
 */
export function assertOutsideTenant(what: string): void {
  if (slots.getStore()?.kind === "tenant") {
    throw new BoundaryViolation(`${what} inside a tenant transaction: org-scoped code works only through its own transaction (scope.tx / scope.sql).`);
  }
}

/**
 * Runs `start` (which opens exactly one Prisma interactive transaction) with a fresh
 * slot; `connection()` then returns the transaction's own pg connection.
 */
export async function withCapturedConnection<T>(
  kind: ConnectionSlot["kind"],
  start: (connection: () => pg.PoolClient) => Promise<T>,
): Promise<T> {
  assertOutsideTenant(kind === "tenant" ? "A second tenant transaction" : "A maintenance transaction");
  const slot: ConnectionSlot = { kind };
  const connection = () => {
    if (!slot.client) {
      // A Prisma upgrade that stopped checking the connection out in our async context lands here.
      throw new Error("The transaction's connection was not captured (CapturingPool): refusing to run SQL outside it.");
    }
    return slot.client;
  };
  return await slots.run(slot, () => start(connection));
}
