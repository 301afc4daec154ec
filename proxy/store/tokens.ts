/** Small helpers the store implementations share. */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** An unguessable token naming one claim or lock holder. */
export function newToken(): string {
  return crypto.randomUUID();
}
