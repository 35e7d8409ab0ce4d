import type { Page } from "@playwright/test";

/** One `board.events` item as it arrives in the browser (see boardStreamItemSchema). */
export interface BoardFeedItem {
  kind: string;
  taskId?: string;
  task?: { title: string; status: string; description?: string; priority?: string; commentCount?: number } | null;
}

type Listener = (item: BoardFeedItem) => void;

/**
 * The project board's SSE feed (on a board or an open task page) exactly as this page's browser receives it (Chromium DevTools
 * protocol: EventSource messages), so a test waits for the live event itself — not for a timer,
 * and not for a reload: the board neither polls nor refetches on focus, so what `next()` sees is
 * what the page's own stream delivered. Start waiting before the action that causes the event,
 * like `page.waitForResponse`.
 */
export async function watchBoardFeed(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const listeners = new Set<Listener>();
  cdp.on("Network.eventSourceMessageReceived", ({ eventName, data }) => {
    if (eventName !== "message") return; // tRPC's "connected" and "ping" events carry no change
    let item: BoardFeedItem;
    try {
      item = JSON.parse(data) as BoardFeedItem;
    } catch {
      return;
    }
    for (const listener of [...listeners]) listener(item);
  });
  await cdp.send("Network.enable");

  return {
    /** The next item from now on that `matches`; fails (naming `what`) if none arrives within `timeoutMs`. */
    next(what: string, matches: (item: BoardFeedItem) => boolean, timeoutMs = 15_000): Promise<BoardFeedItem> {
      return new Promise((resolve, reject) => {
        const listener: Listener = (item) => {
          if (!matches(item)) return;
          listeners.delete(listener);
          clearTimeout(deadline);
          resolve(item);
        };
        // A deadline for the failure message only; success resolves on the event itself.
        const deadline = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`no board event "${what}" reached the page within ${timeoutMs} ms`));
        }, timeoutMs);
        listeners.add(listener);
      });
    },
  };
}

/** An item about the task titled `title`, now in column `status` (and of `kind`, when given). */
export const taskIn =
  (title: string, status: "todo" | "in_progress" | "review" | "done", kind?: string) =>
  (item: BoardFeedItem): boolean =>
    item.task?.title === title && item.task.status === status && (kind === undefined || item.kind === kind);
