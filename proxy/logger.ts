/**
 * Structured JSON logs for the operator. Callers pass events and ids, never patient data:
 * no names, emails, phone numbers, dates of birth or signatures, and never credentials.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLoggerOptions {
  /** Where each JSON line goes; default the console. */
  write?: (line: string) => void;
  now?: () => Date;
  /** Lines below this level are dropped; default `info`. */
  minLevel?: LogLevel;
}

/** A logger that writes one JSON object per line. */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  const min = LEVELS[options.minLevel ?? 'info'];
  return {
    log(level, event, fields = {}) {
      if (LEVELS[level] < min) return;
      write(JSON.stringify({ time: now().toISOString(), level, event, ...fields }));
    },
  };
}

/** True when `value` names a log level. */
export function isLogLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && value in LEVELS;
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = { log() {} };
