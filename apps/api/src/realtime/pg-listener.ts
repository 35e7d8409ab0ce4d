import pg from "pg";
import type { Logger } from "pino";

export interface PgListenerOptions {
  connectionString: string;
  channel: string;
  log: Logger;
  onNotification: (payload: string) => void;
  /** Called after every successful (re)connection; `reconnected` is false the first time. */
  onListening: (info: { reconnected: boolean }) => void;
  /** First retry delay; doubles up to `maxBackoffMs`, with jitter. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * One dedicated connection (not from the Prisma pool: a pooled connection is
 * handed to other queries and would lose its LISTEN) that listens on one
 * channel, and reconnects with exponential backoff when the connection drops.
 */
export class PgListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private connectedOnce = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;

  constructor(private readonly options: PgListenerOptions) {}

  /** Connects and listens; resolves after the first attempt (a failed one keeps retrying in the background). */
  start(): Promise<void> {
    this.connecting ??= this.connect();
    return this.connecting;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** For tests and health: the server pid of the listening connection, when connected. */
  get backendPid(): number | null {
    const client = this.client as (pg.Client & { processID?: number }) | null;
    return client?.processID ?? null;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { log, channel } = this.options;
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: "agency-api-listen",
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = null;
      client.removeAllListeners("notification");
      client.end().catch(() => undefined);
      if (this.stopped) return;
      log.warn(
        { channel, error: { type: error.name, message: error.message }, attempt: this.attempt },
        "realtime listener lost",
      );
      this.scheduleRetry();
    };
    client.on("error", fail);
    client.on("end", () => fail(new Error("connection ended")));
    client.on("notification", (message) => {
      if (message.channel === channel && message.payload) this.options.onNotification(message.payload);
    });
    try {
      await client.connect();
      // Identifiers cannot be bound as parameters; the channel is a constant of this codebase.
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      fail(error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    // Any earlier attempt (a drop, or a first connect that failed) means notifications may be missing.
    const reconnected = this.connectedOnce || this.attempt > 0;
    this.connectedOnce = true;
    this.attempt = 0;
    log.info({ channel, reconnected }, "realtime listener listening");
    this.options.onListening({ reconnected });
  }

  private scheduleRetry() {
    const min = this.options.minBackoffMs ?? 250;
    const max = this.options.maxBackoffMs ?? 30_000;
    const base = Math.min(max, min * 2 ** this.attempt);
    const delay = Math.round(base / 2 + Math.random() * (base / 2));
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }
}
