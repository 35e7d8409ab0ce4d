import { sameTimeZone } from "@agency/validators";

/**
 * The person's time zone follows their browser without asking (their "today" on My work and
 * when "due tomorrow" arrives), but a choice made in Settings must stick. This browser remembers,
 * per person, which of its zones it has already dealt with — saved to the profile, refused by the
 * API, or overruled in Settings — and saves a zone only the first time it sees it.
 */

/** The zone this browser runs in ("Europe/Paris"), or null when it does not say. */
export function browserTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

const storageKey = (userId: string) => `agency:time-zone-handled:${userId}`;

/** The browser zone this browser last dealt with for `userId`; null when none, or storage is blocked. */
export function handledTimeZone(userId: string): string | null {
  try {
    return window.localStorage.getItem(storageKey(userId));
  } catch {
    return null;
  }
}

export function rememberHandledTimeZone(userId: string, zone: string): void {
  try {
    window.localStorage.setItem(storageKey(userId), zone);
  } catch {
    // Storage blocked: at worst the zone is offered again on the next page load.
  }
}

/**
 * Save the browser's zone to the profile? Only when the browser says one, it is not already the
 * stored zone (aliases such as Asia/Kolkata and Asia/Calcutta are the same; none stored is UTC),
 * and this browser has not dealt with it before.
 */
export function shouldSaveBrowserTimeZone(
  stored: string | null,
  browser: string | null,
  handled: string | null,
): browser is string {
  if (!browser || sameTimeZone(stored, browser)) return false;
  return handled !== browser;
}
