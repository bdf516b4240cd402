/**
 * `npm run bench -- --quick` runs every bench at small sizes, in seconds: CI runs it so that a
 * broken bench is noticed. Its figures are too small to compare; the full run is for that.
 */
export const quick = process.argv.includes('--quick');

/** The full size, or the small one in a quick run. */
export function size(full: number, small: number): number {
  return quick ? small : full;
}
