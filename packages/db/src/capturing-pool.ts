import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";

/** Where a transaction's connection is handed to the code that opened the transaction. */
interface ConnectionSlot {
  client?: pg.PoolClient;
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

/**
 * Runs `start` (which opens exactly one Prisma interactive transaction) with a fresh
 * slot; `connection()` then returns the transaction's own pg connection.
 */
export function withCapturedConnection<T>(start: (connection: () => pg.PoolClient) => Promise<T>): Promise<T> {
  const slot: ConnectionSlot = {};
  const connection = () => {
    if (!slot.client) {
      // A Prisma upgrade that stopped checking the connection out in our async context lands here.
      throw new Error("The transaction's connection was not captured (CapturingPool): refusing to run SQL outside it.");
    }
    return slot.client;
  };
  return slots.run(slot, () => start(connection));
}
