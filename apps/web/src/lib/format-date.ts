/** "24 Nov 2026": a short, unambiguous date (UTC, so server and browser agree). */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}
