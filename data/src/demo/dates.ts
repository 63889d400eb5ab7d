// Calendar helpers on ISO date strings (YYYY-MM-DD), all in UTC so results never depend on the
// machine's time zone.

/** The date `days` days after `iso`. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first day of the month `months` months after the month of `iso`. */
export function addMonths(iso: string, months: number): string {
  const d = new Date(`${iso.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The first day of the month of `iso`. */
export function monthOf(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

/** The earlier of two ISO dates. */
export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/** The last day of the month of `iso`. */
export function endOfMonth(iso: string): string {
  return addDays(addMonths(iso, 1), -1);
}

/** The `count` month starts ending with the month of `lastIso`, oldest first. */
export function monthsEndingAt(lastIso: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(lastIso, i - count + 1));
}
