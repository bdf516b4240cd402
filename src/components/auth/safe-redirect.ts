/** Stands in for the app's origin when none is given; only the comparison matters. */
const FALLBACK_ORIGIN = 'http://forumkit.invalid';

/**
 * Where to go after signing in: only a path on this site. `raw` is resolved with the
 * URL parser against the app's own origin, and the result is accepted only when it
 * stays on that origin *and* the path it yields, read again by a browser, still does.
 * Dot segments are what make the second check necessary: `/.//evil.example`,
 * `/a/..//evil.example` and `/%2e//evil.example` all resolve to the path
 * `//evil.example`, which a browser reads as another host. Anything else that could
 * leave the site — absolute URLs, `//host`, backslashes (browsers treat `/\host` like
 * `//host`), control characters — falls back to `/`.
 */
export function safeNextPath(raw: unknown, appOrigin: string = FALLBACK_ORIGIN): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return '/';
  const origin = originOf(appOrigin);
  const resolved = parse(raw, origin);
  if (!resolved || resolved.origin !== origin) return '/';
  const path = resolved.pathname + resolved.search + resolved.hash;
  // The path must be a path (one leading slash, no backslash) and mean the same place again.
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return '/';
  const reread = parse(path, origin);
  if (!reread || reread.origin !== origin || reread.pathname !== resolved.pathname) return '/';
  // Never send someone back to the sign-in form itself.
  if (resolved.pathname === '/sign-in') return '/';
  return path;
}

function originOf(base: string): string {
  return parse(base, FALLBACK_ORIGIN)?.origin ?? FALLBACK_ORIGIN;
}

function parse(input: string, base: string): URL | undefined {
  try {
    return new URL(input, base);
  } catch {
    return undefined;
  }
}
