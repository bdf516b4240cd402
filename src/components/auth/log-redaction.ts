/** Query parameters that carry bearer secrets: capability keys and set-password tokens. */
const SECRET_QUERY = /([?&](?:key|token)=)[^&#]*/gi;
/** Calendar subscription feeds carry their token in the path: /cal/<token>.ics. */
const SECRET_PATH = /(\/cal\/)[^/?#]+?(\.ics)?(?=[?#]|$)/i;

/** The address with secret query values and path tokens replaced, for logs. */
export function redactUrlSecrets(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]').replace(SECRET_PATH, '$1[redacted]$2');
}

/**
 * For pino-http's request serializer: capability links and invitation links carry
 * their secret in the query, and a log line must not be a way in. The parsed
 * `query` is dropped (the redacted `url` shows it).
 */
export function redactRequestForLog<T extends { url?: string; query?: unknown }>(req: T) {
  const { query: _query, ...rest } = req;
  return { ...rest, url: typeof req.url === 'string' ? redactUrlSecrets(req.url) : req.url };
}
