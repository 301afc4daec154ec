/**
 * Names shared by the widget and the proxy for the booking form's bot checks. Plain
 * constants, so the widget may import them without pulling in any server code.
 */

/**
 * The honeypot: a field hidden from people (off-screen, `aria-hidden`, out of the tab
 * order, `autocomplete="off"`) that form-filling bots fill in. A booking request that
 * carries it non-empty is refused without saying why, and books nothing.
 */
export const HONEYPOT_FIELD = 'website';

/** The Turnstile `action` the widget renders with and the proxy expects back. */
export const TURNSTILE_ACTION = 'book';

/** Cloudflare's limit on a Turnstile token's length. */
export const MAX_TURNSTILE_TOKEN_LENGTH = 2048;
