// CSV for exports opened in Excel or WPS: quoted where needed, and a cell that starts like a formula
// (= + - @, tab, carriage return) is prefixed with ' so the spreadsheet shows it as text (CSV injection).
const FORMULA = /^[=+\-@\t\r]/;

/** One CSV cell. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, CRLF-terminated. */
export function csvLine(values: (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
