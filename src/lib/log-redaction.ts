/**
 * The one redaction every log line goes through (createLogger applies it to the
 * finished JSON line, whatever produced it: request logs, error lines with a URL,
 * messages, stack traces). Secrets reach the server in three places:
 * - headers: Authorization, Cookie / Set-Cookie, X-Capability-Key, X-CSRF-Token
 *   (removed by path, see REDACTED_HEADER_PATHS);
 * - URLs: `key=` (capability links) and `token=` (set-password links) query values,
 *   calendar feed tokens in `/cal/<token>.ics`;
 * - connection strings: the password in `scheme://user:password@host`.
 */
const SECRET_QUERY = /([?&](?:key|token)=)[^&#"\s\\]*/gi;
const SECRET_PATH = /(\/cal\/)[^/?#"\s\\]+?(\.ics)?(?=[?#"\s\\]|$)/gi;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@"]*:)[^@\s"/]+@/gi;

export const REDACTED = '[redacted]';

/** The address with secret query values and path tokens replaced. */
export function redactUrlSecrets(url: string): string {
  return url
    .replace(SECRET_QUERY, `$1${REDACTED}`)
    .replace(SECRET_PATH, `$1${REDACTED}$2`)
    .replace(URL_PASSWORD, `$1${REDACTED}@`);
}

const SECRET_HEADERS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-capability-key',
  'x-csrf-token',
];

/** pino `redact` paths: these headers wherever a request or response is logged. */
export const REDACTED_HEADER_PATHS = SECRET_HEADERS.flatMap((name) => [
  `headers["${name}"]`,
  `*.headers["${name}"]`,
  `*.*.headers["${name}"]`,
]);

/** A secret header as JSON in any letter case: `"X-Capability-Key":"…"` or `"set-cookie":[…]`. */
const SECRET_HEADER_JSON = new RegExp(
  `("(?:${SECRET_HEADERS.join('|')})":)("(?:[^"\\\\]|\\\\.)*"|\\[[^\\]]*\\])`,
  'gi',
);

/**
 * A finished log line with every URL secret and every secret header value replaced
 * (header paths are redacted by pino too; this also catches other letter cases and
 * headers logged under other names).
 */
export const redactLogLine = (line: string): string =>
  redactUrlSecrets(line).replace(SECRET_HEADER_JSON, `$1"${REDACTED}"`);
