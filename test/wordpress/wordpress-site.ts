/**
 * A real WordPress for the plugin's test, from Debian's packages: MariaDB and Apache with
 * mod_php, each started in a temporary folder, bound to 127.0.0.1 on a free high port,
 * and stopped (folder and all) afterwards, so runs repeat and leave nothing behind.
 *
 * WordPress itself is Debian's `/usr/share/wordpress`, copied into the folder with a
 * wp-config.php of the test's own (Debian's reads `/etc/wordpress`, which a test should not
 * write). The site's address is `http://clinic.localhost:<port>`: Chromium sends every
 * `*.localhost` name to the loopback interface, and a real host name has a www twin for
 * the plugin's origin check.
 *
 * MariaDB runs with `--skip-grant-tables`: a throwaway server on loopback, where user
 * accounts would only slow the start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DebianWordPress } from './debian-packages.ts';

const TASK_SCRIPT = fileURLToPath(new URL('./wp-task.php', import.meta.url));

export interface WordPressSite {
  /** The home URL, e.g. `http://clinic.localhost:41234`. */
  url: string;
  /** The same server as `http://127.0.0.1:<port>`, for clients that do not resolve `*.localhost` (PHP). */
  loopbackUrl: string;
  /** The WordPress folder (plugins go in `wp-content/plugins`). */
  root: string;
  /** Runs a task of `wp-task.php` and returns its JSON answer. */
  task: (name: string, fields?: Record<string, unknown>) => Record<string, unknown>;
  /** What WordPress logged (PHP notices and warnings included: WP_DEBUG is on). */
  debugLog: () => Promise<string>;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls until `ready` is true, or fails with `what` and the output so far. */
async function waitFor(
  what: string,
  ready: () => Promise<boolean>,
  output: () => Promise<string>,
  ms = 20_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not start in ${ms / 1000} s:\n${await output()}`);
}

function answers(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/wp-login.php', headers: { Host: host } },
      (res) => {
        res.resume();
        resolve((res.statusCode ?? 0) > 0);
      },
    );
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * Starts a server in its own process group: Apache's prefork parent stops its workers by
 * signalling its whole group, which would otherwise include this test process.
 */
function started(command: string, args: string[], log: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // Never outlive the test, even when it dies before its `after` hook runs.
  const orphanGuard = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', orphanGuard);
  child.once('exit', () => process.removeListener('exit', orphanGuard));
  child.stdout.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  return child;
}

function stopped(child: ChildProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function wpConfig(url: string, dbPort: number, dir: string): string {
  const salt = () => randomBytes(32).toString('hex');
  const keys = [
    'AUTH_KEY',
    'SECURE_AUTH_KEY',
    'LOGGED_IN_KEY',
    'NONCE_KEY',
    'AUTH_SALT',
    'SECURE_AUTH_SALT',
    'LOGGED_IN_SALT',
    'NONCE_SALT',
  ];
  return `<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', '127.0.0.1:${dbPort}' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_HOME', '${url}' );
define( 'WP_SITEURL', '${url}' );
${keys.map((key) => `define( '${key}', '${salt()}' );`).join('\n')}
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', '${dir}/debug.log' );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'FS_METHOD', 'direct' );
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
// The machine has no internet: without this, admin pages wait on api.wordpress.org.
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1' );
$table_prefix = 'wp_';
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
`;
}

function apacheConfig(
  debian: DebianWordPress,
  dir: string,
  root: string,
  port: number,
  asRoot: boolean,
): string {
  const module = (name: string) => `LoadModule ${name}_module ${debian.apacheModules}/mod_${name}.so`;
  return `ServerRoot "${dir}"
Listen 127.0.0.1:${port}
ServerName clinic.localhost
PidFile "${dir}/apache.pid"
DefaultRuntimeDir "${dir}"
Mutex file:${dir} default
${module('mpm_prefork')}
${module('authz_core')}
${module('dir')}
${module('mime')}
${module('rewrite')}
LoadModule php_module ${debian.phpModule}
${asRoot ? 'User www-data\nGroup www-data' : ''}
StartServers 2
MinSpareServers 2
MaxSpareServers 4
MaxRequestWorkers 8
ErrorLog "${dir}/apache-error.log"
LogLevel warn
TypesConfig /etc/mime.types
DocumentRoot "${root}"
DirectoryIndex index.php
<Directory "${root}">
  Require all granted
  AllowOverride None
  RewriteEngine On
  RewriteBase /
  RewriteRule ^index\\.php$ - [L]
  RewriteCond %{REQUEST_FILENAME} !-f
  RewriteCond %{REQUEST_FILENAME} !-d
  RewriteRule . /index.php [L]
