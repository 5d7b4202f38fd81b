// CSV cells (RFC 4180) that a spreadsheet opens as text, never as a formula (OWASP, "CSV Injection").

/**
 * What a spreadsheet takes for the start of a formula (= + - @), and tab and CR, which some drop
 * before they look. An e-mail address may start with + or -. And ' itself, so that csvValue can
 * give back exactly what was written.
 */
const NEUTRALISED = /^[=+\-@\t\r']/;

/** One cell: behind a single quote if it could start a formula, then quoted where RFC 4180 needs it. */
export function csvCell(value: string): string {
  const text = NEUTRALISED.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A cell as it was before csvCell neutralised it, so an export imports back unchanged. */
export const csvValue = (cell: string): string => (cell.startsWith("'") && NEUTRALISED.test(cell.slice(1)) ? cell.slice(1) : cell);
