/**
 * Halaxy's OAuth client-credentials token, cached and renewed.
 *
 * - `POST {base}/oauth/token` with a JSON body (not form-encoded, no scope): permissions
 *   are toggled on the API key in Halaxy, not requested here.
 * - The answer says `expires_in: 3600` but Halaxy's docs say tokens last 15 minutes, so a
 *   token is used for at most 15 minutes less a safety margin, whatever it says.
 * - One request at a time: callers that need a token while one is being fetched share it.
 * - After a 401 (`refresh`), the token that was refused is dropped and a new one fetched,
 *   unless another request already replaced it.
 */
import { z } from 'zod';
import { ApiError } from '../../http/api-error.ts';
import type { Logger } from '../../logger.ts';
import type { UpstreamAuth, UpstreamClient } from '../../upstream/upstream-client.ts';

/** Halaxy's documented token lifetime, whatever `expires_in` says. */
export const TOKEN_MAX_LIFETIME_MS = 15 * 60_000;
/** A token is renewed this long before it would expire. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});

const tokenErrorSchema = z.object({ error: z.string().max(100) });

export interface TokenManagerOptions {
  /** A client for the token endpoint, with no auth of its own. */
  upstream: UpstreamClient;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  clinicId: string;
  logger: Logger;
  now: () => number;
}

interface Token {
  value: string;
  renewAt: number;
}

export class HalaxyTokenManager implements UpstreamAuth {
  readonly #o: TokenManagerOptions;
  #token: Token | null = null;
  #pending: Promise<Token> | null = null;

  constructor(options: TokenManagerOptions) {
    this.#o = options;
  }

  async headers(): Promise<Record<string, string>> {
    return { Authorization: `Bearer ${(await this.#current()).value}` };
  }

  /** After a 401: renews the refused token, once, however many requests saw it refused. */
  async refresh(rejected: Record<string, string>): Promise<boolean> {
    this.invalidate(rejected.Authorization);
    await this.#current();
    return true;
  }

  /**
   * Forgets the token that was refused (given as its `Authorization` header), so the next
   * request fetches a new one; a token that has already been replaced is left alone.
   */
  invalidate(rejectedAuthorization: string | undefined): void {
    if (
      this.#token &&
      (rejectedAuthorization === undefined || rejectedAuthorization === `Bearer ${this.#token.value}`)
    ) {
      this.#token = null;
    }
  }

  #current(): Promise<Token> {
    if (this.#token && this.#o.now() < this.#token.renewAt) return Promise.resolve(this.#token);
    if (!this.#pending) {
      this.#pending = this.#fetch().finally(() => {
        this.#pending = null;
      });
    }
    return this.#pending;
  }

  async #fetch(): Promise<Token> {
    const o = this.#o;
    const requestedAt = o.now();
    const response = await o.upstream.send({
      method: 'POST',
      url: o.tokenUrl,
      operation: 'oauth.token',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: o.clientId,
        client_secret: o.clientSecret,
      }),
    });
    const body: unknown = await response.json().catch(() => null);
    const answer = response.ok ? tokenAnswerSchema.safeParse(body) : null;
    if (!answer?.success) {
      const refusal = tokenErrorSchema.safeParse(body);
      o.logger.log('error', 'halaxy.token_refused', {
        clinicId: o.clinicId,
        status: response.status,
        error: refusal.success ? refusal.data.error : 'unreadable_answer',
        hint: 'Check the clinic’s Halaxy Client ID and Client Secret.',
      });
      throw new ApiError(
        502,
        'upstream_error',
        'Online booking is not available right now. Please call the clinic to book.',
      );
    }
    const statedMs = (answer.data.expires_in ?? Infinity) * 1000;
    const lifetime = Math.min(statedMs, TOKEN_MAX_LIFETIME_MS);
    const token = {
      value: answer.data.access_token,
      renewAt: requestedAt + Math.max(lifetime - TOKEN_REFRESH_MARGIN_MS, lifetime / 2),
    };
    this.#token = token;
    return token;
  }
}
