/**
 * Where to go after signing in: only a path on this site. Anything that a browser
 * could read as another origin — absolute URLs, protocol-relative `//host`,
 * backslashes (browsers treat `/\host` like `//host`), control characters — falls
 * back to `/`.
 */
export function safeNextPath(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return '/';
  const base = 'http://forumkit.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  // Never send someone back to the sign-in form itself.
  if (url.pathname === '/sign-in') return '/';
  return url.pathname + url.search + url.hash;
}
