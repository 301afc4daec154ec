/**
 * SHA-256 through Web Crypto, which every runtime the proxy targets has: the digest of a
 * waiver PDF written into its note, an idempotency fingerprint, a derived Turnstile key.
 */

/** The SHA-256 digest of bytes, or of a string's UTF-8. */
export async function sha256(data: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** Bytes as lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The SHA-256 digest as 64 lower-case hex digits. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return toHex(await sha256(data));
}
