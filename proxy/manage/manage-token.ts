/**
 * The token in a patient's change-or-cancel link (`booking.manageToken`): the clinic and the
 * appointment it names, signed with HMAC-SHA-256 under the proxy's `MANAGE_LINK_SECRET`.
 *
 * `<payload>.<mac>`, both base64url: URL-safe as it is. The payload holds the clinic id and
 * the practice system's appointment id, nothing about the patient. A token is honoured only
 * for the clinic in the request's path, and only while its appointment has not passed (the
 * routes check the appointment as the practice system now holds it, so a moved booking keeps
 * its link). A forged, altered or foreign token verifies to null: the routes answer every
 * such token with the same 404.
 *
 * WebCrypto only, so the app stays runtime-agnostic.
 */

const VERSION = 'm1';
/** 128 bits of the MAC: unguessable, and keeps links short. */
const MAC_BYTES = 16;
/** Shorter secrets are refused: they could be guessed offline from one token. */
export const MIN_SECRET_LENGTH = 32;

export interface ManagedRef {
  clinicId: string;
  appointmentId: string;
}

export interface ManageTokens {
  sign(ref: ManagedRef): Promise<string>;
  /** The appointment a token names for this clinic, or null for anything else. */
  verify(token: string, clinicId: string): Promise<string | null>;
}

export function createManageTokens(secret: string): ManageTokens {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`MANAGE_LINK_SECRET must be at least ${MIN_SECRET_LENGTH} characters.`);
  }
  const key = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  const mac = async (payload: string) =>
    new Uint8Array(await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(payload))).slice(
      0,
      MAC_BYTES,
    );
  return {
    async sign({ clinicId, appointmentId }) {
      const payload = toBase64Url(new TextEncoder().encode(`${VERSION}|${clinicId}|${appointmentId}`));
      return `${payload}.${toBase64Url(await mac(payload))}`;
    },
    async verify(token, clinicId) {
      const match = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{22})$/.exec(token);
      if (!match) return null;
      const [, payload, signature] = match as unknown as [string, string, string];
      const given = fromBase64Url(signature);
      const expected = await mac(payload);
      if (!given || !constantTimeEqual(given, expected)) return null;
      const decoded = fromBase64Url(payload);
      if (!decoded) return null;
      const [version, tokenClinic, appointmentId, ...rest] = new TextDecoder().decode(decoded).split('|');
      if (version !== VERSION || rest.length > 0 || tokenClinic !== clinicId || !appointmentId) return null;
      return appointmentId;
    },
  };
}

/** A fresh random secret (the embedded default keeps one in its data folder). */
export function randomManageSecret(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
