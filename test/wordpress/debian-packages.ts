/**
 * Whether this machine has the Debian packages the real-WordPress test runs on
 * (`wordpress`, `mariadb-server`, `apache2`, `libapache2-mod-php`, `php-mysql`, `php-cli`
 * and the two themes), and where their files are. `.ci/run` installs them; a developer
 * without them gets a loud skip, never a silent pass.
 */
import { existsSync, readdirSync } from 'node:fs';

export interface DebianWordPress {
  wordpress: string;
  mariadbd: string;
  apache2: string;
  apacheModules: string;
  phpModule: string;
  php: string;
}

/** What each needed file comes from, for the message when one is missing. */
const NEEDED: Array<{ path: string; from: string }> = [
  { path: '/usr/share/wordpress/wp-settings.php', from: 'wordpress' },
  {
    path: '/usr/share/wordpress/wp-content/themes/twentytwentythree/theme.json',
    from: 'wordpress-theme-twentytwentythree',
  },
  {
    path: '/usr/share/wordpress/wp-content/themes/twentytwentyone/style.css',
    from: 'wordpress-theme-twentytwentyone',
  },
  { path: '/usr/sbin/mariadbd', from: 'mariadb-server' },
  { path: '/usr/sbin/apache2', from: 'apache2' },
  { path: '/usr/bin/php', from: 'php-cli' },
];

function phpApacheModule(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir).find((file) => /^libphp[\d.]*\.so$/.test(file));
  return name ? `${dir}/${name}` : undefined;
}

function phpHasMysqli(): boolean {
  if (!existsSync('/etc/php')) return false;
  return readdirSync('/etc/php').some((version) =>
    existsSync(`/etc/php/${version}/apache2/conf.d/20-mysqli.ini`),
  );
}

/** The paths to use, or the Debian packages that are missing. */
export function findDebianWordPress(): { found: DebianWordPress } | { missing: string[] } {
  const missing = NEEDED.filter((n) => !existsSync(n.path)).map((n) => n.from);
  const apacheModules = '/usr/lib/apache2/modules';
  const phpModule = phpApacheModule(apacheModules);
  if (!phpModule) missing.push('libapache2-mod-php');
  if (!phpHasMysqli()) missing.push('php-mysql');
  if (missing.length > 0 || !phpModule) return { missing };
  return {
    found: {
      wordpress: '/usr/share/wordpress',
      mariadbd: '/usr/sbin/mariadbd',
      apache2: '/usr/sbin/apache2',
      apacheModules,
      phpModule,
      php: '/usr/bin/php',
    },
  };
}
