import type { Database } from "@agency/db";
import type { Logger } from "pino";
import { purgeTrash, type PurgeResult } from "./purge-trash";

export const PURGE_INTERVAL_MS = 60 * 60_000;
export const PURGE_FIRST_RUN_DELAY_MS = 60_000;

/**
 * Purges the trash every hour (first ~1 min after boot) while the process
 * runs. Every API instance schedules it; the advisory lock lets one run at a
 * time. stop() cancels the timers and waits for a run in flight, which stops
 * between batches.
 */
export function startTrashPurge(options: {
  db: Database;
  log: Logger;
  retentionDays: number;
  intervalMs?: number;
  firstRunDelayMs?: number;
  /** Tests wait on this instead of sleeping. */
  onRun?: (result: PurgeResult) => void;
}) {
  const abort = new AbortController();
  let running: Promise<unknown> | null = null;
  const tick = () => {
    running ??= purgeTrash(options.db, { retentionDays: options.retentionDays, signal: abort.signal })
      .then((result) => {
        if (!result.ran) options.log.debug("trash purge skipped: another instance holds the lock");
        else if (Object.values(result.totals).some((n) => n > 0))
          options.log.info({ purged: result.totals }, "trash purged");
        options.onRun?.(result);
      })
      .catch((error: Error) =>
        options.log.error({ error: { type: error.name, message: error.message } }, "trash purge failed"),
      )
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, options.firstRunDelayMs ?? PURGE_FIRST_RUN_DELAY_MS);
  const timer = setInterval(tick, options.intervalMs ?? PURGE_INTERVAL_MS);
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      abort.abort();
      await running;
    },
  };
}
