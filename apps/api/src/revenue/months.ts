/** Calendar months in UTC, keyed "YYYY-MM". The engine's clock is UTC throughout. */

export type MonthKey = string;

export function monthKeyOf(date: Date): MonthKey {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

export function monthStart(key: MonthKey): Date {
  const [year, month] = key.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1, 1));
}

export function addMonths(key: MonthKey, count: number): MonthKey {
  const start = monthStart(key);
  return monthKeyOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + count, 1)));
}

/** `date` moved by whole calendar months (day clamped to the target month's length). */
export function addCalendarMonths(date: Date, count: number): Date {
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + count, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      target.getUTCFullYear(),
      target.getUTCMonth(),
      Math.min(date.getUTCDate(), lastDay),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
}

export function monthRange(from: MonthKey, to: MonthKey): MonthKey[] {
  const keys: MonthKey[] = [];
  for (let key = from; key <= to; key = addMonths(key, 1)) keys.push(key);
  return keys;
}

/** "YYYY-MM-DD" of an instant, UTC. */
export function dayKeyOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
