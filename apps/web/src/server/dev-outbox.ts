import { serverApi } from "./internal-api";

export interface OutboxEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

/** The API's dev inbox (newest first), `unavailable` when the API has it off (NOT_FOUND, as in production). */
export async function readDevOutbox(): Promise<{ emails: OutboxEmail[] } | { unavailable: true } | { error: unknown }> {
  try {
    const emails = await serverApi().dev.outbox.query();
    return { emails: [...emails].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) };
  } catch (error) {
    const status = (error as { data?: { httpStatus?: unknown } } | null)?.data?.httpStatus;
    if (status === 404) return { unavailable: true };
    return { error };
  }
}

/** Whether to offer a link to /dev/outbox (never fails a page: an unreachable API just hides it). */
export async function devOutboxAvailable(): Promise<boolean> {
  return "emails" in (await readDevOutbox());
}
