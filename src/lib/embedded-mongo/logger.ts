/**
 * What the engine needs from a logger: the subset of pino's interface it uses,
 * so that a caller passes its own pino logger (or anything shaped alike) and the
 * engine depends on no logging library and on nothing of the app around it.
 */
export type LogMethod = (fields: object, message?: string) => void;

export interface EngineLogger {
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  debug: LogMethod;
  child(bindings: Record<string, unknown>): EngineLogger;
}

export type EngineLogLevel = 'error' | 'warn' | 'info' | 'debug';

/** The engine's levels, most severe first (pino's order and names). */
export const ENGINE_LOG_LEVELS: readonly EngineLogLevel[] = ['error', 'warn', 'info', 'debug'];

/** Discards everything: the default when the caller passes no logger. */
export const silentLogger: EngineLogger = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => silentLogger,
};

/**
 * A logger that hands every entry at or above `threshold` to `write`, with the
 * bindings of its `child()` calls merged in. The engine thread uses it to pass its
 * entries to the caller's logger on the main thread. A threshold that is not one of
 * the four levels above `debug` (pino's `fatal` or `silent`) lets nothing through,
 * `trace` lets everything through.
 */
export function forwardingLogger(
  threshold: string,
  write: (level: EngineLogLevel, fields: Record<string, unknown>, message?: string) => void,
  bindings: Record<string, unknown> = {},
): EngineLogger {
  const limit =
    threshold === 'trace'
      ? ENGINE_LOG_LEVELS.length - 1
      : ENGINE_LOG_LEVELS.indexOf(threshold as EngineLogLevel);
  const method =
    (level: EngineLogLevel): LogMethod =>
    (fields, message) => {
      if (ENGINE_LOG_LEVELS.indexOf(level) > limit) return;
      write(level, { ...bindings, ...(fields as Record<string, unknown>) }, message);
    };
  return {
    error: method('error'),
    warn: method('warn'),
    info: method('info'),
    debug: method('debug'),
    child: (more) => forwardingLogger(threshold, write, { ...bindings, ...more }),
  };
}
