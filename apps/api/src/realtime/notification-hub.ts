import type { Logger } from "pino";
import { z } from "zod";
import { requestContext } from "../observability/request-context";
import { PgListener } from "./pg-listener";

/** The channel the `notifications_notify` trigger notifies on, at commit: `{ orgId, userId }` only. */
export const NOTIFICATIONS_CHANNEL = "notifications";
const payloadSchema = z.object({ orgId: z.uuid(), userId: z.uuid() });

export interface InboxSubscription {
  /** Resolves at once when something changed since the last call, else at the next change, `timeoutMs` or abort. */
  changed(signal: AbortSignal, timeoutMs: number): Promise<void>;
  unsubscribe(): void;
}

/** One subscriber: a "something changed" flag and the waiter to wake. */
class Waker {
  dirty = false;
  private wake: (() => void) | null = null;
  poke() {
    this.dirty = true;
    this.wake?.();
  }
  async changed(signal: AbortSignal, timeoutMs: number): Promise<void> {
    if (!this.dirty && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          this.wake = null;
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal.addEventListener("abort", done, { once: true });
        this.wake = done;
      });
    }
    this.dirty = false;
  }
}

/**
 * In-process fan-out of the inbox change feed (LISTEN notifications), keyed by organization and
 * user: the stream re-reads the unread count under RLS when woken, so the payload carries no
 * content and a lost notification costs at most one idle re-check. One dedicated LISTEN
 * connection per API process, opened by the first subscriber; a reconnect wakes everyone.
 */
export class NotificationHub {
  private readonly subscribers = new Map<string, Set<Waker>>();
  private readonly listener: PgListener;
  private started: Promise<void> | null = null;
  private closed = false;

  constructor(options: { databaseUrl: string; log: Logger }) {
    const log = options.log.child({ component: "realtime", channel: NOTIFICATIONS_CHANNEL });
    this.listener = new PgListener({
      connectionString: options.databaseUrl,
      channel: NOTIFICATIONS_CHANNEL,
      log,
      onNotification: (payload) => {
        let parsed: z.infer<typeof payloadSchema>;
        try {
          parsed = payloadSchema.parse(JSON.parse(payload));
        } catch {
          log.warn("malformed inbox notification ignored");
          return;
        }
        for (const waker of this.subscribers.get(`${parsed.orgId}:${parsed.userId}`) ?? []) waker.poke();
      },
      onListening: ({ reconnected }) => {
        if (reconnected) for (const set of this.subscribers.values()) for (const waker of set) waker.poke();
      },
    });
  }

  async subscribe(orgId: string, userId: string): Promise<InboxSubscription> {
    if (this.closed) throw new Error("The realtime hub is closed.");
    const key = `${orgId}:${userId}`;
    const waker = new Waker();
    let set = this.subscribers.get(key);
    if (!set) this.subscribers.set(key, (set = new Set()));
    set.add(waker);
    await (this.started ??= requestContext.exit(() => this.listener.start()));
    return {
      changed: (signal, timeoutMs) => waker.changed(signal, timeoutMs),
      unsubscribe: () => {
        set.delete(waker);
        if (set.size === 0 && this.subscribers.get(key) === set) this.subscribers.delete(key);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscribers.clear();
    await this.listener.stop();
  }
}
