/**
 * Structured JSON logs for the operator. Callers pass events and ids, never patient data:
 * no names, emails, phone numbers, dates of birth or signatures, and never credentials.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

/** A logger that writes one JSON object per line through `write` (default: the console). */
export function createJsonLogger(write: (line: string) => void = (line) => console.log(line), now: () => Date = () => new Date()): Logger {
  return {
    log(level, event, fields = {}) {
      write(JSON.stringify({ time: now().toISOString(), level, event, ...fields }));
    },
  };
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = { log() {} };
