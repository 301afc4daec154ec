/** Small helpers the store implementations share. */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The SHA-256 of a text, as hex: ids in the store that must not reveal what they name. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** An unguessable token naming one claim or lock holder. */
export function newToken(): string {
  return crypto.randomUUID();
}
