/**
 * Starts the real proxy (`proxy/node.ts`) in a child process on a free port, as
 * `npm start` does, for end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ProxyProcess {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function startProxyProcess(env: Record<string, string> = {}): Promise<ProxyProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'proxy/node.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`proxy did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', () => {
      const match = /on (http:\/\/localhost:\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    });
    child.on('exit', (code) => reject(new Error(`proxy exited with ${code}:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
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
    return { ...proxy, stop: () => proxy.stop().then(removeDir) };
  } catch (error) {
    await removeDir();
    throw error;
  }
}
