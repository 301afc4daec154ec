/**
 * Structured JSON logs for the operator. Callers pass events and ids, never patient data:
 * no names, emails, phone numbers, dates of birth or signatures, and never credentials.
 *
 * As a second line of defence the logger redacts what a careless caller might still pass:
 * fields named like a credential or a patient detail, anything that looks like an email
 * address, and every configured secret value wherever it appears.
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
  /** Values that must never be written (API keys, Turnstile secrets), replaced wherever found. */
  secrets?: readonly string[];
}

/** Written in place of anything redacted. */
export const REDACTED = '[redacted]';

/** Field names whose values are never logged: credentials and patient details. */
const SENSITIVE_FIELD =
  /^(authorization|cookie|set-cookie|password|secret|secretkey|apikey|api_key|token|accesstoken|refreshtoken|turnstiletoken|firstname|lastname|fullname|email|phone|mobile|dateofbirth|dob|medicarenumber|medicareirn|signaturesvg|signature|note|address)$/i;
const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[a-z]{2,}/gi;

/** Returns `fields` with sensitive names, email addresses and secrets redacted. */
export function redactFields(fields: LogFields, secrets: readonly string[] = []): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SENSITIVE_FIELD.test(key)) out[key] = REDACTED;
    else if (typeof value === 'string') out[key] = redactText(value, secrets);
    else out[key] = value;
  }
  return out;
}

function redactText(text: string, secrets: readonly string[]): string {
  let out = text.replace(EMAIL, REDACTED);
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out;
}

/** A logger that writes one JSON object per line. */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  const min = LEVELS[options.minLevel ?? 'info'];
  const secrets = [...(options.secrets ?? [])].sort((a, b) => b.length - a.length);
  return {
    log(level, event, fields = {}) {
      if (LEVELS[level] < min) return;
      write(
        JSON.stringify({
          time: now().toISOString(),
          level,
          event: redactText(event, secrets),
          ...redactFields(fields, secrets),
        }),
      );
    },
  };
}

/** True when `value` names a log level. */
export function isLogLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && value in LEVELS;
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = { log() {} };
