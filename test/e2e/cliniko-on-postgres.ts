/**
 * What the multi-instance e2e suites run proxy processes against: the fake Cliniko over HTTP,
 * a real PostgreSQL server, and a clinics file for one Cliniko clinic on them, in a temp
 * folder. `env` is what each proxy process needs to serve that clinic from that database.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClinikoFake } from '../fakes/cliniko/cliniko-fake.ts';
import { serveHandlers, type FakeHttpServer } from '../fakes/msw-http-server.ts';
import { CLINIKO_ENV, clinikoClinicsFile } from '../helpers/cliniko-proxy.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.ts';

export interface ClinikoOnPostgres {
  fake: ClinikoFake;
  cliniko: FakeHttpServer;
  postgres: PostgresServer;
  /** The temp folder (for more clinics files); removed by `close`. */
  dir: string;
  /** `CLINICS_CONFIG`, `DATABASE_URL`, the Cliniko key, and `extraEnv`. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * @param clinic the clinic's fields besides its provider, as the clinics file writes them
 * @param extraEnv more environment for the proxy processes (sweep interval, webhook secrets …)
 * @param fake the fake to serve, when the suite made it already
 */
export async function startClinikoOnPostgres(
  clinic: Record<string, unknown>,
  extraEnv: Record<string, string> = {},
  fake = new ClinikoFake(),
): Promise<ClinikoOnPostgres> {
  const [cliniko, postgres] = await Promise.all([
    serveHandlers(fake.handlers(), 'https://api.au2.cliniko.com'),
    startPostgres(),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'cliniko-on-postgres-'));
  const config = join(dir, 'clinics.json');
  await writeFile(config, clinikoClinicsFile({ baseUrl: `${cliniko.origin}/v1` }, clinic));
  return {
    fake,
    cliniko,
    postgres,
    dir,
    env: {
      CLINICS_CONFIG: config,
      DATABASE_URL: await postgres.database(),
      ...CLINIKO_ENV,
      ...extraEnv,
    },
    async close() {
      await cliniko.close();
      await postgres.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
