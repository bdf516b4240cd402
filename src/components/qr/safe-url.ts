import { z } from 'zod';

/**
 * Outside addresses a code may lead to: `https://` only, with a host, without
 * credentials (`https://user:pass@…` hides the real host from a reader) and without
 * control characters. Checked when stored, so the scan path only ever redirects to
 * addresses an organiser saved.
 */
export function safeHttpsUrlProblem(value: string): string | undefined {
  if (value.length > 2000) return 'must be at most 2000 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(value)) return 'must not contain spaces or control characters';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute https:// address';
  }
  if (url.protocol !== 'https:') return 'must start with https://';
  if (!url.hostname) return 'must name a host';
  if (url.username || url.password) return 'must not contain a user name or password';
  return undefined;
}

export const httpsUrl = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = safeHttpsUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