</Directory>
<FilesMatch "\\.php$">
  SetHandler application/x-httpd-php
</FilesMatch>
`;
}

/** Starts MariaDB and Apache, installs WordPress with this administrator, and returns the site. */
export async function startWordPress(
  debian: DebianWordPress,
  admin: { user: string; password: string; email: string },
): Promise<WordPressSite> {
  const asRoot = userInfo().uid === 0;
  const dir = await mkdtemp(join(tmpdir(), 'cb-wordpress-'));
  // Apache's workers run as www-data when started by root: they must read the folder.
  await chmod(dir, 0o755);
  const root = join(dir, 'wordpress');
  const [dbPort, webPort] = [await freePort(), await freePort()];
  const url = `http://clinic.localhost:${webPort}`;
  const log: string[] = [];
  let mariadb: ChildProcess | undefined;
  let apache: ChildProcess | undefined;
  const stop = async () => {
    await Promise.all([stopped(apache), stopped(mariadb)]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const copy = spawnSync('cp', ['-a', debian.wordpress, root]);
    if (copy.status !== 0) throw new Error(`copying WordPress failed: ${copy.stderr.toString()}`);
    await rm(join(root, 'wp-config.php'), { force: true });
    await writeFile(join(root, 'wp-config.php'), wpConfig(url, dbPort, dir));
    await mkdir(join(root, 'wp-content/uploads'), { recursive: true });
    if (asRoot) {
      // The Administrator installs the plugin through the browser, as WordPress's own user.
      const www = spawnSync('id', ['-u', 'www-data']);
      const uid = Number(www.stdout.toString().trim());
      const chownAll = spawnSync('chown', ['-R', `${uid}:${uid}`, join(root, 'wp-content')]);
      if (chownAll.status !== 0) throw new Error(chownAll.stderr.toString());
      await writeFile(join(dir, 'debug.log'), '');
      await chown(join(dir, 'debug.log'), uid, uid);
    }

    await mkdir(join(dir, 'db'));
    mariadb = started(
      debian.mariadbd,
      [
        '--no-defaults',
        `--datadir=${dir}/db`,
        `--socket=${dir}/mariadb.sock`,
        `--pid-file=${dir}/mariadb.pid`,
        `--port=${dbPort}`,
        '--bind-address=127.0.0.1',
        '--skip-grant-tables',
        '--skip-name-resolve',
        '--innodb-buffer-pool-size=64M',
        '--innodb-flush-log-at-trx-commit=0',
        ...(asRoot ? ['--user=root'] : []),
      ],
      log,
    );
    const sql = (statement: string) =>
      spawnSync('mariadb', ['-h', '127.0.0.1', '-P', String(dbPort), '-u', 'root', '-e', statement])
        .status === 0;
    await waitFor(
      'MariaDB',
      async () => sql('SELECT 1'),
      async () => log.join(''),
    );
    if (!sql('CREATE DATABASE wordpress CHARACTER SET utf8mb4'))
      throw new Error('could not create the database');

    await writeFile(join(dir, 'httpd.conf'), apacheConfig(debian, dir, root, webPort, asRoot));
    apache = started(debian.apache2, ['-f', join(dir, 'httpd.conf'), '-DFOREGROUND'], log);
    await waitFor(
      'Apache',
      () => answers(webPort, `clinic.localhost:${webPort}`),
      async () => `${log.join('')}\n${await readFile(join(dir, 'apache-error.log'), 'utf8').catch(() => '')}`,
    );

    const task = (name: string, fields: Record<string, unknown> = {}) => {
      const run = spawnSync(debian.php, [TASK_SCRIPT, JSON.stringify({ root, url, task: name, ...fields })], {
        encoding: 'utf8',
      });
      const last = run.stdout.trim().split('\n').pop() ?? '';
      if (run.status !== 0) throw new Error(`wp-task ${name} failed: ${run.stdout}${run.stderr}`);
      return JSON.parse(last) as Record<string, unknown>;
    };
    task('install', { title: 'Harbourside Health', ...admin });
    return {
      url,
      loopbackUrl: `http://127.0.0.1:${webPort}`,
      root,
      task,
      debugLog: () => readFile(join(dir, 'debug.log'), 'utf8').catch(() => ''),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
