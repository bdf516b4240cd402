import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACTED, REDACTED_HEADER_PATHS, redactLogLine } from './log-redaction';

export type { Logger };

/**
 * Structured JSON logs; pretty-printing is left to the reader (`| npx pino-pretty`).
 * Every line is redacted in one place: secret headers by path, URL secrets in the
 * finished line (see log-redaction.ts). `destination` is for tests.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACTED_HEADER_PATHS, censor: REDACTED },
    hooks: { streamWrite: redactLogLine },
  };
  return destination ? pino(options, destination) : pino(options);
}
