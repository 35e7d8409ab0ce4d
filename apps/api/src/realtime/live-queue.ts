import type { BoardNotification } from "./board-notification";

/** What a subscriber takes from its queue: the buffered notifications and why it may need to catch up. */
export interface LiveBatch {
  notifications: BoardNotification[];
  /**
   * `gap`: the listener reconnected, notifications may have been lost — catch up from the table.
   * `overflow`: this subscriber fell more than `capacity` behind; the buffer was dropped — resync.
   */
  signal: "gap" | "overflow" | null;
}

/**
 * One subscriber's bounded buffer between the fan-out and its stream. Never
 * grows past `capacity`: a subscriber that cannot keep up loses the buffer
 * and is told to resync instead of holding memory.
 */
export class LiveQueue {
  private items: BoardNotification[] = [];
  private signal: LiveBatch["signal"] = null;
  private wake: (() => void) | null = null;

  constructor(private readonly capacity: number) {}

  push(notification: BoardNotification) {
    if (this.signal === "overflow") return;
    if (this.items.length >= this.capacity) {
      this.items = [];
      this.signal = "overflow";
    } else {
      this.items.push(notification);
    }
    this.notify();
  }

  markGap() {
    if (this.signal !== "overflow") this.signal = "gap";
    this.notify();
  }

  /** Takes everything buffered now (possibly nothing). */
  drain(): LiveBatch {
    const batch = { notifications: this.items, signal: this.signal };
    this.items = [];
    this.signal = null;
    return batch;
  }

  /** Resolves when something is buffered, `signal` aborts, or `timeoutMs` passes; then drains. */
  async take(signal: AbortSignal, timeoutMs: number): Promise<LiveBatch> {
    if (this.items.length === 0 && this.signal === null && !signal.aborted) {
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
    return this.drain();
  }

  private notify() {
    this.wake?.();
  }
}
