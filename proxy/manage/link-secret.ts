/**
 * Where the secret that signs change-or-cancel links comes from (Node only):
 *
 * - `MANAGE_LINK_SECRET` when set (at least 32 characters; every instance must share it);
 * - otherwise, for the embedded store (no `DATABASE_URL`, not `NODE_ENV=production`), one
 *   generated once and kept in the data folder (`manage-link-secret`, readable by the owner
 *   only), so links keep working across restarts of `npm start`;
 * - otherwise, when any clinic takes changes online, the proxy refuses to start: instances
 *   with different secrets would refuse each other's links, and a secret made up at each start
 *   would break every link on each deploy.
 *
 * When no clinic takes changes, no secret is needed: one is made up for the process (no link
 * is ever handed out).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIN_SECRET_LENGTH, randomManageSecret } from './manage-token.ts';

export const SECRET_FILE = 'manage-link-secret';

export interface LinkSecretSource {
  env: Record<string, string | undefined>;
  /** The embedded store's folder, when the store is embedded. */
  dataDir?: string;
  databaseUrl?: string;
  anyClinicTakesChanges: boolean;
}

export type LinkSecret = { secret: string; source: 'env' | 'data-dir' | 'process' };

/** The secret, or throws an `Error` whose message says what to set. */
export function resolveLinkSecret(source: LinkSecretSource): LinkSecret {
  const fromEnv = source.env.MANAGE_LINK_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new Error(
        `MANAGE_LINK_SECRET must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 32\`).`,
      );
    }
    return { secret: fromEnv, source: 'env' };
  }
  if (!source.anyClinicTakesChanges) return { secret: randomManageSecret(), source: 'process' };
  const production = source.env.NODE_ENV === 'production';
  if (production || source.databaseUrl || !source.dataDir) {
    throw new Error(
      'MANAGE_LINK_SECRET is not set, and a clinic lets patients change or cancel online. Set it to the same random value (at least 32 characters, e.g. `openssl rand -base64 32`) on every instance, or set policy.allowPatientChanges to false.',
    );
  }
  const file = join(source.dataDir, SECRET_FILE);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= MIN_SECRET_LENGTH) return { secret: kept, source: 'data-dir' };
  }
  const secret = randomManageSecret();
  mkdirSync(source.dataDir, { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, source: 'data-dir' };
}
