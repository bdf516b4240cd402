/** MongoDB's duplicate-key error (E11000), which the idempotent writes rely on. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
