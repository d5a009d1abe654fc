/**
 * One RFC 4180 CSV record. Text cells that start with `=`, `+`, `-`, `@`, a tab or a carriage
 * return get a leading single quote (`'=cmd`), so a spreadsheet opening the pack shows the text
 * instead of running it as a formula (OWASP "CSV injection"). Numbers are written as numbers and
 * never prefixed, so `-0.5` stays a number. The quote is visible in the cell: it is the price of
 * opening untrusted text safely; audits.json keeps the exact values.
 */

/** A cell value: text, a number, a boolean, or empty (null/undefined). */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
// Either of the two above: most cells match neither and are written as they are after one test.
const NEEDS_WORK = /^[=+\-@\t\r]|[",\r\n]/;

/** One cell as CSV text: neutralised, then quoted (doubling `"`) when it holds `"`, `,`, CR or LF. */
export function csvCell(value: CsvCell): string {
  if (typeof value === 'string') {
    if (!NEEDS_WORK.test(value)) return value;
    const text = FORMULA_START.test(value) ? `'${value}` : value;
    return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return value ? 'true' : 'false';
}

/** One record, CRLF-terminated as RFC 4180 says. */
export function csvRow(cells: readonly CsvCell[]): string {
  // A loop rather than map/join: the export writes millions of records.
  let record = '';
  for (let index = 0; index < cells.length; index += 1) {
    record += index === 0 ? csvCell(cells[index]) : `,${csvCell(cells[index])}`;
  }
  return `${record}\r\n`;
}
