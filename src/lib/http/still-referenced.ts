import type { Referrer } from '../component';
import { AppError } from '../errors';

/**
 * A delete page's view of a 409 `still_referenced`: the sentence and the list of
 * what refers to the thing, each with its link. Undefined for any other error.
 */
export function stillReferencedView(
  err: unknown,
): { error: string; references: Referrer[] } | undefined {
  if (!(err instanceof AppError) || err.code !== 'still_referenced') return undefined;
  const references = (err.details?.references ?? []) as Referrer[];
  return { error: 'These still refer to it; change or remove them first.', references };
}
