/**
 * Starts the real proxy (`proxy/node.ts`) in a child process on a free port, as
 * `npm start` does, for end-to-end tests. Each process gets its own embedded store in a
 * temp folder unless the caller gives `DATA_DIR` or `DATABASE_URL`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ProxyProcess {
  url: string;
  /** The child's process id (to signal it). */
  pid: number;
  output: () => string;
  /** SIGTERM, and waits for the exit; resolves with the exit code. */
  stop: () => Promise<number | null>;
  /** SIGKILL: the process dies at once, mid-whatever. */
  kill: () => Promise<void>;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function startProxyProcess(env: Record<string, string> = {}): Promise<ProxyProcess> {
  const ownDataDir = !env.DATA_DIR && !env.DATABASE_URL ? mkdtempSync(join(tmpdir(), 'proxy-data-')) : null;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'proxy/node.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      ...(ownDataDir ? { DATA_DIR: ownDataDir } : {}),
      // Instances on one database share one link secret, as a deployment must.
      ...(env.DATABASE_URL ? { MANAGE_LINK_SECRET: 'e2e-shared-manage-link-secret-0123456789' } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`proxy did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      const match = /on (http:\/\/localhost:\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`proxy exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * The proxy process serving the clinics of `clinicsFile` (its text), as an operator runs it
 * with `CLINICS_CONFIG`; `stop()` also removes the file.
 */
export async function startProxyWithClinics(
  clinicsFile: string,
  env: Record<string, string> = {},
): Promise<ProxyProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'clinics-e2e-'));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  try {
    const config = join(dir, 'clinics.json');
    await writeFile(config, clinicsFile);
    const proxy = await startProxyProcess({ CLINICS_CONFIG: config, ...env });
    return {
      ...proxy,
      stop: async () => {
        const code = await proxy.stop();
        await removeDir();
        return code;
      },
    };
  } catch (error) {
    await removeDir();
    throw error;
  }
}
