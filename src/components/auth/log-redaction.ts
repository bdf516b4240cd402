import { redactUrlSecrets } from '../../lib/log-redaction';

export { redactUrlSecrets };

/**
 * For pino-http's request serializer: capability links and invitation links carry
 * their secret in the query, and a log line must not be a way in. The parsed
 * `query` is dropped (the redacted `url` shows it). Every line is redacted once more
 * by the logger itself (src/lib/log-redaction.ts).
 */
export function redactRequestForLog<T extends { url?: string; query?: unknown }>(req: T) {
  const { query: _query, ...rest } = req;
  return { ...rest, url: typeof req.url === 'string' ? redactUrlSecrets(req.url) : req.url };
}
