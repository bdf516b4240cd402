/**
 * `{{path.to.value}}` placeholders in layout texts. Values are inserted in one pass,
 * so text that itself contains `{{…}}` (a visitor's comment, say) is never expanded.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*\}\}/g;

export type PlaceholderData = Record<string, unknown>;

export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Missing values become ''; LayoutDocument rejects unknown root names when it starts. */
export function fillPlaceholders(template: string, data: PlaceholderData): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = lookup(data, name);
    if (value === undefined || value === null) return '';
    if (value instanceof Date) return value.toISOString();
    return String(value);
  });
}

function lookup(data: PlaceholderData, name: string): unknown {
  let current: unknown = data;
  for (const key of name.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
