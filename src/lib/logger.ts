import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; pretty-printing is left to the reader (`| npx pino-pretty`). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  });
}
