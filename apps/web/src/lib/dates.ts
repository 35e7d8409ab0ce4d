/**
 * The one date formatter of the web app. Every date a person reads goes through here, in one
 * style whatever the browser's locale: "7 Dec 2026" for days, "7 Dec 2026, 14:05" for moments
 * (24-hour clock). Day-month-name-year cannot be misread (unlike 12/07/2026), and one style
 * everywhere means the sessions list, tasks, comments and the audit trail agree.
 *
 * - Calendar days (`YYYY-MM-DD`: due dates, project dates) are printed as that day, never shifted
 *   by a time zone.
 * - Instants shown as a day (created, deleted, joined) use their UTC day, so the server render and
 *   the browser agree.
 * - Instants with a time use the viewer's time zone (or the one given, for tests and the server).
 *
 * Date inputs stay native `<input type="date">` (keyboard, screen readers and phone pickers work),
 * but the browser shows them in its own locale's order; forms print the chosen day beside the
 * input with `formatDate` so it reads unambiguously (see DateInputHint).
 */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const dayText = (year: number, monthIndex: number, day: number) => `${day} ${MONTHS[monthIndex] ?? "?"} ${year}`;

/** "7 Dec 2026": a calendar day (`2026-12-07`) as itself, an instant as its UTC day. Unparseable input is returned as is. */
export function formatDate(value: string): string {
  const day = CALENDAR_DAY.exec(value);
  if (day) return dayText(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return dayText(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function partsIn(timeZone: string | undefined) {
  const key = timeZone ?? "";
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      ...(timeZone ? { timeZone } : {}),
    });
    timeFormats.set(key, format);
  }
  return format;
}

/** "7 Dec 2026, 14:05" in the viewer's time zone (or `timeZone`). */
export function formatDateTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts: Record<string, string> = {};
  for (const part of partsIn(timeZone).formatToParts(date)) parts[part.type] = part.value;
  const hour = (parts.hour ?? "00").padStart(2, "0");
  return `${dayText(Number(parts.year), Number(parts.month) - 1, Number(parts.day))}, ${hour}:${parts.minute ?? "00"}`;
}

/** Today as `YYYY-MM-DD` in the viewer's time zone (due dates are days). */
export function todayIsoDate(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The text printed beside a native date input: the chosen day in the one style ("7 Dec 2026"),
 * because the input itself shows the browser locale's order (12/07/2026 or 07/12/2026).
 */
export function dateInputHint(value: string | null | undefined): string | undefined {
  return value && CALENDAR_DAY.test(value) ? `Selected: ${formatDate(value)}` : undefined;
}
