/**
 * CSV cells for spreadsheets: quoted, and a leading =, +, -, @, tab or carriage
 * return (which a spreadsheet would run as a formula) is neutralised with an
 * apostrophe (OWASP's advice for CSV injection).
 */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvLines(rows: readonly (readonly unknown[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
