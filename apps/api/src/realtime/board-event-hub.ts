import type { Logger } from "pino";
import { requestContext } from "../observability/request-context";
import { BOARD_EVENTS_CHANNEL, boardKey, boardNotificationSchema, type BoardNotification } from "./board-notification";
import { CommitLog } from "./commit-log";
import { LiveQueue } from "./live-queue";
import { PgListener } from "./pg-listener";

export interface BoardEventHubOptions {
  databaseUrl: string;
  log: Logger;
  /** Notifications a subscriber may have buffered before it must resync. */
  queueCapacity?: number;
  /** Recent notifications kept in commit order for exact resumes. */
  commitLogCapacity?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface BoardSubscription {
  queue: LiveQueue;
  /** Notifications of this board that committed after `eventId`, in commit order; null when unknown. */
  committedAfter(eventId: string): BoardNotification[] | null;
  unsubscribe(): void;
}

/**
 * In-process fan-out of the database's board change feed. One LISTEN
 * connection per API process, opened by the first subscriber; every instance
 * listens, so a write through any instance reaches subscribers on all of them.
 */
export class BoardEventHub {
  private readonly subscribers = new Map<string, Set<LiveQueue>>();
  private readonly commitLog: CommitLog;
  private readonly listener: PgListener;
  private readonly log: Logger;
  private readonly queueCapacity: number;
  private started: Promise<void> | null = null;
  private closed = false;

  constructor(options: BoardEventHubOptions) {
    this.log = options.log.child({ component: "realtime" });
    this.queueCapacity = options.queueCapacity ?? 256;
    this.commitLog = new CommitLog(options.commitLogCapacity ?? 10_000);
    this.listener = new PgListener({
      connectionString: options.databaseUrl,
      channel: BOARD_EVENTS_CHANNEL,
      log: this.log,
      minBackoffMs: options.minBackoffMs,
      maxBackoffMs: options.maxBackoffMs,
      onNotification: (payload) => this.dispatch(payload),
      onListening: ({ reconnected }) => {
        if (!reconnected) return;
        // Whatever was notified while disconnected is lost: subscribers catch up from the table.
        this.commitLog.clear();
        for (const queues of this.subscribers.values()) for (const queue of queues) queue.markGap();
      },
    });
  }

  /**
   * Registers a subscriber for one board (before it reads any backlog, so
   * nothing committed in between is lost) and makes sure the listener runs.
   */
  async subscribe(orgId: string, projectId: string): Promise<BoardSubscription> {
    if (this.closed) throw new Error("The realtime hub is closed.");
    const key = boardKey(orgId, projectId);
    const queue = new LiveQueue(this.queueCapacity);
    let queues = this.subscribers.get(key);
    if (!queues) this.subscribers.set(key, (queues = new Set()));
    queues.add(queue);
    // The connection outlives this request: keep its logs (and its reconnect timers) out of the request's context.
    await (this.started ??= requestContext.exit(() => this.listener.start()));
    return {
      queue,
      committedAfter: (eventId) => this.commitLog.after(eventId, (n) => n.orgId === orgId && n.projectId === projectId),
      unsubscribe: () => {
        queues.delete(queue);
        if (queues.size === 0 && this.subscribers.get(key) === queues) this.subscribers.delete(key);
      },
    };
  }

  /** Number of open subscriptions (for tests and metrics). */
  get subscriberCount(): number {
    let count = 0;
    for (const queues of this.subscribers.values()) count += queues.size;
    return count;
  }

  /** The listening connection's server pid, when connected (tests terminate it to prove reconnects). */
  get listenerPid(): number | null {
    return this.listener.backendPid;
  }

  async close() {
    this.closed = true;
    await this.listener.stop();
    this.subscribers.clear();
  }

  private dispatch(payload: string) {
    let notification: BoardNotification;
    try {
      notification = boardNotificationSchema.parse(JSON.parse(payload));
    } catch {
      this.log.warn({ channel: BOARD_EVENTS_CHANNEL }, "realtime notification ignored: unexpected payload");
      return;
    }
    this.commitLog.append(notification);
    const queues = this.subscribers.get(boardKey(notification.orgId, notification.projectId));
    if (!queues) return;
    for (const queue of queues) queue.push(notification);
  }
}
