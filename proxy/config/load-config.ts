/**
 * Turning the clinics file's JSON into validated clinic configs, with errors that name the
 * field. Runtime-agnostic: the Node entry reads the file and passes its text here.
 */
import { DEMO_CLINICS, DEMO_PRACTICES } from './demo-clinic.ts';
import { clinicsFileSchema, type ClinicConfig, type ClinicsFile } from './clinic-config.ts';
import type { PracticeConfig } from './practice-config.ts';
import { referencedEnvValues, resolveEnvReferences } from './resolve-env.ts';

/** Thrown when the clinics file is unusable; the message lists every problem, one per line. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the clinics file's clinics. Without a file (`text` undefined) the built-in demo
 * clinics serve (`demo`, `demo-bondi`, `demo-coastal`, `demo-northside`).
 */
export function loadClinicsConfig(
  text: string | undefined,
  env: Record<string, string | undefined>,
): ClinicConfig[] {
  return parseClinicsFile(text, env).clinics;
}

/**
 * Parses the whole clinics file: its clinics and its practices. Without a file, the demo
 * clinics and the demo practice (`harbourside-group`).
 */
export function parseClinicsFile(
  text: string | undefined,
  env: Record<string, string | undefined>,
): ClinicsFile {
  if (text === undefined)
    return clinicsFileSchema.parse({ clinics: DEMO_CLINICS, practices: DEMO_PRACTICES });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The clinics file is not valid JSON: ${(error as Error).message}`);
  }
  const { value, problems } = resolveEnvReferences(json, env);
  if (problems.length > 0) {
    throw new ConfigError(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  }
  const result = clinicsFileSchema.safeParse(value);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
    throw new ConfigError(lines.join('\n'));
  }
  return result.data;
}

function formatPath(path: PropertyKey[]): string {
  return (
    path.reduce<string>(
      (out, key) =>
        typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key),
      '',
    ) || '(file)'
  );
}

/**
 * Parses the clinics file and also returns its secrets: the values of every `env:` reference,
 * for the logger to redact wherever they might appear.
 */
export function loadClinicsFile(
  text: string | undefined,
  env: Record<string, string | undefined>,
): { configs: ClinicConfig[]; practices: PracticeConfig[]; secrets: string[] } {
  const { clinics, practices } = parseClinicsFile(text, env);
  return {
    configs: clinics,
    practices,
    secrets: text === undefined ? [] : referencedEnvValues(JSON.parse(text), env),
  };
}
