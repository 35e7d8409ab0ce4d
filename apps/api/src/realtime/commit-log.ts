import type { BoardNotification } from "./board-notification";

/**
 * The most recent notifications in the order they arrived, which is commit
 * order (Postgres delivers NOTIFY at commit, in commit order, to every
 * listener). Event ids come from a sequence taken before commit, so under
 * concurrent writers a lower id can commit after a higher one; a resume that
 * finds its `lastEventId` here replays exactly what committed after it instead
 * of trusting id order. Cleared when the listener reconnects (notifications
 * sent while it was away are unknown).
 */
export class CommitLog {
  private entries: BoardNotification[] = [];
  /** Sequence number of entries[0]; entries[i] has sequence `first + i`. */
  private first = 0;
  private readonly sequenceById = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  append(notification: BoardNotification) {
    this.sequenceById.set(notification.id, this.first + this.entries.length);
    this.entries.push(notification);
    if (this.entries.length > this.capacity) {
      // Drop the oldest half at once so appends stay amortised O(1).
      const drop = this.entries.length - Math.floor(this.capacity / 2);
      for (const old of this.entries.slice(0, drop)) this.sequenceById.delete(old.id);
      this.entries = this.entries.slice(drop);
      this.first += drop;
    }
  }

  clear() {
    this.first += this.entries.length;
    this.entries = [];
    this.sequenceById.clear();
  }

  /**
   * The notifications of one board that arrived after `eventId`, in commit
   * order, or null when `eventId` is not in the log (too old, from before
   * this process listened, or before a reconnect).
   */
  after(eventId: string, matches: (n: BoardNotification) => boolean): BoardNotification[] | null {
    const sequence = this.sequenceById.get(eventId);
    if (sequence === undefined) return null;
    return this.entries.slice(sequence - this.first + 1).filter(matches);
  }
}
