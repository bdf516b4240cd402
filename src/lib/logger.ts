import pino, { type DestinationStream, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import { REDACTED, REDACTED_HEADER_PATHS, redactLogLine } from './log-redaction';

export type { Logger };

/** `pretty`: one readable line per event, for a person at a terminal; `json`: one JSON object per line. */
export type LogFormat = 'pretty' | 'json';

/** Readable lines when the output is a terminal; JSON for files, pipes and log collectors. */
export function logFormatFor(output: { isTTY?: boolean }): LogFormat {
  return output.isTTY ? 'pretty' : 'json';
}

export type LoggerOptions = {
  /** Defaults to logFormatFor(process.stdout). */
  format?: LogFormat;
  /** Where the lines go (standard output by default). */
  destination?: NodeJS.WritableStream;
};

/** pino-http's request line as `GET /events/… → 200 (12 ms)`, other events as their message. */
function requestLine(log: Record<string, unknown>, messageKey: string): string {
  const req = log.req as { method?: string; url?: string } | undefined;
  const res = log.res as { statusCode?: number } | undefined;
  const message = String(log[messageKey] ?? '');
  if (!req || !res) return message;
  const time = typeof log.responseTime === 'number' ? ` (${log.responseTime} ms)` : '';
  const outcome = message === 'request completed' ? '' : ` ${message}`;
  return `${req.method} ${req.url} → ${res.statusCode}${time}${outcome}`;
}

function prettyStream(destination: NodeJS.WritableStream | undefined): DestinationStream {
  return pinoPretty({
    destination: destination ?? 1,
    // Colours only where the terminal shows them (pino-pretty checks NO_COLOR and the TTY).
    colorize: destination ? false : pinoPretty.isColorSupported,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,req,res,responseTime',
    messageFormat: requestLine,
    sync: true,
  });
}

/**
 * Structured logs: JSON lines, or readable lines at a terminal. Every line is
 * redacted in one place, whatever the format: secret headers by path, URL secrets in
 * the finished line (see log-redaction.ts), before pino-pretty or the output sees it.
 */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const format = options.format ?? logFormatFor(process.stdout);
  const settings: pino.LoggerOptions = {
    level,
    redact: { paths: REDACTED_HEADER_PATHS, censor: REDACTED },
    hooks: { streamWrite: redactLogLine },
  };
  if (format === 'pretty') return pino(settings, prettyStream(options.destination));
  return options.destination
    ? pino(settings, options.destination as DestinationStream)
    : pino(settings);
}
