/**
 * `"env:NAME"` references in the clinics file, so secrets live in the environment and the
 * file can be committed.
 */

export interface EnvProblem {
  path: string;
  message: string;
}

/**
 * Returns a deep copy of `value` with every string `"env:NAME"` replaced by `env[NAME]`,
 * and the problems found (a reference to an unset variable), each with the field's path.
 */
export function resolveEnvReferences(
  value: unknown,
  env: Record<string, string | undefined>,
  path = '',
): { value: unknown; problems: EnvProblem[] } {
  const problems: EnvProblem[] = [];
  const walk = (node: unknown, at: string): unknown => {
    if (typeof node === 'string' && node.startsWith('env:')) {
      const name = node.slice(4);
      const resolved = env[name];
      if (resolved === undefined || resolved === '') {
        problems.push({ path: at, message: `environment variable ${name} is not set` });
        return node;
      }
      return resolved;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${at}[${i}]`));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, item]) => [key, walk(item, at ? `${at}.${key}` : key)]),
      );
    }
    return node;
  };
  return { value: walk(value, path), problems };
}

/**
 * The values of every environment variable `value` refers to with `"env:NAME"`: the
 * secrets a clinics file keeps out of itself, which the logger must never write.
 */
export function referencedEnvValues(value: unknown, env: Record<string, string | undefined>): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node === 'string' && node.startsWith('env:')) {
      const resolved = env[node.slice(4)];
      if (resolved) found.add(resolved);
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(value);
  return [...found];
}
